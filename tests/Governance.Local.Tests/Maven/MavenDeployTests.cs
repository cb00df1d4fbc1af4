using Governance.Cli.Local;
using Governance.Local.Tests.Support;

namespace Governance.Local.Tests.Maven;

/// <summary>The walkthrough's <c>mvn deploy</c>: the project's own artifact published to nextwork-devops-cicd.</summary>
public sealed class MavenDeployTests : OwnWalkthroughTests
{
    // User guide: "Use CodeArtifact with mvn" (publishing with mvn deploy), "Using Maven checksums" (the version is
    // Unfinished until maven-metadata.xml arrives, then Published), "Editing package origin controls" (a package
    // whose first version was published directly: publish ALLOW, upstream BLOCK) and "CodeArtifact event format
    // and example" (Created, then Updated with statusChanged).
    [Fact]
    public async Task Deploy_ShouldPublishTheProjectAsInternalWithPublishAllowedAndEventsFromUnfinishedToPublished()
    {
        await StartWalkthroughAsync();
        var eventsBefore = Walkthrough.EventCount();

        var deploy = await Walkthrough.Project.DeployAsync(CancellationToken.None);

        MavenWalkthroughHarness.AssertSucceeded(deploy);
        var groupPath = MavenWalkthroughProject.GroupId.Replace('.', '/');
        // The jar and POM (maven-metadata.xml completes the publish and is not kept as an asset).
        var uploadedArtifacts = deploy.Uploaded
            .Where(url => url.Contains($"/{groupPath}/{MavenWalkthroughProject.ArtifactId}/{MavenWalkthroughProject.Version}/", StringComparison.Ordinal))
            .Where(url => !url.EndsWith("/maven-metadata.xml", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(uploadedArtifacts, url => url.EndsWith(".jar", StringComparison.Ordinal));
        Assert.Contains(uploadedArtifacts, url => url.EndsWith(".pom", StringComparison.Ordinal));
        Assert.All(deploy.Uploaded, url => Assert.StartsWith(Walkthrough.Endpoint, url, StringComparison.Ordinal));

        var coordinates = MavenWalkthroughHarness.Coordinates(MavenWalkthroughHarness.Repository, MavenWalkthroughProject.GroupId, MavenWalkthroughProject.ArtifactId);
        var version = (await Walkthrough.AwsJsonAsync(["codeartifact", "describe-package-version", .. coordinates, "--package-version", MavenWalkthroughProject.Version]))
            .GetProperty("packageVersion");
        Assert.Equal("Published", version.GetProperty("status").GetString());
        Assert.Equal("INTERNAL", version.GetProperty("origin").GetProperty("originType").GetString());
        Assert.Equal(MavenWalkthroughHarness.Repository, version.GetProperty("origin").GetProperty("domainEntryPoint").GetProperty("repositoryName").GetString());
        var assets = (await Walkthrough.AwsJsonAsync(["codeartifact", "list-package-version-assets", .. coordinates, "--package-version", MavenWalkthroughProject.Version]))
            .GetProperty("assets").EnumerateArray().Select(a => a.GetProperty("name").GetString()!).ToList();
        Assert.Equal(uploadedArtifacts.Select(url => url[(url.LastIndexOf('/') + 1)..]).Order(StringComparer.Ordinal), assets.Order(StringComparer.Ordinal));

        var restrictions = (await Walkthrough.AwsJsonAsync(["codeartifact", "describe-package", .. coordinates]))
            .GetProperty("package").GetProperty("originConfiguration").GetProperty("restrictions");
        Assert.Equal(("ALLOW", "BLOCK"), (restrictions.GetProperty("publish").GetString(), restrictions.GetProperty("upstream").GetString()));

        // The project's events, in order: Created (Unfinished), Updated per further asset (Unfinished), then one
        // Updated with statusChanged to Published, the last.
        var events = Walkthrough.Events().Skip(eventsBefore).Select(e => e.GetProperty("detail"))
            .Where(d => d.GetProperty("packageName").GetString() == MavenWalkthroughProject.ArtifactId)
            .ToList();
        var summary = string.Join("; ", events.Select(d => $"{d.GetProperty("operationType")} {d.GetProperty("packageVersionState")} {d.GetProperty("changes")}"));
        Assert.True(events.Count >= 2, summary);
        Assert.All(events, d => Assert.Equal(MavenWalkthroughHarness.Repository, d.GetProperty("repositoryName").GetString()));
        Assert.All(events, d => Assert.Equal(MavenWalkthroughProject.Version, d.GetProperty("packageVersion").GetString()));
        Assert.Equal(("Created", "Unfinished"), (events[0].GetProperty("operationType").GetString(), events[0].GetProperty("packageVersionState").GetString()));
        Assert.All(events.Skip(1), d => Assert.Equal("Updated", d.GetProperty("operationType").GetString()));
        Assert.All(events.SkipLast(1), d => Assert.True(d.GetProperty("packageVersionState").GetString() == "Unfinished", summary));
        var last = events[^1];
        Assert.True(last.GetProperty("packageVersionState").GetString() == "Published" && last.GetProperty("changes").GetProperty("statusChanged").GetBoolean(), summary);
        Assert.Single(events, d => d.GetProperty("packageVersionState").GetString() == "Published");
    }
}
