using System.Diagnostics;
using System.Text.Json.Nodes;
using Governance.Aws.CodeArtifact;
using Governance.Aws.CodeArtifact.Model;

namespace Governance.Cli.Local;

/// <summary>A small npm package to publish: CodeArtifact takes its license from the package.json written here.</summary>
public sealed record NpmPackageSpec(string? Scope, string Name, string Version, string? License, string Description)
{
    public string FullName => Scope is null ? Name : $"@{Scope}/{Name}";
}

/// <summary>
/// Publishes with the real npm client against a repository's npm endpoint, authenticated with a CodeArtifact
/// authorization token in a private .npmrc — how teams publish, so license metadata arrives the real way.
/// </summary>
public static class NpmPackagePublisher
{
    public static async Task PublishAsync(
        CodeArtifactClient client, string domain, string repository, NpmPackageSpec package, string workFolder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(package);
        var token = (await client.GetAuthorizationTokenAsync(new GetAuthorizationTokenRequest { Domain = domain }, cancellationToken).ConfigureAwait(false)).AuthorizationToken!;
        var registry = (await client.GetRepositoryEndpointAsync(new GetRepositoryEndpointRequest { Domain = domain, Repository = repository, Format = "npm" }, cancellationToken).ConfigureAwait(false)).RepositoryEndpoint!;
        var folder = Path.Combine(workFolder, $"npm-{package.Name}-{package.Version}");
        Directory.CreateDirectory(folder);
        var manifest = new JsonObject
        {
            ["name"] = package.FullName,
            ["version"] = package.Version,
            ["description"] = package.Description,
            ["main"] = "index.js",
            ["license"] = package.License,
        };
        await File.WriteAllTextAsync(Path.Combine(folder, "package.json"), manifest.ToJsonString(), cancellationToken).ConfigureAwait(false);
        // Unique content: each package's tarball, and so its hashes, differ.
        await File.WriteAllTextAsync(Path.Combine(folder, "index.js"), $"module.exports = '{Guid.NewGuid():N}';\n", cancellationToken).ConfigureAwait(false);
        var endpoint = new Uri(registry);
        var npmrc = Path.Combine(folder, ".npmrc");
        var scopeLine = package.Scope is null ? "" : $"@{package.Scope}:registry={registry}\n";
        await File.WriteAllTextAsync(npmrc,
            $"registry={registry}\n{scopeLine}//{endpoint.Authority}{endpoint.AbsolutePath}:_authToken={token}\n", cancellationToken).ConfigureAwait(false);
        await RunNpmPublishAsync(folder, npmrc, Path.Combine(workFolder, "npm-cache"), package, cancellationToken).ConfigureAwait(false);
    }

    private static async Task RunNpmPublishAsync(string folder, string npmrc, string cache, NpmPackageSpec package, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string> { ["npm_config_cache"] = cache, ["npm_config_update_notifier"] = "false" };
        var publish = await ChildProcess.RunAsync(
            "npm", ["publish", "--userconfig", npmrc, "--no-audit", "--no-fund", "--loglevel", "error"], folder, environment, cancellationToken).ConfigureAwait(false);
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"npm publish {package.FullName}@{package.Version} failed (exit {publish.ExitCode}): {publish.Errors}{publish.Output}");
        }
    }
}
