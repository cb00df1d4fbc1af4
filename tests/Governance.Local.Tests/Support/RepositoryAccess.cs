using Governance.TestSupport;

namespace Governance.Local.Tests.Support;

/// <summary>
/// What a package client (npm, mvn, a raw HTTP request) needs before it talks to a repository of the local stack, asked
/// of the stack with the real aws CLI as the user guide's walkthroughs do.
/// </summary>
public static class RepositoryAccess
{
    /// <summary><c>aws codeartifact get-repository-endpoint</c>: the repository's URL for <paramref name="format"/>, ending with '/'.</summary>
    public static async Task<string> RepositoryEndpointAsync(this LocalStackHarness stack, string domain, string repository, string format) =>
        (await stack.AwsJsonAsync("codeartifact", "get-repository-endpoint", "--domain", domain, "--repository", repository, "--format", format))
        .GetProperty("repositoryEndpoint").GetString()!;

    /// <summary><c>aws codeartifact get-authorization-token</c>: the bearer token for the domain's repositories.</summary>
    public static async Task<string> AuthorizationTokenAsync(this LocalStackHarness stack, string domain) =>
        (await stack.AwsJsonAsync("codeartifact", "get-authorization-token", "--domain", domain)).GetProperty("authorizationToken").GetString()!;
}
