using Governance.Local.Tests.Support;
using Governance.TestSupport;

namespace Governance.Local.Tests.Npm;

/// <summary>A working folder whose .npmrc points the real npm client at one repository of the local stack, with its token.</summary>
public sealed class NpmRepositoryFolder
{
    private NpmRepositoryFolder(string path, string endpoint, string token)
    {
        Path = path;
        Endpoint = endpoint;
        Token = token;
    }

    public string Path { get; }

    public string Endpoint { get; }

    public string Token { get; }

    public static async Task<NpmRepositoryFolder> CreateAsync(LocalStackHarness stack, string domain, string repository, string path)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var endpoint = await stack.RepositoryEndpointAsync(domain, repository, "npm");
        var token = await stack.AuthorizationTokenAsync(domain);
        await NpmClientEnvironment.WriteNpmrcAsync(path, endpoint, token);
        return new NpmRepositoryFolder(path, endpoint, token);
    }

    /// <summary>Runs <c>npm</c> with the arguments in this folder.</summary>
    public Task<ProcessResult> NpmAsync(params string[] args) =>
        ProcessRunner.RunAsync("npm", args, NpmClientEnvironment.For(Path), Path, TimeSpan.FromSeconds(120));

    /// <summary>Writes package.json (and an index.js carrying <paramref name="content"/>) and runs <c>npm publish</c> with extra arguments.</summary>
    public async Task<ProcessResult> PublishAsync(string manifest, string content, params string[] extra)
    {
        await File.WriteAllTextAsync(System.IO.Path.Combine(Path, "package.json"), manifest);
        await File.WriteAllTextAsync(System.IO.Path.Combine(Path, "index.js"), content);
        return await NpmAsync(["publish", .. extra]);
    }
}
