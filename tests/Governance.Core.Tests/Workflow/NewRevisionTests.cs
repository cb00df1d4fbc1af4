using System.Text;
using Governance.Core.Packages;
using Governance.Core.Ports;
using Governance.Core.Workflow;

namespace Governance.Core.Tests.Workflow;

/// <summary>
/// A status change that gives the version a new revision (what AWS may do; the package source's switch plays it): a
/// person's release is kept, this system's own change echoed is the same decision, other content is reviewed afresh,
/// and a crash in the middle of any of it converges. No path downloads the assets again or notifies twice.
/// </summary>
public sealed class NewRevisionTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private const string Enforce = "mode: enforce\nquarantineStatus: Unlisted\n";

    private static (ReviewBench Bench, PackageVersionId Id) Quarantined(string name)
    {
        var bench = new ReviewBench();
        bench.Source.NewRevisionOnStatusChange = true;
        var id = bench.AddNpm(name, "GPL-3.0-only");
        return (bench, id);
    }

    [Fact]
    public async Task Review_WhenAPersonReleasesAQuarantinedVersionUnderANewRevision_ShouldKeepItWithoutDownloadOrNotification()
    {
        var (bench, id) = Quarantined("released");
        var policy = ReviewBench.Policy(Enforce);
        await bench.Reviewer(policy).ReviewVersionAsync(id, None);
        var quarantinedAt = bench.Source.RevisionOf(id);
        Assert.NotEqual("rev-1", quarantinedAt); // the switch is on: our own status change made a revision

        bench.Source.SetStatusByHand(id, PackageVersionStatus.Published);
        var outcome = await bench.Reviewer(policy, "review#b").ReviewVersionAsync(id, None);

        Assert.Equal(ReviewOutcomeKind.Ignored, outcome.Kind);
        Assert.Contains("set by a person", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(PackageVersionStatus.Published, bench.Source.StatusOf(id));
        var kept = Assert.Single(bench.Ledger.All, r => r.Key.Revision == bench.Source.RevisionOf(id));
        Assert.Equal(DecisionState.Notified, kept.State);
        Assert.Equal(NewRevisionRule.PersonKeptTrigger, kept.Trigger);
        Assert.Equal(PackageVersionStatus.Unlisted, kept.ResultingStatus); // the status this system left
        Assert.Equal(PackageVersionStatus.Published, kept.ObservedStatus);
        Assert.False(kept.ActionApplied);
        Assert.Null(kept.DueAt);
        Assert.Single(bench.Source.Downloads);
        Assert.Single(bench.Publisher.Messages);
        Assert.Equal([PackageVersionStatus.Unlisted], bench.Source.StatusUpdates.Select(u => u.Target));

        // A duplicate of the release event, and a sweep under a policy that would archive it, change nothing.
        Assert.Equal(ReviewOutcomeKind.Duplicate, (await bench.Reviewer(policy, "review#c").ReviewVersionAsync(id, None)).Kind);
        await bench.Sweep(ReviewBench.Policy("mode: enforce\nquarantineStatus: Archived\n")).RunAsync(None);
        Assert.Equal(PackageVersionStatus.Published, bench.Source.StatusOf(id));
        Assert.Single(bench.Publisher.Messages);
        Assert.Single(bench.Source.Downloads);
    }

    [Fact]
    public async Task Review_WhenThisSystemsQuarantineComesBackUnderANewRevision_ShouldRecordTheSameDecision()
    {
        var (bench, id) = Quarantined("echoed");
        var policy = ReviewBench.Policy(Enforce);
        await bench.Reviewer(policy).ReviewVersionAsync(id, None);
        var first = Assert.Single(bench.Ledger.All);

        var outcome = await bench.Reviewer(policy, "review#b").ReviewVersionAsync(id, None);

        Assert.Equal(ReviewOutcomeKind.Duplicate, outcome.Kind);
        Assert.Equal(first.NotificationMessageId, outcome.NotificationMessageId);
        Assert.Equal(PackageVersionStatus.Unlisted, bench.Source.StatusOf(id));
        var same = Assert.Single(bench.Ledger.All, r => r.Key.Revision == bench.Source.RevisionOf(id));
        Assert.Equal(NewRevisionRule.SameDecisionTrigger, same.Trigger);
        Assert.Equal(first.VerdictJson, same.VerdictJson);
        Assert.Equal(first.Action, same.Action);
        Assert.True(same.ActionApplied);
        Assert.Equal(DecisionState.Notified, same.State);
        Assert.Single(bench.Source.Downloads);
        Assert.Single(bench.Publisher.Messages);
        Assert.Single(bench.Source.StatusUpdates);
    }

    [Fact]
    public async Task Sweep_WhenItsOwnReleaseComesBackUnderANewRevision_ShouldNotifyOnceAndMoveTheScheduleToTheNewRevision()
    {
        var bench = new ReviewBench();
        bench.Source.NewRevisionOnStatusChange = true;
        var policy = ReviewBench.Policy(Enforce + "cooldown:\n  minimumAge: 3d\n");
        var id = bench.AddNpm("fresh", "MIT", age: TimeSpan.FromHours(1));
        await bench.Reviewer(policy).ReviewVersionAsync(id, None);
        Assert.Equal(PackageVersionStatus.Unlisted, bench.Source.StatusOf(id));
        // The echo of the hold (Unlisted) is recorded as the same decision, and takes over the schedule.
        await bench.Reviewer(policy, "review#b").ReviewVersionAsync(id, None);
        Assert.Single(bench.Ledger.All, r => r.DueAt is not null && r.Key.Revision == bench.Source.RevisionOf(id));

        bench.Clock.Advance(TimeSpan.FromDays(3));
        var report = await bench.Sweep(policy).RunAsync(None);
        Assert.Equal(1, report.Changed);
        Assert.Equal(PackageVersionStatus.Published, bench.Source.StatusOf(id));
        var echo = await bench.Reviewer(policy, "review#c").ReviewVersionAsync(id, None);

        Assert.Equal(ReviewOutcomeKind.Duplicate, echo.Kind);
        Assert.Equal(2, bench.Publisher.Messages.Count); // the hold and the release
        Assert.Single(bench.Source.Downloads);
        Assert.Equal(3, bench.Ledger.All.Count);
        Assert.Equal(0, (await bench.Sweep(policy).RunAsync(None)).Changed);
        Assert.Equal(2, bench.Publisher.Messages.Count);
    }

    [Fact]
    public async Task Review_WhenTheNewRevisionHasNewContent_ShouldReviewItAfresh()
    {
        var bench = new ReviewBench();
        bench.Source.NewRevisionOnStatusChange = true;
        var policy = ReviewBench.Policy(Enforce);
        var id = bench.AddNpm("growing", "MIT");
        await bench.Reviewer(policy).ReviewVersionAsync(id, None);

        bench.Source.AddAsset(id, "extra.tgz", Encoding.UTF8.GetBytes("more"));
        var outcome = await bench.Reviewer(policy, "review#b").ReviewVersionAsync(id, None);

        Assert.Equal(ReviewOutcomeKind.Decided, outcome.Kind);
        var fresh = Assert.Single(bench.Ledger.All, r => r.Key.Revision == bench.Source.RevisionOf(id));
        Assert.Equal("published", fresh.Trigger);
        Assert.Equal(2, bench.Publisher.Messages.Count);
        Assert.Equal(3, bench.Source.Downloads.Count); // the first asset once per review, the new one once
    }

    public static TheoryData<string> CarryOverSteps() => [CrashPoints.AfterDecision, CrashPoints.BeforeNotify];

    [Theory]
    [MemberData(nameof(CarryOverSteps))]
    public async Task Review_WhenItCrashesWhileKeepingAPersonsRelease_ShouldFinishOnRetryWithoutActing(string step)
    {
        var (bench, id) = Quarantined("crashy");
        var policy = ReviewBench.Policy(Enforce);
        await bench.Reviewer(policy).ReviewVersionAsync(id, None);
        bench.Source.SetStatusByHand(id, PackageVersionStatus.Published);

        await Assert.ThrowsAsync<SimulatedCrash>(() =>
            bench.Reviewer(policy, "review#b", s => { if (s == step) { throw new SimulatedCrash(); } }).ReviewVersionAsync(id, None));
        bench.Clock.Advance(TimeSpan.FromMinutes(16));
        var retried = await bench.Reviewer(policy, "review#c").ReviewVersionAsync(id, None);

        Assert.Equal(ReviewOutcomeKind.Ignored, retried.Kind);
        Assert.Equal(PackageVersionStatus.Published, bench.Source.StatusOf(id));
        var kept = Assert.Single(bench.Ledger.All, r => r.Key.Revision == bench.Source.RevisionOf(id));
        Assert.Equal(DecisionState.Notified, kept.State);
        Assert.Equal(NewRevisionRule.PersonKeptTrigger, kept.Trigger);
        Assert.Single(bench.Publisher.Messages);
        Assert.Single(bench.Source.Downloads);
        Assert.Single(bench.Source.StatusUpdates);
    }

    [Fact]
    public async Task Review_WhenTheFirstReviewCrashedAfterItsStatusMadeANewRevision_ShouldFinishItOnceAndRecordTheEcho()
    {
        var (bench, id) = Quarantined("interrupted");
        var policy = ReviewBench.Policy(Enforce);
        await Assert.ThrowsAsync<SimulatedCrash>(() =>
            bench.Reviewer(policy, crash: s => { if (s == CrashPoints.AfterStatusUpdate) { throw new SimulatedCrash(); } }).ReviewVersionAsync(id, None));

        // While the crashed holder's lease runs, the new revision waits for it rather than deciding beside it.
        await Assert.ThrowsAsync<ReviewRetryableException>(() => bench.Reviewer(policy, "review#b").ReviewVersionAsync(id, None));
        bench.Clock.Advance(TimeSpan.FromMinutes(16));
        await bench.Reviewer(policy, "review#b").ReviewVersionAsync(id, None);

        Assert.Equal(PackageVersionStatus.Unlisted, bench.Source.StatusOf(id));
        Assert.Single(bench.Publisher.Messages);
        Assert.Single(bench.Source.Downloads);
        Assert.Single(bench.Source.StatusUpdates);
        Assert.Equal(2, bench.Ledger.All.Count);
        Assert.All(bench.Ledger.All, r => Assert.Equal(DecisionState.Notified, r.State));
    }

    private sealed class SimulatedCrash : Exception;
}
