using System.Security.Cryptography;
using System.Text.Json;
using Governance.Cli.Local;
using Governance.Local.Tests.Support;

namespace Governance.Local.Tests.Maven;

/// <summary>
/// The walkthrough's <c>mvn -s settings.xml compile</c> through nextwork-devops-cicd → maven-central-store →
/// public:maven-central (Debian's /usr/share/maven-repo standing in for Maven Central), checked with the aws CLI.
/// </summary>
[Collection(BuiltWalkthroughFixture.Name)]
public sealed class MavenWalkthroughBuildTests(BuiltWalkthroughFixture fixture)
{
    private static readonly string[] Repositories = [MavenWalkthroughHarness.Repository, MavenWalkthroughHarness.Store];

    // User guide: "Use CodeArtifact with mvn" (settings.xml, mvn compile) and "Requesting a package version with
    // upstream repositories" (a version fetched through an external connection is kept in the repository with the
    // connection and in the repository that was asked, origin EXTERNAL); "Editing package origin controls" (the
    // defaults of a package that arrived from upstream: publish BLOCK, upstream ALLOW).
    [Fact]
    public async Task Compile_ThroughTheUpstreamChain_ShouldKeepEveryDownloadedVersionInBothRepositoriesAsExternal()
    {
        MavenPrerequisites.EnsureInstalled();
        var built = await fixture.BuiltAsync();
        var stack = built.Stack;

        Assert.NotEmpty(built.FirstBuild.Downloaded);
        Assert.All(built.FirstBuild.Downloaded, url => Assert.StartsWith(stack.Endpoint, url, StringComparison.Ordinal));
        Assert.True(File.Exists(stack.Project.CompiledClassFile), "compile produced no App.class");
        var downloads = built.FirstBuild.Downloaded.Select(url => (Version: stack.ParseDownload(url), File: url[(url.LastIndexOf('/') + 1)..])).ToList();
        var versions = downloads.Select(d => d.Version).Distinct().OrderBy(v => v.ToString(), StringComparer.Ordinal).ToList();
        var packages = versions.Select(v => (v.GroupId, v.ArtifactId)).Distinct().ToList();
        Assert.Contains(new MavenVersion("org.apache.commons", "commons-lang3", "3.12.0"), versions);

        // Per version and repository: describe-package-version and list-package-version-assets; per package and
        // repository: describe-package.
        var commands = new List<string[]>();
        foreach (var repository in Repositories)
        {
            foreach (var version in versions)
            {
                commands.Add(["codeartifact", "describe-package-version", .. MavenWalkthroughHarness.Coordinates(repository, version), "--package-version", version.Version]);
                commands.Add(["codeartifact", "list-package-version-assets", .. MavenWalkthroughHarness.Coordinates(repository, version), "--package-version", version.Version]);
            }

            foreach (var (groupId, artifactId) in packages)
            {
                commands.Add(["codeartifact", "describe-package", .. MavenWalkthroughHarness.Coordinates(repository, groupId, artifactId)]);
            }
        }

        var answers = new Queue<JsonElement>(await AwsCliBatch.JsonAsync(stack.Harness, commands));
        foreach (var repository in Repositories)
        {
            foreach (var version in versions)
            {
                var described = answers.Dequeue().GetProperty("packageVersion");
                var where = $"{version} in {repository}";
                Assert.True(described.GetProperty("status").GetString() == "Published", $"{where}: {described}");
                var origin = described.GetProperty("origin");
                Assert.True(origin.GetProperty("originType").GetString() == "EXTERNAL", $"{where}: {origin}");
                Assert.True(
                    origin.GetProperty("domainEntryPoint").TryGetProperty("externalConnectionName", out var connection)
                    && connection.GetString() == MavenWalkthroughHarness.Connection,
                    $"{where}: {origin}");

                var assets = answers.Dequeue().GetProperty("assets").EnumerateArray().ToList();
                var names = assets.Select(a => a.GetProperty("name").GetString()!).ToList();
                Assert.All(downloads.Where(d => d.Version == version), d => Assert.Contains(d.File, names));
                foreach (var asset in assets)
                {
                    var name = asset.GetProperty("name").GetString()!;
                    var original = Path.Combine(MavenPrerequisites.DebianRepositoryFolder, version.GroupPath, version.ArtifactId, version.Version, name);
                    // File.ReadAllBytes follows Debian's symlinks (jars link to /usr/share/java).
                    var expected = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(original)));
                    Assert.True(expected == asset.GetProperty("hashes").GetProperty("SHA-256").GetString(), $"{where}: asset {name} differs from {original}");
                }
            }

            foreach (var (groupId, artifactId) in packages)
            {
                var restrictions = answers.Dequeue().GetProperty("package").GetProperty("originConfiguration").GetProperty("restrictions");
                Assert.True(
                    restrictions.GetProperty("publish").GetString() == "BLOCK" && restrictions.GetProperty("upstream").GetString() == "ALLOW",
                    $"{groupId}:{artifactId} in {repository}: {restrictions}");
            }
        }

        // One Created event per (repository, version) kept, and none for anything else.
        var created = stack.Events()
            .Select(e => e.GetProperty("detail"))
            .Where(d => d.GetProperty("operationType").GetString() == "Created")
            .Select(d => $"{d.GetProperty("repositoryName").GetString()} {d.GetProperty("packageNamespace").GetString()}:{d.GetProperty("packageName").GetString()}:{d.GetProperty("packageVersion").GetString()}")
            .Order(StringComparer.Ordinal)
            .ToList();
        var kept = Repositories.SelectMany(repository => versions.Select(v => $"{repository} {v}")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(kept, created);
    }

    // User guide: "Requesting a package version with upstream repositories": once kept in the downstream repository,
    // a version is served from there (no new fetch, no new version, no event).
    [Fact]
    public async Task Compile_Again_WithAnEmptyLocalRepository_ShouldBeServedFromTheRepositoryWithoutNewEvents()
    {
        MavenPrerequisites.EnsureInstalled();
        var built = await fixture.BuiltAsync();
        var stack = built.Stack;
        var events = stack.EventCount();
        Assert.Equal(built.EventsAfterFirstBuild, events);
        var blobs = stack.BlobCount();

        var second = await stack.BuildAsync();

        MavenWalkthroughHarness.AssertSucceeded(second);
        Assert.Equal(built.FirstBuild.Downloaded.Order(StringComparer.Ordinal), second.Downloaded.Order(StringComparer.Ordinal));
        Assert.Equal(events, stack.EventCount());
        Assert.Equal(blobs, stack.BlobCount());
    }
}
