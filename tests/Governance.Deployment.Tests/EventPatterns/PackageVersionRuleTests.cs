using System.Text.Json.Nodes;
using Governance.Deployment.Tests.Template;

namespace Governance.Deployment.Tests.EventPatterns;

/// <summary>
/// The rule's EventPattern, resolved as CloudFormation would for a given deployment, against the sample events
/// (checked-in copies of the reference's events/*.json).
/// </summary>
public class PackageVersionRuleTests
{
    private static readonly SamTemplate Template = SamTemplate.LoadFromRepository();

    private static JsonObject Event(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "events", name)))!.AsObject();

    /// <summary>The pattern as deployed in the event's own account and region, for the given domain and repository.</summary>
    private static JsonObject PatternFor(JsonObject @event, string? domain = null, string? repository = null)
    {
        var detail = @event["detail"]!.AsObject();
        var resolver = new IntrinsicResolver(
            Template,
            new Dictionary<string, string>
            {
                ["DomainName"] = domain ?? detail["domainName"]!.GetValue<string>(),
                ["RepositoryName"] = repository ?? detail["repositoryName"]!.GetValue<string>(),
            },
            @event["account"]!.GetValue<string>(),
            @event["region"]!.GetValue<string>());
        var pattern = SamTemplate.PropertiesOf(Template.Resource("PackageVersionChangedRule"))["EventPattern"];
        return TemplateToJson.Convert(resolver.Resolve(pattern))!.AsObject();
    }

    [Theory]
    [InlineData("generic-publish-created.json")]
    [InlineData("maven-upstream-retained-created.json")]
    [InlineData("npm-publish-created.json")]
    public void Rule_WhenAVersionIsPublishedOrRetained_ShouldMatch(string sample)
    {
        var @event = Event(sample);

        Assert.True(EventPatternMatcher.Matches(PatternFor(@event), @event));
    }

    [Fact]
    public void Rule_WhenTheDefaultDeploymentSeesTheWalkthroughPublish_ShouldMatch()
    {
        // The samples' generic publish is in nextwork/nextwork-devops-cicd: the template's defaults, no overrides.
        var @event = Event("generic-publish-created.json");
        var resolver = new IntrinsicResolver(Template, new Dictionary<string, string>(), "123456789012", "eu-north-1");
        var pattern = TemplateToJson.Convert(resolver.Resolve(
            SamTemplate.PropertiesOf(Template.Resource("PackageVersionChangedRule"))["EventPattern"]))!.AsObject();

        Assert.True(EventPatternMatcher.Matches(pattern, @event));
    }

    [Fact]
    public void Rule_WhenOnlyTheStatusChanged_ShouldNotMatch()
    {
        // Our own UpdatePackageVersionsStatus comes back as this event: matching it would loop.
        var @event = Event("generic-status-change-unlisted.json");

        Assert.False(EventPatternMatcher.Matches(PatternFor(@event), @event));
    }

    [Fact]
    public void Rule_WhenTheVersionWasDeleted_ShouldNotMatch()
    {
        var @event = Event("generic-publish-created.json");
        @event["detail"]!["operationType"] = "Deleted";
        @event["detail"]!["packageVersionState"] = "Deleted";

        Assert.False(EventPatternMatcher.Matches(PatternFor(@event), @event));
    }

    [Fact]
    public void Rule_WhenAnAssetIsAddedToAnExistingVersion_ShouldMatch()
    {
        var @event = Event("generic-status-change-unlisted.json");
        @event["detail"]!["operationType"] = "Updated";
        @event["detail"]!["changes"]!["statusChanged"] = false;
        @event["detail"]!["changes"]!["assetsAdded"] = 1;

        Assert.True(EventPatternMatcher.Matches(PatternFor(@event), @event));
    }

    [Theory]
    [InlineData("other-domain", "nextwork-devops-cicd")]
    [InlineData("nextwork", "maven-central-store")]
    public void Rule_WhenTheEventIsForAnotherDomainOrRepository_ShouldNotMatch(string eventDomain, string eventRepository)
    {
        // The stack governs nextwork/nextwork-devops-cicd; the upstream store's own events are not reviewed.
        var @event = Event("maven-upstream-retained-created.json");
        var pattern = PatternFor(@event, "nextwork", "nextwork-devops-cicd");
        @event["detail"]!["domainName"] = eventDomain;
        @event["detail"]!["repositoryName"] = eventRepository;

        Assert.False(EventPatternMatcher.Matches(pattern, @event));
    }

    [Fact]
    public void Rule_WhenTheEventComesFromAnotherAccountsDomain_ShouldNotMatch()
    {
        var @event = Event("generic-publish-created.json");
        var pattern = PatternFor(@event);
        @event["detail"]!["domainOwner"] = "999999999999";

        Assert.False(EventPatternMatcher.Matches(pattern, @event));
    }
}
