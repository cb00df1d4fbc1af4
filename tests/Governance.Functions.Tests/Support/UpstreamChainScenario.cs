using System.Net.Http.Headers;
using System.Text;

namespace Governance.Functions.Tests.Support;

/// <summary>
/// What the end-to-end scenarios that bring third-party versions through the walkthrough's upstream chain share: a
/// work folder of their own (public-registry stand-ins, policy and clock files) and an HTTP client that fetches
/// through the governed repository's endpoint, authenticated as npm or Maven is.
/// </summary>
/// <param name="store">The repository holding the external connection.</param>
/// <param name="governed">The repository the team uses, with <paramref name="store"/> as its upstream.</param>
public abstract class UpstreamChainScenario(string store, string governed) : IDisposable
{
    protected TempFolder Work { get; } = new("governance-e2e-work");

    protected HttpClient Http { get; } = new();

    /// <summary>
    /// Creates the chain on <paramref name="stack"/> and returns the governed repository's endpoint for
    /// <paramref name="format"/>, with <see cref="Http"/> sending its token as that client does (npm: Bearer;
    /// Maven: Basic <c>aws:TOKEN</c>).
    /// </summary>
    protected async Task<string> CreateChainAsync(StackHarness stack, string connection, string format)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var (endpoint, token) = await stack.CreateUpstreamChainAsync(store, governed, connection, format);
        Http.DefaultRequestHeaders.Authorization = format == "npm"
            ? new AuthenticationHeaderValue("Bearer", token)
            : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("aws:" + token)));
        return endpoint;
    }

    public void Dispose()
    {
        Http.Dispose();
        Work.Dispose();
    }
}
