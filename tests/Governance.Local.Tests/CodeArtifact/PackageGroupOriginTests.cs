using System.Security.Cryptography;
using System.Text.Json;
using Governance.Local.Tests.Npm;
using Governance.Local.Tests.Support;
using Governance.Local.Upstream;
using Governance.TestSupport;

namespace Governance.Local.Tests.CodeArtifact;

/// <summary>
/// Issue 14, point 2: package group origin restrictions gate the ways a version enters a repository, as the user
/// guide's "Package group origin controls" (https://docs.aws.amazon.com/codeartifact/latest/ug/package-group-origin-controls.html)
/// describes: PUBLISH with the aws CLI, INTERNAL_UPSTREAM and EXTERNAL_UPSTREAM with the real npm client.
/// </summary>
public sealed class PackageGroupOriginTests : IAsyncLifetime
{
    private const string Domain = "origins";
    private readonly TempFolder _work = new();
    private LocalStackHarness _stack = null!;

    public async Task InitializeAsync()
    {
        var registry = Path.Combine(_work.Path, "registry");
        Directory.CreateDirectory(registry);
        await AddToRegistryAsync(registry, """{"name":"left-pad","version":"1.3.0","license":"WTFPL","main":"index.js"}""");
        _stack = await LocalStackHarness.StartAsync(npmjsDirectory: registry);
        await _stack.AwsJsonAsync("codeartifact", "create-domain", "--domain", Domain);
        foreach (var repository in new[] { "store", "team", "other" })
        {
            await _stack.AwsJsonAsync("codeartifact", "create-repository", "--domain", Domain, "--repository", repository);
        }

        await _stack.AwsJsonAsync("codeartifact", "associate-external-connection", "--domain", Domain, "--repository", "store", "--external-connection", "public:npmjs");
        await _stack.AwsJsonAsync("codeartifact", "update-repository", "--domain", Domain, "--repository", "team", "--upstreams", "repositoryName=store");
    }

    public async Task DisposeAsync()
    {
        await _stack.DisposeAsync();
        _work.Dispose();
    }

    // package-group-origin-controls.html, "PUBLISH": BLOCK refuses every direct publish; ALLOW_SPECIFIC_REPOSITORIES
    // only those on the group's allowed repository list (UpdatePackageGroupOriginConfiguration reports the additions).
    [Fact]
    public async Task Publish_ShouldFollowTheGroupsPublishRestriction()
    {
        await _stack.AwsJsonAsync("codeartifact", "create-package-group", "--domain", Domain, "--package-group", "/generic/team/*");
        await Configure("/generic/team/*", "--restrictions", "PUBLISH=BLOCK");
        var blocked = await PublishGenericAsync("team", "tool", "1.0.0");
        var otherNamespace = await PublishGenericAsync("ops", "tool", "1.0.0");

        var update = await Configure("/generic/team/*", "--restrictions", "PUBLISH=ALLOW_SPECIFIC_REPOSITORIES",
            "--add-allowed-repositories", "repositoryName=team,originRestrictionType=PUBLISH");
        var allowedRepository = await PublishGenericAsync("team", "tool", "1.0.0");
        var notListed = await PublishGenericAsync("team", "tool", "1.0.0", repository: "other");

        Assert.Contains("(AccessDeniedException)", blocked.StandardError, StringComparison.Ordinal);
        Assert.True(otherNamespace.ExitCode == 0, otherNamespace.ToString());
        Assert.Equal(["team"], update.GetProperty("allowedRepositoryUpdates").GetProperty("PUBLISH").GetProperty("ADDED").EnumerateArray().Select(r => r.GetString()!).ToArray());
        var publish = update.GetProperty("packageGroup").GetProperty("originConfiguration").GetProperty("restrictions").GetProperty("PUBLISH");
        Assert.Equal(("ALLOW_SPECIFIC_REPOSITORIES", 1), (publish.GetProperty("mode").GetString(), publish.GetProperty("repositoriesCount").GetInt32()));
        Assert.True(allowedRepository.ExitCode == 0, allowedRepository.ToString());
        Assert.Contains("(AccessDeniedException)", notListed.StandardError, StringComparison.Ordinal);
    }

    // package-group-origin-controls.html, "INTERNAL_UPSTREAM": BLOCK stops a repository from keeping versions its
    // upstream repositories hold; "EXTERNAL_UPSTREAM": BLOCK stops ingesting from the external connection.
    [Fact]
    public async Task NpmInstall_ShouldFollowTheGroupsUpstreamRestrictions()
    {
        var store = await NpmRepositoryFolder.CreateAsync(_stack, Domain, "store", Path.Combine(_work.Path, "publisher"));
        Assert.Equal(0, (await store.PublishAsync("""{"name":"internal-lib","version":"1.0.0","license":"MIT"}""", "module.exports = 1;\n")).ExitCode);
        var team = await NpmRepositoryFolder.CreateAsync(_stack, Domain, "team", Path.Combine(_work.Path, "consumer"));
        await File.WriteAllTextAsync(Path.Combine(team.Path, "package.json"), """{"name":"consumer","version":"1.0.0","private":true}""");
        await _stack.AwsJsonAsync("codeartifact", "create-package-group", "--domain", Domain, "--package-group", "/npm//internal-lib$");
        await _stack.AwsJsonAsync("codeartifact", "create-package-group", "--domain", Domain, "--package-group", "/npm//left-pad$");

        await Configure("/npm//internal-lib$", "--restrictions", "INTERNAL_UPSTREAM=BLOCK");
        await Configure("/npm//left-pad$", "--restrictions", "EXTERNAL_UPSTREAM=BLOCK");
        var internalBlocked = await team.NpmAsync("install", "internal-lib@1.0.0");
        var externalBlocked = await team.NpmAsync("install", "left-pad@1.3.0");

        await Configure("/npm//internal-lib$", "--restrictions", "INTERNAL_UPSTREAM=ALLOW");
        await Configure("/npm//left-pad$", "--restrictions", "EXTERNAL_UPSTREAM=ALLOW");
        var internalAllowed = await team.NpmAsync("install", "internal-lib@1.0.0");
        var externalAllowed = await team.NpmAsync("install", "left-pad@1.3.0");

        Assert.True(internalBlocked.ExitCode != 0, internalBlocked.ToString());
        Assert.Contains("E404", internalBlocked.StandardError, StringComparison.Ordinal);
        Assert.True(externalBlocked.ExitCode != 0, externalBlocked.ToString());
        Assert.Contains("E404", externalBlocked.StandardError, StringComparison.Ordinal);
        Assert.True(internalAllowed.ExitCode == 0, internalAllowed.ToString());
        Assert.True(externalAllowed.ExitCode == 0, externalAllowed.ToString());
        Assert.True(File.Exists(Path.Combine(team.Path, "node_modules", "left-pad", "index.js")), "left-pad was not installed");
    }

    private Task<JsonElement> Configure(string group, params string[] args) =>
        _stack.AwsJsonAsync(["codeartifact", "update-package-group-origin-configuration", "--domain", Domain, "--package-group", group, .. args]);

    private async Task<ProcessResult> PublishGenericAsync(string ns, string package, string version, string repository = "team")
    {
        var content = _work.File($"{repository}-{ns}-{package}-{version}.bin");
        await File.WriteAllTextAsync(content, ns + package + version);
        var sha = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(content)));
        return await _stack.AwsAsync(["codeartifact", "publish-package-version", "--domain", Domain, "--repository", repository, "--format", "generic",
            "--namespace", ns, "--package", package, "--package-version", version, "--asset-content", content, "--asset-name", "a.bin", "--asset-sha256", sha]);
    }

    private async Task AddToRegistryAsync(string registry, string manifest)
    {
        var source = Path.Combine(_work.Path, "src-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(source);
        await File.WriteAllTextAsync(Path.Combine(source, "package.json"), manifest);
        await File.WriteAllTextAsync(Path.Combine(source, "index.js"), "module.exports = (s, n) => String(s).padStart(n);\n");
        var pack = await ProcessRunner.RunAsync("npm", ["pack", "--silent"], NpmClientEnvironment.For(source), source, TimeSpan.FromSeconds(90));
        Assert.True(pack.ExitCode == 0, pack.ToString());
        NpmRegistryDirectory.AddVersion(registry, manifest, Path.Combine(source, pack.StandardOutput.Trim().Split('\n')[^1].Trim()), DateTimeOffset.UtcNow.AddDays(-30));
    }
}
