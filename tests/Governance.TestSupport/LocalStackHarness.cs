using System.Text.Json;
using Governance.Local;
using Governance.Local.Faults;

namespace Governance.TestSupport;

/// <summary>
/// An in-process local stack on a free loopback port with its own data folder, and the real aws CLI pointed at it.
/// The harness most protocol tests start from.
/// </summary>
public sealed class LocalStackHarness : IAsyncDisposable
{
    private readonly TempFolder? _ownedFolder;

    private LocalStackHarness(LocalStack stack, TempFolder? ownedFolder)
    {
        Stack = stack;
        _ownedFolder = ownedFolder;
    }

    public LocalStack Stack { get; }

    public string DataFolder => Stack.Options.DataFolder;

    /// <summary>The stack's base address, e.g. <c>http://127.0.0.1:43121</c>.</summary>
    public string Endpoint => Stack.BaseUrl.GetLeftPart(UriPartial.Authority);

    /// <param name="configure">Anything else the test sets (public registry stand-in folders, switches).</param>
    public static async Task<LocalStackHarness> StartAsync(
        string? dataFolder = null, FaultSettings? faults = null, string? npmjsDirectory = null, Func<LocalStackOptions, LocalStackOptions>? configure = null)
    {
        var owned = dataFolder is null ? new TempFolder("gov-stack") : null;
        var options = new LocalStackOptions
        {
            Port = 0,
            DataFolder = dataFolder ?? owned!.Path,
            Faults = faults ?? FaultSettings.None,
            NpmjsDirectory = npmjsDirectory,
        };
        var stack = new LocalStack(configure?.Invoke(options) ?? options);
        using var startup = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await stack.StartAsync(startup.Token);
        return new LocalStackHarness(stack, owned);
    }

    /// <summary>A stack with one domain and one repository in it, created with the real aws CLI.</summary>
    public static async Task<LocalStackHarness> StartWithRepositoryAsync(string domain, string repository)
    {
        var stack = await StartAsync();
        await stack.AwsJsonAsync("codeartifact", "create-domain", "--domain", domain);
        await stack.AwsJsonAsync("codeartifact", "create-repository", "--domain", domain, "--repository", repository);
        return stack;
    }

    /// <summary>The aws CLI / boto3 environment for this stack (test credentials and the default region unless given).</summary>
    public Dictionary<string, string> ClientEnvironment(string? secretKey = null, string? accessKey = null, string region = AwsClientEnvironment.DefaultRegion) =>
        AwsClientEnvironment.For(Endpoint, region, accessKey ?? "test", secretKey ?? "test");

    /// <summary>Runs <c>aws …</c> against this stack with JSON output.</summary>
    public Task<ProcessResult> AwsAsync(
        IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null, string? workingDirectory = null) =>
        ProcessRunner.RunAsync("aws", ["--endpoint-url", Endpoint, "--output", "json", .. arguments], environment ?? ClientEnvironment(), workingDirectory, timeout);

    /// <summary>Runs <c>aws …</c>, requires exit 0, and returns the parsed output (an empty object when there is none).</summary>
    public async Task<JsonElement> AwsJsonAsync(params string[] arguments)
    {
        var result = await AwsAsync(arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"aws {string.Join(' ', arguments)} failed: {result}");
        }

        return string.IsNullOrWhiteSpace(result.StandardOutput)
            ? JsonDocument.Parse("{}").RootElement.Clone()
            : JsonDocument.Parse(result.StandardOutput).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        await Stack.DisposeAsync();
        _ownedFolder?.Dispose();
    }
}
