using System.Text.Json.Nodes;
using Governance.Core.Events;
using Governance.Core.Policy;
using Governance.Deployment.Tests.Template;
using TriageEngine = Governance.Core.Triage.Triage;

namespace Governance.Deployment.Tests.EventPatterns;

/// <summary>
/// The rule's EventPattern, resolved as CloudFormation would for a given deployment, against the sample events
/// (checked-in copies of the reference's events/*.json) and variants of them: it forwards what the review function
/// reviews (Triage) and nothing it would ignore.
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
    public void Rule_AsPreviouslyWritten_ShouldBeRefusedForNamingThePackageVersionStateTwice()
    {
        // The pattern before issue 14, resolved for the samples' deployment: detail.packageVersionState beside the $or
        // and again in its last branch. EventBridge refuses that or keeps one of the two.
        var old = JsonNode.Parse("""
            {
              "source": ["aws.codeartifact"],
              "detail-type": ["CodeArtifact Package Version State Change"],
              "account": ["123456789012"],
              "detail": {
                "domainName": ["nextwork"],
                "domainOwner": ["123456789012"],
                "repositoryName": ["nextwork-devops-cicd"],
                "operationType": [{"anything-but": ["Deleted"]}],
                "packageVersionState": [{"anything-but": ["Deleted", "Disposed"]}],
                "$or": [
                  {"changes": {"assetsAdded": [{"numeric": [">", 0]}]}},
                  {"changes": {"assetsUpdated": [{"numeric": [">", 0]}]}},
                  {"changes": {"assetsRemoved": [{"numeric": [">", 0]}]}},
                  {"changes": {"metadataUpdated": [true]}},
                  {"changes": {"statusChanged": [true]}, "packageVersionState": ["Published"]}
                ]
              }
            }
            """)!.AsObject();

        var error = Assert.Throws<FormatException>(() => EventPatternMatcher.Matches(old, Event("generic-publish-created.json")));
        Assert.Contains("names detail.packageVersionState twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rule_AsInTheTemplate_ShouldNameEveryPathOnceInEachOfItsFiveAlternatives()
    {
        // Compile refuses a path named twice; what is left to show is the shape: content changes (4) or a release.
        var alternatives = EventPatternMatcher.Compile(PatternFor(Event("generic-publish-created.json")));

        Assert.Equal(5, alternatives.Count);
        Assert.All(alternatives, a => Assert.Equal("""[{"anything-but":["Deleted"]}]""", a["detail.operationType"].ToJsonString()));
        var release = Assert.Single(alternatives, a => a["detail.packageVersionState"].ToJsonString() == """["Published"]""");
        Assert.Equal("[true]", release["detail.changes.statusChanged"].ToJsonString());
        var content = alternatives.Where(a => a != release).ToList();
        Assert.All(content, a => Assert.Equal("""[{"anything-but":["Unfinished","Disposed","Deleted"]}]""", a["detail.packageVersionState"].ToJsonString()));
        Assert.Equal(
            ["detail.changes.assetsAdded", "detail.changes.assetsUpdated", "detail.changes.assetsRemoved", "detail.changes.metadataUpdated"],
            content.Select(a => Assert.Single(a.Keys, k => k.StartsWith("detail.changes.", StringComparison.Ordinal))));
    }

    [Theory]
    // A multi-step publish finishing (Unfinished -> Published) or a person releasing a quarantined version.
    [InlineData("Published", true)]
    // The loop guard: our own quarantine, a hard block, a disposal.
    [InlineData("Unlisted", false)]
    [InlineData("Archived", false)]
    [InlineData("Disposed", false)]
    [InlineData("Unfinished", false)]
    public void Rule_WhenOnlyTheStatusChanged_ShouldMatchOnlyAChangeToPublished(string status, bool expected)
    {
        var @event = Event("generic-status-change-unlisted.json");
        @event["detail"]!["packageVersionState"] = status;

        Assert.Equal(expected, EventPatternMatcher.Matches(PatternFor(@event), @event));
    }

    [Theory]
    [InlineData("assetsAdded", 1)]
    [InlineData("assetsUpdated", 2)]
    [InlineData("assetsRemoved", 1)]
    [InlineData("metadataUpdated", true)]
    public void Rule_WhenTheContentOfAQuarantinedVersionChanges_ShouldMatch(string change, object value)
    {
        // An Unlisted version that gets a new JAR or POM: the new revision has no decision yet.
        var @event = Event("generic-status-change-unlisted.json");
        @event["detail"]!["changes"]!["statusChanged"] = false;
        @event["detail"]!["changes"]![change] = value is bool b ? JsonValue.Create(b) : JsonValue.Create((int)value);

        Assert.True(EventPatternMatcher.Matches(PatternFor(@event), @event));
    }

    [Theory]
    [InlineData("Unfinished")]
    [InlineData("Disposed")]
    [InlineData("Deleted")]
    public void Rule_WhenAssetsChangeInAStateThatIsNotReviewed_ShouldNotMatch(string status)
    {
        // Each upload of a multi-step publish (reviewed when it completes), a disposal, a deletion.
        var @event = Event("generic-publish-created.json");
        @event["detail"]!["packageVersionState"] = status;

        Assert.False(EventPatternMatcher.Matches(PatternFor(@event), @event));
    }

    [Fact]
    public void Rule_WhenTheEventReportsNoChangeAtAll_ShouldNotMatch()
    {
        var @event = Event("generic-status-change-unlisted.json");
        @event["detail"]!["packageVersionState"] = "Published";
        @event["detail"]!["changes"]!["statusChanged"] = false;

        Assert.False(EventPatternMatcher.Matches(PatternFor(@event), @event));
    }

    [Fact]
    public void Rule_ForEveryOperationStateAndChange_ShouldForwardExactlyWhatTheReviewFunctionReviews()
    {
        // 3 operations x 6 states x 32 combinations of changes, judged by the rule and by the function's own triage
        // (default policy: every repository, the samples' formats). The one difference on purpose: an event that
        // reports no change at all (none is known to exist) is not forwarded, though triage would review it.
        var sample = Event("generic-publish-created.json");
        var pattern = PatternFor(sample);
        var differences = new List<string>();
        var forwarded = 0;
        foreach (var operation in new[] { "Created", "Updated", "Deleted" })
        {
            foreach (var state in new[] { "Unfinished", "Published", "Unlisted", "Archived", "Disposed", "Deleted" })
            {
                for (var bits = 0; bits < 32; bits++)
                {
                    var @event = sample.DeepClone().AsObject();
                    var detail = @event["detail"]!.AsObject();
                    detail["operationType"] = operation;
                    detail["packageVersionState"] = state;
                    detail["changes"] = new JsonObject
                    {
                        ["assetsAdded"] = bits & 1,
                        ["assetsUpdated"] = (bits >> 1) & 1,
                        ["assetsRemoved"] = (bits >> 2) & 1,
                        ["metadataUpdated"] = (bits & 8) != 0,
                        ["statusChanged"] = (bits & 16) != 0,
                    };
                    var parsed = CodeArtifactEventParser.Parse(@event.ToJsonString());
                    Assert.True(parsed.Success, parsed.Error?.ToString());
                    var reviewed = TriageEngine.Decide(parsed.Event, DefaultPolicy.Policy).Review;
                    var matched = EventPatternMatcher.Matches(pattern, @event);
                    forwarded += matched ? 1 : 0;
                    if (matched != reviewed && !(bits == 0 && reviewed && !matched))
                    {
                        differences.Add($"{operation} {state} {detail["changes"]!.ToJsonString()}: rule {matched}, function {reviewed}");
                    }
                }
            }
        }

        Assert.Empty(differences);
        // Created/Updated x (Published, Unlisted, Archived) x 15 content changes x statusChanged either way, plus the
        // two status-only releases to Published.
        Assert.Equal(2 * 3 * 15 * 2 + 2, forwarded);
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

    private const string StackAccount = "123456789012";
    private const string OwnerAccount = "111122223333";

    /// <summary>The pattern as deployed to govern the existing domain acme (owned by another account) and its repository releases.</summary>
    private static JsonObject ExistingDomainPattern(string? owner = OwnerAccount)
    {
        var parameters = new Dictionary<string, string> { ["ExistingDomainName"] = "acme", ["ExistingRepositoryName"] = "releases" };
        if (owner is not null)
        {
            parameters["ExistingDomainOwner"] = owner;
        }

        var resolver = new IntrinsicResolver(Template, parameters, StackAccount, "eu-north-1");
        Assert.Empty(resolver.FailedRuleAssertions());
        var pattern = SamTemplate.PropertiesOf(Template.Resource("PackageVersionChangedRule"))["EventPattern"];
        return TemplateToJson.Convert(resolver.Resolve(pattern))!.AsObject();
    }

    /// <summary>The sample publish, as it happens in acme/releases owned by <paramref name="owner"/>, received by <paramref name="receiver"/>.</summary>
    private static JsonObject ExistingDomainEvent(string receiver, string owner = OwnerAccount, string repository = "releases")
    {
        var @event = Event("generic-publish-created.json");
        @event["account"] = receiver;
        @event["region"] = "eu-north-1";
        @event["detail"]!["domainName"] = "acme";
        @event["detail"]!["domainOwner"] = owner;
        @event["detail"]!["repositoryName"] = repository;
        return @event;
    }

    [Theory]
    // CodeArtifact delivers to the repository's administrator (this account, a repository it made in a shared domain) ...
    [InlineData(StackAccount)]
    // ... and to the domain owner, whose rule may forward the event to this account's bus (the account field stays the owner's).
    [InlineData(OwnerAccount)]
    public void Rule_WhenItGovernsAnExistingDomainOfAnotherAccount_ShouldMatchItsRepositorysEvents(string receiver)
    {
        var @event = ExistingDomainEvent(receiver);

        Assert.True(EventPatternMatcher.Matches(ExistingDomainPattern(), @event));
    }

    [Theory]
    [InlineData(StackAccount, OwnerAccount, "other-repository")]
    [InlineData(StackAccount, "999999999999", "releases")]
    [InlineData("999999999999", OwnerAccount, "releases")]
    public void Rule_WhenItGovernsAnExistingDomain_ShouldNotMatchAnotherRepositoryOwnerOrReceiver(string receiver, string owner, string repository)
    {
        var @event = ExistingDomainEvent(receiver, owner, repository);

        Assert.False(EventPatternMatcher.Matches(ExistingDomainPattern(), @event));
    }

    [Fact]
    public void Rule_WhenItGovernsAnExistingDomainOfThisAccount_ShouldMatchOnlyThisAccountsDomain()
    {
        var pattern = ExistingDomainPattern(owner: null);

        Assert.True(EventPatternMatcher.Matches(pattern, ExistingDomainEvent(StackAccount, StackAccount)));
        Assert.False(EventPatternMatcher.Matches(pattern, ExistingDomainEvent(StackAccount, OwnerAccount)));
        Assert.Equal("""["123456789012"]""", pattern["account"]!.ToJsonString());
    }

    [Fact]
    public void Rule_WhenItGovernsAnExistingDomain_ShouldStillNotMatchTheStatusOnlyChangesOfItsOwnQuarantine()
    {
        var @event = Event("generic-status-change-unlisted.json");
        @event["account"] = StackAccount;
        @event["detail"]!["domainName"] = "acme";
        @event["detail"]!["domainOwner"] = OwnerAccount;
        @event["detail"]!["repositoryName"] = "releases";

        Assert.False(EventPatternMatcher.Matches(ExistingDomainPattern(), @event));
    }
}
