using System.Text.Json;
using Governance.TestSupport;

namespace Governance.Local.Tests.Npm;

/// <summary>
/// Issue 14, point 1: <c>npm dist-tag add/ls/rm</c> and <c>npm deprecate</c> with the real npm client against the
/// repository's npm endpoint. The user guide's "npm command support"
/// (https://docs.aws.amazon.com/codeartifact/latest/ug/npm-commands.html) lists both as supported, and "npm tag
/// handling" (https://docs.aws.amazon.com/codeartifact/latest/ug/npm-tags.html) says the dist-tag commands work as on
/// the public npm registry and that CopyPackageVersions carries the tags aliasing a copied version.
/// </summary>
public sealed class NpmDistTagTests : IAsyncLifetime
{
    private const string Domain = "tags";
    private readonly TempFolder _work = new();
    private LocalStackHarness _stack = null!;
    private NpmRepositoryFolder _npm = null!;

    public async Task InitializeAsync()
    {
        _stack = await LocalStackHarness.StartWithRepositoryAsync(Domain, "source");
        _npm = await NpmRepositoryFolder.CreateAsync(_stack, Domain, "source", Path.Combine(_work.Path, "source"));
    }

    public async Task DisposeAsync()
    {
        await _stack.DisposeAsync();
        _work.Dispose();
    }

    // npm-tags.html, "Edit tags with the npm client": add, ls and rm as on the public registry; publish --tag leaves latest alone.
    [Theory]
    [InlineData("web-helper")]
    [InlineData("@acme/web-helper")]
    public async Task DistTag_AddLsRm_ShouldEditThePackumentsDistTags(string name)
    {
        await PublishAsync(name, "1.0.0");
        await PublishAsync(name, "1.0.1");
        await PublishAsync(name, "2.0.0-beta.1", "--tag", "beta");

        var listed = await Ok(_npm.NpmAsync("dist-tag", "ls", name));
        var added = await Ok(_npm.NpmAsync("dist-tag", "add", $"{name}@1.0.0", "stable"));
        var afterAdd = await DistTagsAsync(name);
        var removed = await Ok(_npm.NpmAsync("dist-tag", "rm", name, "stable"));
        var afterRemove = await DistTagsAsync(name);
        var missing = await _npm.NpmAsync("dist-tag", "rm", name, "nightly");
        var removeLatest = await _npm.NpmAsync("dist-tag", "rm", name, "latest");

        Assert.Equal(["beta: 2.0.0-beta.1", "latest: 1.0.1"], Lines(listed.StandardOutput));
        Assert.Contains($"+stable: {name}@1.0.0", added.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("1.0.0", afterAdd.GetProperty("stable").GetString());
        Assert.Contains($"-stable: {name}@1.0.0", removed.StandardOutput, StringComparison.Ordinal);
        Assert.False(afterRemove.TryGetProperty("stable", out _), afterRemove.ToString());
        Assert.True(missing.ExitCode != 0, missing.ToString());
        Assert.True(removeLatest.ExitCode != 0, removeLatest.ToString());
        Assert.Equal("1.0.1", (await DistTagsAsync(name)).GetProperty("latest").GetString());
    }

    // npm resolves an unversioned install through latest: moving latest with dist-tag add changes what npm installs.
    [Fact]
    public async Task DistTagAddLatest_ShouldChangeTheVersionNpmInstalls()
    {
        await PublishAsync("web-helper", "1.0.0");
        await PublishAsync("web-helper", "1.0.1");

        await Ok(_npm.NpmAsync("dist-tag", "add", "web-helper@1.0.0", "latest"));
        var consumer = await NpmRepositoryFolder.CreateAsync(_stack, Domain, "source", Path.Combine(_work.Path, "consumer"));
        await File.WriteAllTextAsync(Path.Combine(consumer.Path, "package.json"), """{"name":"consumer","version":"1.0.0","private":true}""");
        await Ok(consumer.NpmAsync("install", "web-helper"));

        var installed = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(consumer.Path, "node_modules", "web-helper", "package.json"))).RootElement;
        Assert.Equal("1.0.0", installed.GetProperty("version").GetString());
    }

    // npm-commands.html lists deprecate: the message lands on the version in the packument, and an empty message clears it.
    [Fact]
    public async Task Deprecate_ShouldSetAndClearTheVersionsDeprecatedMessage()
    {
        await PublishAsync("@acme/old-lib", "1.0.0");
        await PublishAsync("@acme/old-lib", "1.0.1");

        await Ok(_npm.NpmAsync("deprecate", "@acme/old-lib@1.0.0", "use 1.0.1 <or later>"));
        var deprecated = await Ok(_npm.NpmAsync("view", "@acme/old-lib@1.0.0", "deprecated", "--json"));
        var other = await Ok(_npm.NpmAsync("view", "@acme/old-lib@1.0.1", "deprecated", "--json"));
        await Ok(_npm.NpmAsync("deprecate", "@acme/old-lib@1.0.0", ""));
        var cleared = await Ok(_npm.NpmAsync("view", "@acme/old-lib@1.0.0", "deprecated", "--json"));

        Assert.Equal("use 1.0.1 <or later>", JsonDocument.Parse(deprecated.StandardOutput).RootElement.GetString());
        Assert.Equal(string.Empty, other.StandardOutput.Trim());
        Assert.Equal(string.Empty, cleared.StandardOutput.Trim());
    }

    // npm-tags.html, "npm tags and the CopyPackageVersions API": every tag aliasing the copied version is set in the
    // destination, replacing the destination's value (latest 1.0.0 there becomes 1.0.1).
    [Fact]
    public async Task CopyPackageVersions_ShouldCarryTheTagsAliasingTheCopiedVersion()
    {
        await _stack.AwsJsonAsync("codeartifact", "create-repository", "--domain", Domain, "--repository", "destination");
        var destination = await NpmRepositoryFolder.CreateAsync(_stack, Domain, "destination", Path.Combine(_work.Path, "destination"));
        Assert.Equal(0, (await destination.PublishAsync("""{"name":"web-helper","version":"1.0.0"}""", "module.exports = '1.0.0';\n")).ExitCode);
        await PublishAsync("web-helper", "1.0.1");
        await Ok(_npm.NpmAsync("dist-tag", "add", "web-helper@1.0.1", "stable"));

        await _stack.AwsJsonAsync("codeartifact", "copy-package-versions", "--domain", Domain, "--source-repository", "source",
            "--destination-repository", "destination", "--format", "npm", "--package", "web-helper", "--versions", "1.0.1");
        var tags = await Ok(destination.NpmAsync("dist-tag", "ls", "web-helper"));

        Assert.Equal(["latest: 1.0.1", "stable: 1.0.1"], Lines(tags.StandardOutput));
    }

    private async Task PublishAsync(string name, string version, params string[] extra)
    {
        var result = await _npm.PublishAsync($$"""{"name":"{{name}}","version":"{{version}}","license":"MIT"}""", $"module.exports = '{version}';\n", extra);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    private async Task<JsonElement> DistTagsAsync(string name)
    {
        var view = await Ok(_npm.NpmAsync("view", name, "dist-tags", "--json"));
        return JsonDocument.Parse(view.StandardOutput).RootElement.Clone();
    }

    private static async Task<ProcessResult> Ok(Task<ProcessResult> run)
    {
        var result = await run;
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal).ToArray();
}
