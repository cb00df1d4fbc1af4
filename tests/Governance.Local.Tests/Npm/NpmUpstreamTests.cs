using System.Security.Cryptography;
using System.Text.Json;
using Governance.Local.Tests.Support;
using Governance.Local.Upstream;
using Governance.TestSupport;

namespace Governance.Local.Tests.Npm;

/// <summary>
/// The real npm client installing through an upstream chain to the <c>public:npmjs</c> stand-in, as the CodeArtifact
/// user guide's "Requesting a package version with upstream repositories" and "Editing package origin controls"
/// describe: every version the install needs is ingested into the store repository and kept in the asked one.
/// </summary>
public sealed class NpmUpstreamTests : IAsyncLifetime
{
    private const string Store = "npm-store";
    private const string Asked = "nextwork-devops-cicd";
    private readonly TempFolder _work = new();
    private readonly Dictionary<string, string> _tarballSha256 = new(StringComparer.Ordinal);
    private LocalStackHarness _stack = null!;
    private string _token = null!;

    public async Task InitializeAsync()
    {
        // The public registry: left-pad (WTFPL) and greet, which depends on left-pad, packed by the real npm.
        var registry = Path.Combine(_work.Path, "registry");
        Directory.CreateDirectory(registry);
        await AddToRegistryAsync(registry, """{"name":"left-pad","version":"1.3.0","description":"String left pad","license":"WTFPL","main":"index.js"}""");
        await AddToRegistryAsync(registry, """{"name":"greet","version":"1.0.0","license":"MIT","main":"index.js","dependencies":{"left-pad":"^1.3.0"}}""");

        _stack = await LocalStackHarness.StartAsync(npmjsDirectory: registry);
        await _stack.AwsJsonAsync("codeartifact", "create-domain", "--domain", "nextwork");
        await _stack.AwsJsonAsync("codeartifact", "create-repository", "--domain", "nextwork", "--repository", Store);
        await _stack.AwsJsonAsync("codeartifact", "associate-external-connection", "--domain", "nextwork", "--repository", Store, "--external-connection", "public:npmjs");
        await _stack.AwsJsonAsync("codeartifact", "create-repository", "--domain", "nextwork", "--repository", Asked, "--upstreams", $"repositoryName={Store}");
        _token = await _stack.AuthorizationTokenAsync("nextwork");
    }

    public async Task DisposeAsync()
    {
        await _stack.DisposeAsync();
        _work.Dispose();
    }

    [Fact]
    public async Task NpmInstall_WhenTheRepositoryLacksTheVersions_ShouldIngestThemFromPublicNpmjsIntoBothRepositoriesWithExternalOrigin()
    {
        var install = await InstallAsync("first", "greet@1.0.0");
        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.True(File.Exists(Path.Combine(_work.Path, "first", "node_modules", "left-pad", "index.js")), "the transitive dependency was not installed");

        foreach (var (name, version) in new[] { ("greet", "1.0.0"), ("left-pad", "1.3.0") })
        {
            foreach (var repository in new[] { Store, Asked })
            {
                var described = (await _stack.AwsJsonAsync("codeartifact", "describe-package-version", "--domain", "nextwork", "--repository", repository,
                    "--format", "npm", "--package", name, "--package-version", version)).GetProperty("packageVersion");
                Assert.Equal("Published", described.GetProperty("status").GetString());
                Assert.Equal("EXTERNAL", described.GetProperty("origin").GetProperty("originType").GetString());
                Assert.Equal("public:npmjs", described.GetProperty("origin").GetProperty("domainEntryPoint").GetProperty("externalConnectionName").GetString());
                var asset = (await _stack.AwsJsonAsync("codeartifact", "list-package-version-assets", "--domain", "nextwork", "--repository", repository,
                    "--format", "npm", "--package", name, "--package-version", version)).GetProperty("assets")[0];
                Assert.Equal("package.tgz", asset.GetProperty("name").GetString());
                Assert.Equal(_tarballSha256[name], asset.GetProperty("hashes").GetProperty("SHA-256").GetString());
                var restrictions = (await _stack.AwsJsonAsync("codeartifact", "describe-package", "--domain", "nextwork", "--repository", repository,
                    "--format", "npm", "--package", name)).GetProperty("package").GetProperty("originConfiguration").GetProperty("restrictions");
                Assert.Equal("BLOCK", restrictions.GetProperty("publish").GetString());
                Assert.Equal("ALLOW", restrictions.GetProperty("upstream").GetString());
            }
        }

        Assert.Equal("WTFPL", (await _stack.AwsJsonAsync("codeartifact", "describe-package-version", "--domain", "nextwork", "--repository", Asked,
            "--format", "npm", "--package", "left-pad", "--package-version", "1.3.0")).GetProperty("packageVersion").GetProperty("licenses")[0].GetProperty("name").GetString());
        var created = Events().Where(e => e.GetProperty("detail").GetProperty("operationType").GetString() == "Created")
            .Select(e => $"{e.GetProperty("detail").GetProperty("repositoryName").GetString()}/{e.GetProperty("detail").GetProperty("packageName").GetString()}")
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal([$"{Asked}/greet", $"{Asked}/left-pad", $"{Store}/greet", $"{Store}/left-pad"], created);

        // A second install with an empty cache is served from the repository: nothing new is kept, no event.
        var again = await InstallAsync("second", "greet@1.0.0");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(4, Events().Count);
    }

    [Fact]
    public async Task NpmPublish_WhenTheVersionExistsUpstream_ShouldBeRefusedAndAfterIngestionThePackageRefusesNewVersions()
    {
        // CodeArtifact refuses a publish that would shadow a version a reachable upstream has ("Packages overview").
        var shadow = await PublishAsync("shadow", """{"name":"left-pad","version":"1.3.0","license":"MIT"}""");
        Assert.NotEqual(0, shadow.ExitCode);
        Assert.Empty(Events());

        Assert.Equal(0, (await InstallAsync("consumer", "left-pad@1.3.0")).ExitCode);
        // Ingested first, so the package's default origin controls are publish BLOCK: a new version is refused too.
        var substitute = await PublishAsync("substitute", """{"name":"left-pad","version":"9.9.9","license":"MIT"}""");
        Assert.NotEqual(0, substitute.ExitCode);
        Assert.Contains("BLOCK", substitute.StandardOutput + substitute.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, Events().Count);
    }

    [Fact]
    public async Task NpmInstall_WhenThePackageBlocksUpstreams_ShouldFailAndFetchNothing()
    {
        await _stack.AwsJsonAsync("codeartifact", "put-package-origin-configuration", "--domain", "nextwork", "--repository", Asked,
            "--format", "npm", "--package", "left-pad", "--restrictions", "publish=ALLOW,upstream=BLOCK");
        var install = await InstallAsync("blocked", "left-pad@1.3.0");
        Assert.NotEqual(0, install.ExitCode);
        Assert.Empty(Events());
        var stored = await _stack.AwsJsonAsync("codeartifact", "list-packages", "--domain", "nextwork", "--repository", Store);
        Assert.Equal(0, stored.GetProperty("packages").GetArrayLength());
    }

    private async Task AddToRegistryAsync(string registry, string manifest)
    {
        var source = Path.Combine(_work.Path, "src-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(source);
        await File.WriteAllTextAsync(Path.Combine(source, "package.json"), manifest);
        await File.WriteAllTextAsync(Path.Combine(source, "index.js"), "module.exports = (s, n) => String(s).padStart(n);\n");
        var pack = await ProcessRunner.RunAsync("npm", ["pack", "--silent"], NpmEnv(source), source, TimeSpan.FromSeconds(90));
        Assert.True(pack.ExitCode == 0, pack.ToString());
        var tarball = Path.Combine(source, pack.StandardOutput.Trim().Split('\n')[^1].Trim());
        var name = JsonDocument.Parse(manifest).RootElement.GetProperty("name").GetString()!;
        _tarballSha256[name] = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(tarball)));
        NpmRegistryDirectory.AddVersion(registry, manifest, tarball, DateTimeOffset.UtcNow.AddDays(-30));
    }

    private async Task<ProcessResult> InstallAsync(string folderName, string spec)
    {
        var folder = await NpmFolderAsync(folderName);
        await File.WriteAllTextAsync(Path.Combine(folder, "package.json"), """{"name":"consumer","version":"1.0.0","private":true}""");
        return await ProcessRunner.RunAsync("npm", ["install", spec], NpmEnv(folder), folder, TimeSpan.FromSeconds(120));
    }

    private async Task<ProcessResult> PublishAsync(string folderName, string manifest)
    {
        var folder = await NpmFolderAsync(folderName);
        await File.WriteAllTextAsync(Path.Combine(folder, "package.json"), manifest);
        await File.WriteAllTextAsync(Path.Combine(folder, "index.js"), "module.exports = 'substitute';\n");
        return await ProcessRunner.RunAsync("npm", ["publish"], NpmEnv(folder), folder, TimeSpan.FromSeconds(90));
    }

    private async Task<string> NpmFolderAsync(string name)
    {
        var endpoint = await _stack.RepositoryEndpointAsync("nextwork", Asked, "npm");
        var folder = Path.Combine(_work.Path, name);
        await NpmClientEnvironment.WriteNpmrcAsync(folder, endpoint, _token);
        return folder;
    }

    private List<JsonElement> Events()
    {
        var log = Path.Combine(_stack.DataFolder, "events.jsonl");
        return File.Exists(log)
            ? File.ReadAllLines(log).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList()
            : [];
    }

    private static Dictionary<string, string> NpmEnv(string folder) => NpmClientEnvironment.For(folder);
}
