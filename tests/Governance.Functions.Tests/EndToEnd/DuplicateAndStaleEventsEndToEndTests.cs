using System.Text.Json.Nodes;
using Governance.Aws.CodeArtifact;
using Governance.Functions.Tests.Support;

namespace Governance.Functions.Tests.EndToEnd;

/// <summary>
/// At-least-once delivery, reordering and the loop guard, with events re-delivered into the same delivery path the
/// stack's own CodeArtifact events take (built from the events the stack emitted).
/// </summary>
[Collection(EndToEndTestGroup.Name)]
public sealed class DuplicateAndStaleEventsEndToEndTests(FunctionProgramFixture fixture)
{
    [Fact]
    public async Task Review_WhenSameEventArrivesTwiceAndAnotherEventNamesSameRevision_ShouldChangeStatusOnceAndNotifyOnce()
    {
        var stack = await fixture.SharedStackAsync();
        await ReviewVerdictEndToEndTests.TamperedPublishAsync(stack, "dupes", "twice-plan", "1.0.0", StackHarness.AssetBytes("twice-plan", "1.0.0", "payload"));
        await stack.WaitForQuietAsync();

        var reviewed = stack.EmittedEvents("twice-plan").Last(e => e["detail"]!["packageVersionState"]!.GetValue<string>() == "Published");
        // The same event again (same id, same deduplication id): EventBridge's at-least-once delivery.
        stack.Redeliver(reviewed.DeepClone());
        // A different event for the same version and revision (new id and deduplication id).
        var sibling = reviewed.DeepClone().AsObject();
        sibling["id"] = Guid.NewGuid().ToString();
        sibling["detail"]!["eventDeduplicationId"] = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        stack.Redeliver(sibling);
        await stack.WaitForQuietAsync();

        var (described, decision, verdict) = await stack.CurrentVerdictAsync("generic", "dupes", "twice-plan", "1.0.0");
        Assert.Equal("Unlisted", described.Status);
        Assert.Single(stack.StatusOnlyChanges("twice-plan"));
        Assert.True(decision.Notified);
        Assert.Single(stack.EmailsMentioning(verdict.Package.Purl));
        Assert.Single(stack.SlackPayloadsMentioning(verdict.Package.Purl));
        var siblingReview = Assert.Single(FunctionLogLines.ReviewsOfEvent(stack.ReviewLog, sibling["id"]!.GetValue<string>()));
        Assert.Equal("Duplicate", siblingReview.GetProperty("outcome").GetString());
        Assert.Equal(2, FunctionLogLines.ReviewsOfEvent(stack.ReviewLog, reviewed["id"]!.GetValue<string>()).Count);
    }

    [Fact]
    public async Task Review_WhenEventIsStaleOrOutOfOrder_ShouldReviewTheCurrentRevision()
    {
        var stack = await fixture.SharedStackAsync();
        var first = await stack.PublishGenericAsync("stale", "late-event", "1.0.0", "a.bin", StackHarness.AssetBytes("late-event", "1.0.0", "a"), unfinished: true);
        await stack.PublishGenericAsync("stale", "late-event", "1.0.0", "b.bin", StackHarness.AssetBytes("late-event", "1.0.0", "b"));
        await stack.WaitForQuietAsync();
        var current = await stack.DescribeAsync("generic", "stale", "late-event", "1.0.0");
        var staleRevision = first.VersionRevision!;
        Assert.NotEqual(staleRevision, current.Revision);

        // The Created event, arriving late and claiming the version was Published at its old revision.
        var stale = stack.EmittedEvents("late-event")[0].DeepClone().AsObject();
        Assert.Equal(staleRevision, stale["detail"]!["packageVersionRevision"]!.GetValue<string>());
        stale["id"] = Guid.NewGuid().ToString();
        stale["detail"]!["packageVersionState"] = "Published";
        stale["detail"]!["eventDeduplicationId"] = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        stack.Redeliver(stale);
        await stack.WaitForQuietAsync();

        var review = Assert.Single(FunctionLogLines.ReviewsOfEvent(stack.ReviewLog, stale["id"]!.GetValue<string>()));
        Assert.Equal(current.Revision, review.GetProperty("revision").GetString());
        Assert.Equal("Duplicate", review.GetProperty("outcome").GetString());
        Assert.Null(await stack.DecisionAsync("generic", "stale", "late-event", "1.0.0", staleRevision));
        var (_, decision, verdict) = await stack.CurrentVerdictAsync("generic", "stale", "late-event", "1.0.0");
        Assert.Equal(current.Revision, verdict.Package.Revision);
        Assert.Equal(2, verdict.Assets.Count);
        Assert.True(decision.Notified);
        Assert.Single(stack.EmailsMentioning(verdict.Package.Purl));
    }

    [Fact]
    public async Task Review_WhenEventIsOurOwnStatusChange_ShouldIgnoreIt()
    {
        var stack = await fixture.SharedStackAsync();
        await stack.PublishNpmAsync(null, "loop-guard", "1.0.0", "AGPL-3.0-only");
        await stack.WaitForQuietAsync();

        var ours = Assert.Single(stack.StatusOnlyChanges("loop-guard"));
        Assert.Equal("Unlisted", ours["detail"]!["packageVersionState"]!.GetValue<string>());
        stack.Redeliver(ours.DeepClone());
        await stack.WaitForQuietAsync();

        var reviews = FunctionLogLines.ReviewsOfEvent(stack.ReviewLog, ours["id"]!.GetValue<string>());
        Assert.Equal(2, reviews.Count);
        Assert.All(reviews, r => Assert.Equal("Ignored", r.GetProperty("outcome").GetString()));
        Assert.All(reviews, r => Assert.Contains("only the status changed", r.GetProperty("reason").GetString(), StringComparison.Ordinal));
        Assert.Single(stack.StatusOnlyChanges("loop-guard"));
        var (described, _, verdict) = await stack.CurrentVerdictAsync("npm", null, "loop-guard", "1.0.0");
        Assert.Equal("Unlisted", described.Status);
        Assert.Single(stack.EmailsMentioning(verdict.Package.Purl));
    }

    [Fact]
    public async Task Review_WhenAssetsAreAddedAfterAnEarlierRevision_ShouldReviewTheNewRevisionAgain()
    {
        var stack = await fixture.SharedStackAsync();
        await stack.PublishGenericAsync("revisions", "growing", "1.0.0", "a.bin", StackHarness.AssetBytes("growing", "1.0.0", "a"));
        await stack.WaitForQuietAsync();
        var (firstDescribed, firstDecision, firstVerdict) = await stack.CurrentVerdictAsync("generic", "revisions", "growing", "1.0.0");
        Assert.Equal("Published", firstDescribed.Status);
        Assert.True(firstDecision.Notified);

        // CodeArtifact refuses new assets on a Published version (ConflictException), so a new revision of a reviewed
        // version comes from a publish that re-opens nothing: it is refused, and the decision stands...
        var refused = await Assert.ThrowsAsync<ConflictException>(() =>
            stack.PublishGenericAsync("revisions", "growing", "1.0.0", "b.bin", StackHarness.AssetBytes("growing", "1.0.0", "b")));
        Assert.Contains("Unfinished", refused.Message, StringComparison.Ordinal);

        // ...while a version still open for assets gets a new revision with each asset, and the revision that
        // completes the publish is the one reviewed, whatever was decided for the version before.
        await stack.PublishGenericAsync("revisions", "growing", "2.0.0", "a.bin", StackHarness.AssetBytes("growing", "2.0.0", "a"), unfinished: true);
        await stack.PublishGenericAsync("revisions", "growing", "2.0.0", "b.bin", StackHarness.AssetBytes("growing", "2.0.0", "b"), unfinished: true);
        await stack.PublishGenericAsync("revisions", "growing", "2.0.0", "c.bin", StackHarness.AssetBytes("growing", "2.0.0", "c"));
        await stack.WaitForQuietAsync();

        var (described, decision, verdict) = await stack.CurrentVerdictAsync("generic", "revisions", "growing", "2.0.0");
        Assert.Equal("Published", described.Status);
        Assert.Equal(3, verdict.Assets.Count);
        Assert.True(decision.Notified);
        var (_, stillFirst, _) = await stack.CurrentVerdictAsync("generic", "revisions", "growing", "1.0.0");
        Assert.Equal(firstDecision.NotificationMessageId, stillFirst.NotificationMessageId);
        Assert.Single(stack.EmailsMentioning(firstVerdict.Package.Purl));
        Assert.Single(stack.EmailsMentioning(verdict.Package.Purl));
    }
}
