using System.Text.Json;
using Governance.TestSupport;

namespace Governance.Local.Tests.Npm;

/// <summary>
/// Issue 14: npm dist-tags merged from upstream repositories, with the real npm client against a repository R whose
/// upstream is U. The user guide's "npm tag handling", section "npm tags and upstream repositories"
/// (https://docs.aws.amazon.com/codeartifact/latest/ug/npm-tags.html#tags-and-upstreams): when versions of the
/// package are also in an upstream, the tags are merged before npm gets them, and a tag present in both takes the
/// upstream's value. Each test below is one of the page's tables. A package first published to a repository has
/// upstream=BLOCK there by default (user guide, "Editing package origin controls"), which would hide the upstream's
/// versions and tags alike, so the tables' setup allows both in R first, as a team sharing a package would.
/// </summary>
public sealed class NpmUpstreamDistTagTests : IAsyncLifetime
{
    private const string Domain = "merge";
    private const string Downstream = "repo-r";
    private const string Upstream = "repo-u";
    private readonly TempFolder _work = new();
    private LocalStackHarness _stack = null!;
    private NpmRepositoryFolder _r = null!;
    private NpmRepositoryFolder _u = null!;

    public async Task InitializeAsync()
    {
        _stack = await LocalStackHarness.StartWithRepositoryAsync(Domain, Upstream);
        await _stack.AwsJsonAsync("codeartifact", "create-repository", "--domain", Domain, "--repository", Downstream, "--upstreams", $"repositoryName={Upstream}");
        _r = await NpmRepositoryFolder.CreateAsync(_stack, Domain, Downstream, Path.Combine(_work.Path, Downstream));
        _u = await NpmRepositoryFolder.CreateAsync(_stack, Domain, Upstream, Path.Combine(_work.Path, Upstream));
    }

    public async Task DisposeAsync()
    {
        await _stack.DisposeAsync();
        _work.Dispose();
    }

    // First table: R has latest -> 1.0.0, U has alpha -> 1.0.1; npm reading R gets both, pointing where they point.
    [Fact]
    public async Task Tags_OnlyInTheUpstream_ShouldBeServedBesideTheDownstreamOnes()
    {
        await AllowPublishAndUpstreamAsync("--package", "web-helper");
        await PublishAsync(_r, "web-helper", "1.0.0");
        await PublishAsync(_u, "web-helper", "1.0.1", "--tag", "alpha");

        var listed = await Ok(_r.NpmAsync("dist-tag", "ls", "web-helper"));
        var viewed = await DistTagsAsync(_r, "web-helper");

        Assert.Equal(["alpha: 1.0.1", "latest: 1.0.0"], Lines(listed.StandardOutput));
        Assert.Equal(("1.0.0", "1.0.1"), (viewed.GetProperty("latest").GetString(), viewed.GetProperty("alpha").GetString()));
    }

    // Second table: latest is in both (R 1.0.0, U 1.0.1): the upstream's wins, so an unversioned install from R takes
    // 1.0.1, the version R does not hold yet ("makes it easy to consume new package versions in an upstream").
    [Fact]
    public async Task Tag_InBothRepositories_ShouldTakeTheUpstreamsValue()
    {
        await AllowPublishAndUpstreamAsync("--package", "web-helper");
        await PublishAsync(_r, "web-helper", "1.0.0");
        await PublishAsync(_u, "web-helper", "1.0.1");

        var listed = await Ok(_r.NpmAsync("dist-tag", "ls", "web-helper"));
        var installed = await InstallAsync("consumer", "web-helper");

        Assert.Equal(["latest: 1.0.1"], Lines(listed.StandardOutput));
        Assert.Equal("1.0.1", installed);
    }

    // Third and fourth tables: with latest 1.0.1 upstream, publishing 1.0.2 to R moves R's own latest, which npm never
    // sees: an unversioned install still takes 1.0.1, and 1.0.2 must be named exactly.
    [Fact]
    public async Task PublishingDownstream_WhileTheUpstreamHasLatest_ShouldLeaveNpmOnTheUpstreamsLatest()
    {
        await AllowPublishAndUpstreamAsync("--package", "web-helper");
        await PublishAsync(_r, "web-helper", "1.0.0");
        await PublishAsync(_u, "web-helper", "1.0.1");
        await PublishAsync(_r, "web-helper", "1.0.2");

        var viewed = await DistTagsAsync(_r, "web-helper");
        var unversioned = await InstallAsync("unversioned", "web-helper");
        var exact = await InstallAsync("exact", "web-helper@1.0.2");

        Assert.Equal("1.0.1", viewed.GetProperty("latest").GetString());
        Assert.Equal("1.0.1", unversioned);
        Assert.Equal("1.0.2", exact);
    }

    // The merge reads the upstream as the packument does: with the package's upstream BLOCK in R (user guide, "Editing
    // package origin controls"), U's versions are not offered, and neither are its tags.
    [Fact]
    public async Task Tags_WhenThePackageBlocksUpstreamsInTheDownstream_ShouldBeTheDownstreamsOwn()
    {
        await PublishAsync(_r, "web-helper", "1.0.0");
        await PublishAsync(_u, "web-helper", "1.0.1");
        await PublishAsync(_u, "web-helper", "2.0.0-rc.1", "--tag", "next");
        await _stack.AwsJsonAsync("codeartifact", "put-package-origin-configuration", "--domain", Domain, "--repository", Downstream,
            "--format", "npm", "--package", "web-helper", "--restrictions", "publish=ALLOW,upstream=BLOCK");

        var listed = await Ok(_r.NpmAsync("dist-tag", "ls", "web-helper"));

        Assert.Equal(["latest: 1.0.0"], Lines(listed.StandardOutput));
    }

    // A package only the upstream holds: R serves U's tags. Once R holds a version too, a tag edited through R changes R
    // alone: U's value still wins for a tag U has (the rule of the second table), and a tag only R has is served.
    [Fact]
    public async Task DistTagAdd_ThroughTheDownstream_ShouldNotOverrideTheUpstreamsTag()
    {
        await PublishAsync(_u, "@acme/web-helper", "1.0.0");
        await PublishAsync(_u, "@acme/web-helper", "1.0.1");

        var before = await Ok(_r.NpmAsync("dist-tag", "ls", "@acme/web-helper"));
        await AllowPublishAndUpstreamAsync("--namespace", "acme", "--package", "web-helper");
        await PublishAsync(_r, "@acme/web-helper", "1.1.0");
        await Ok(_r.NpmAsync("dist-tag", "add", "@acme/web-helper@1.1.0", "stable"));
        var after = await DistTagsAsync(_r, "@acme/web-helper");
        var upstream = await DistTagsAsync(_u, "@acme/web-helper");

        Assert.Equal(["latest: 1.0.1"], Lines(before.StandardOutput));
        Assert.Equal(("1.0.1", "1.1.0"), (after.GetProperty("latest").GetString(), after.GetProperty("stable").GetString()));
        Assert.False(upstream.TryGetProperty("stable", out _), upstream.ToString());
    }

    private Task<JsonElement> AllowPublishAndUpstreamAsync(params string[] package) =>
        _stack.AwsJsonAsync(["codeartifact", "put-package-origin-configuration", "--domain", Domain, "--repository", Downstream, "--format", "npm", .. package,
            "--restrictions", "publish=ALLOW,upstream=ALLOW"]);

    private static async Task PublishAsync(NpmRepositoryFolder folder, string name, string version, params string[] extra)
    {
        var result = await folder.PublishAsync($$"""{"name":"{{name}}","version":"{{version}}","license":"MIT"}""", $"module.exports = '{version}';\n", extra);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    private static async Task<JsonElement> DistTagsAsync(NpmRepositoryFolder folder, string name)
    {
        var view = await Ok(folder.NpmAsync("view", name, "dist-tags", "--json"));
        return JsonDocument.Parse(view.StandardOutput).RootElement.Clone();
    }

    /// <summary>Installs <paramref name="spec"/> from R into a fresh project and returns the version npm put in node_modules.</summary>
    private async Task<string> InstallAsync(string project, string spec)
    {
        var consumer = await NpmRepositoryFolder.CreateAsync(_stack, Domain, Downstream, Path.Combine(_work.Path, project));
        await File.WriteAllTextAsync(Path.Combine(consumer.Path, "package.json"), """{"name":"consumer","version":"1.0.0","private":true}""");
        await Ok(consumer.NpmAsync("install", spec));
        var manifest = Path.Combine(consumer.Path, "node_modules", "web-helper", "package.json");
        return JsonDocument.Parse(await File.ReadAllTextAsync(manifest)).RootElement.GetProperty("version").GetString()!;
    }

    private static async Task<ProcessResult> Ok(Task<ProcessResult> run)
    {
        var result = await run;
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal).ToArray();
}
