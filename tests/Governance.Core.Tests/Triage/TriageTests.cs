using System.Text.Json.Nodes;
using Governance.Core.Events;
using Governance.Core.Policy;
using TriageEngine = Governance.Core.Triage.Triage;
using Governance.Core.Triage;

namespace Governance.Core.Tests.Triage;

public class TriageTests
{
    private static PackageVersionStateChange Event(string file, Action<JsonNode>? edit = null)
    {
        var node = JsonNode.Parse(Fixtures.Event(file))!;
        edit?.Invoke(node);
        var result = CodeArtifactEventParser.Parse(node.ToJsonString());
        Assert.True(result.Success, result.Error?.ToString());
        return result.Event;
    }

    private static GovernancePolicy Policy(string yaml = "") =>
        yaml.Length == 0 ? DefaultPolicy.Policy : PolicyLoader.LoadFromText(yaml, "t.yaml").Policy!;

    [Theory]
    [InlineData("generic-publish-created.json")]
    [InlineData("npm-publish-created.json")]
    [InlineData("maven-upstream-retained-created.json")]
    public void Decide_WhenNewVersionPublished_ShouldReview(string file)
    {
        var decision = TriageEngine.Decide(Event(file), Policy());
        Assert.True(decision.Review, decision.Explanation);
        Assert.Null(decision.Reason);
    }

    [Fact]
    public void Decide_WhenOnlyStatusChangedToUnlisted_ShouldIgnoreAsLoopGuard()
    {
        var decision = TriageEngine.Decide(Event("generic-status-change-unlisted.json"), Policy());
        Assert.False(decision.Review);
        Assert.Equal(IgnoreReason.StatusOnlyChange, decision.Reason);
        Assert.Equal("Qk3Zr7uYp0WcB9xN2sLd5HfT8aEoJ1mGiVtC6yRe4Ug=", decision.DeduplicationId);
    }

    [Fact]
    public void Decide_WhenOnlyStatusChangedToPublished_ShouldReviewBecauseAPublishCompleted()
    {
        var evt = Event("generic-status-change-unlisted.json", n => n["detail"]!["packageVersionState"] = "Published");
        Assert.True(TriageEngine.Decide(evt, Policy()).Review);
    }

    [Fact]
    public void Decide_WhenDeleted_ShouldIgnore()
    {
        var evt = Event("npm-publish-created.json", n => n["detail"]!["operationType"] = "Deleted");
        Assert.Equal(IgnoreReason.Deleted, TriageEngine.Decide(evt, Policy()).Reason);
    }

    [Fact]
    public void Decide_WhenUnfinished_ShouldWaitForPublish()
    {
        var evt = Event("generic-publish-created.json", n => n["detail"]!["packageVersionState"] = "Unfinished");
        Assert.Equal(IgnoreReason.NotReviewableState, TriageEngine.Decide(evt, Policy()).Reason);
    }

    [Fact]
    public void Decide_WhenRepositoryOutOfScope_ShouldIgnoreAndSaySo()
    {
        var decision = TriageEngine.Decide(Event("npm-publish-created.json"), Policy("scope:\n  repositories: [nextwork-*]\n"));
        Assert.Equal(IgnoreReason.RepositoryOutOfScope, decision.Reason);
        Assert.Contains("team-npm", decision.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_WhenFormatOutOfScope_ShouldIgnore()
    {
        var decision = TriageEngine.Decide(Event("maven-upstream-retained-created.json"), Policy("scope:\n  formats: [npm]\n"));
        Assert.Equal(IgnoreReason.FormatOutOfScope, decision.Reason);
    }
}
