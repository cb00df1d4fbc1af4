using Governance.Local.Tests.Support;

namespace Governance.Local.Tests.Maven;

/// <summary>
/// What a governance decision in CodeArtifact does to the next <c>mvn</c> build: a quarantined (Archived) version
/// breaks it, an Unlisted one only leaves the listings, and origin controls stop a package from being fetched.
/// Each test gets its own walkthrough stack.
/// </summary>
public sealed class MavenStatusAndOriginTests : OwnWalkthroughTests
{
    private const string CommonsGroup = "org.apache.commons";
    private const string CommonsLang = "commons-lang3";

    // User guide: "Update package version status" (Archived: no longer downloadable; Unlisted: left out of
    // listings such as maven-metadata.xml, still downloadable by exact version) and "Use CodeArtifact with mvn".
    [Fact]
    public async Task Build_AfterTheDependencyIsArchivedThenUnlisted_ShouldFailThenSucceedWithoutListingIt()
    {
        await StartWalkthroughAsync();
        MavenWalkthroughHarness.AssertSucceeded(await Walkthrough.BuildAsync());
        var coordinates = MavenWalkthroughHarness.Coordinates(MavenWalkthroughHarness.Repository, CommonsGroup, CommonsLang);

        var archived = await Walkthrough.AwsJsonAsync(["codeartifact", "update-package-versions-status", .. coordinates, "--versions", "3.12.0", "--target-status", "Archived"]);
        Assert.Equal("Archived", archived.GetProperty("successfulVersions").GetProperty("3.12.0").GetProperty("status").GetString());

        var quarantined = await Walkthrough.BuildAsync();

        MavenWalkthroughHarness.AssertFailed(quarantined);
        Assert.Contains(CommonsLang, string.Join('\n', quarantined.Output.Split('\n').Where(line => line.Contains("[ERROR]", StringComparison.Ordinal))), StringComparison.Ordinal);

        var unlisted = await Walkthrough.AwsJsonAsync(["codeartifact", "update-package-versions-status", .. coordinates, "--versions", "3.12.0", "--target-status", "Unlisted"]);
        Assert.Equal("Unlisted", unlisted.GetProperty("successfulVersions").GetProperty("3.12.0").GetProperty("status").GetString());

        var metadata = await Walkthrough.SendAsync(HttpMethod.Get, $"{Walkthrough.RepositoryPath}org/apache/commons/{CommonsLang}/maven-metadata.xml");
        // The build also fetched Debian's "debian" version of commons-lang3 (a parent's dependency): still listed.
        Assert.True(metadata.Status == 200, metadata.ToString());
        Assert.Contains("<version>debian</version>", metadata.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("3.12.0", metadata.Body, StringComparison.Ordinal);

        var exact = await Walkthrough.BuildAsync();

        MavenWalkthroughHarness.AssertSucceeded(exact);
        Assert.Contains(exact.Downloaded, url => url.EndsWith($"/{CommonsLang}-3.12.0.jar", StringComparison.Ordinal));
    }

    // User guide: "Editing package origin controls" (upstream BLOCK: the package is not fetched from upstream
    // repositories or external connections into this repository). compile only reads junit's POM (test scope, a
    // warning when missing); test-compile needs its jar.
    [Fact]
    public async Task TestCompile_WhenJunitUpstreamIsBlockedBeforeAnyFetch_ShouldFailNamingJunitAndFetchNothing()
    {
        await StartWalkthroughAsync();
        var coordinates = MavenWalkthroughHarness.Coordinates(MavenWalkthroughHarness.Repository, "junit", "junit");
        var configured = await Walkthrough.AwsJsonAsync(["codeartifact", "put-package-origin-configuration", .. coordinates, "--restrictions", "publish=ALLOW,upstream=BLOCK"]);
        var restrictions = configured.GetProperty("originConfiguration").GetProperty("restrictions");
        Assert.Equal(("ALLOW", "BLOCK"), (restrictions.GetProperty("publish").GetString(), restrictions.GetProperty("upstream").GetString()));

        var build = await Walkthrough.BuildAsync("test-compile");

        MavenWalkthroughHarness.AssertFailed(build);
        Assert.Contains("junit:junit", string.Join('\n', build.Output.Split('\n').Where(line => line.Contains("[ERROR]", StringComparison.Ordinal))), StringComparison.Ordinal);
        Assert.DoesNotContain(build.Downloaded, url => url.Contains("/junit/junit/", StringComparison.Ordinal));
        // The rest of the build still came through the chain: the block is for junit only.
        Assert.Contains(build.Downloaded, url => url.EndsWith($"/{CommonsLang}-3.12.0.jar", StringComparison.Ordinal));

        var store = await Walkthrough.AwsAsync(["codeartifact", "list-package-versions", .. MavenWalkthroughHarness.Coordinates(MavenWalkthroughHarness.Store, "junit", "junit")]);
        // No junit:junit package there, or one without versions.
        Assert.True(
            store.ExitCode != 0
                ? store.StandardError.Contains("ResourceNotFoundException", StringComparison.Ordinal)
                : System.Text.Json.JsonDocument.Parse(store.StandardOutput).RootElement.GetProperty("versions").GetArrayLength() == 0,
            $"maven-central-store has junit:junit: {store}");
        var here = await Walkthrough.AwsJsonAsync(["codeartifact", "list-package-versions", .. coordinates]);
        Assert.Empty(here.GetProperty("versions").EnumerateArray());
    }
}
