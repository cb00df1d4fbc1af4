using Governance.TestSupport;

namespace Governance.Local.Tests.CodeArtifact;

/// <summary>
/// ListRepositories and ListRepositoriesInDomain with the real aws CLI, as the user guide's "List repositories"
/// (https://docs.aws.amazon.com/codeartifact/latest/ug/list-repos.html) shows them: every repository of the account,
/// or of one domain, optionally by name prefix, as RepositorySummary entries.
/// </summary>
public sealed class RepositoryListingTests : IAsyncLifetime
{
    private LocalStackHarness _stack = null!;

    public async Task InitializeAsync()
    {
        _stack = await LocalStackHarness.StartWithRepositoryAsync("alpha", "team-a");
        await _stack.AwsJsonAsync("codeartifact", "create-repository", "--domain", "alpha", "--repository", "team-b");
        await _stack.AwsJsonAsync("codeartifact", "create-repository", "--domain", "alpha", "--repository", "ops");
        await _stack.AwsJsonAsync("codeartifact", "create-domain", "--domain", "beta");
        await _stack.AwsJsonAsync("codeartifact", "create-repository", "--domain", "beta", "--repository", "team-c");
    }

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task ListRepositories_AcrossDomainsAndInOneDomain_ShouldFilterByPrefix()
    {
        var all = await _stack.AwsJsonAsync("codeartifact", "list-repositories", "--repository-prefix", "team-");
        var inDomain = await _stack.AwsJsonAsync("codeartifact", "list-repositories-in-domain", "--domain", "alpha");

        Assert.Equal(["alpha/team-a", "alpha/team-b", "beta/team-c"],
            all.GetProperty("repositories").EnumerateArray().Select(r => r.GetProperty("domainName").GetString() + "/" + r.GetProperty("name").GetString()).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(["ops", "team-a", "team-b"], inDomain.GetProperty("repositories").EnumerateArray().Select(r => r.GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ToArray());
        Assert.All(inDomain.GetProperty("repositories").EnumerateArray(), r => Assert.StartsWith("arn:aws:codeartifact:", r.GetProperty("arn").GetString(), StringComparison.Ordinal));
    }
}
