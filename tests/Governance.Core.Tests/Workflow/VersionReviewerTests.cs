using Governance.Core.Packages;
using Governance.Core.Ports;
using Governance.Core.Workflow;

namespace Governance.Core.Tests.Workflow;

/// <summary>The forward page of a review and its resumption from every step a crash can stop it at.</summary>
public sealed class VersionReviewerTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private const string Enforce = "mode: enforce\nquarantineStatus: Unlisted\n";

    [Fact]
    public async Task Review_WhenTheVersionPasses_ShouldRecordEachStepAndNotifyOnce()
    {
        var bench = new ReviewBench();
        var id = bench.AddNpm("left-pad", "MIT");

        var outcome = await bench.Reviewer(ReviewBench.Policy(Enforce)).ReviewVersionAsync(id, None);

        Assert.Equal(ReviewOutcomeKind.Decided, outcome.Kind);
        var record = Assert.Single(bench.Ledger.All);
        Assert.Equal(DecisionState.Notified, record.State);
        Assert.Equal(PackageVersionStatus.Published, record.ObservedStatus);
        Assert.Equal(PackageVersionStatus.Published, record.ResultingStatus);
        Assert.Equal(1, record.Evaluation);
        Assert.NotNull(record.SubjectJson);
        Assert.StartsWith("sha256:", record.PolicyDigest, StringComparison.Ordinal);
        Assert.Null(record.DueAt);
        Assert.Single(bench.Publisher.Messages);
        Assert.Empty(bench.Source.StatusUpdates);
    }

    [Fact]
    public async Task Review_WhenTheVersionFails_ShouldQuarantineAndRecordTheStatusItLeft()
    {
        var bench = new ReviewBench();
        var id = bench.AddNpm("copyleft", "GPL-3.0-only");

        await bench.Reviewer(ReviewBench.Policy(Enforce)).ReviewVersionAsync(id, None);

        Assert.Equal(PackageVersionStatus.Unlisted, bench.Source.StatusOf(id));
        var record = Assert.Single(bench.Ledger.All);
        Assert.Equal(PackageVersionStatus.Unlisted, record.ResultingStatus);
        Assert.True(record.ActionApplied);
    }

    public static TheoryData<string> Steps() => [.. CrashPoints.All];

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task Review_WhenItCrashesAtAStep_ShouldResumeThereAndSetTheStatusOnce(string step)
    {
        var bench = new ReviewBench();
        var id = bench.AddNpm("crashy", "GPL-3.0-only");
        var policy = ReviewBench.Policy(Enforce);
        await Assert.ThrowsAsync<SimulatedCrash>(() => bench.Reviewer(policy, crash: s => { if (s == step) { throw new SimulatedCrash(); } }).ReviewVersionAsync(id, None));

        // The retry runs in another sandbox after the crashed one's lease.
        bench.Clock.Advance(TimeSpan.FromMinutes(16));
        var retry = await bench.Reviewer(policy, holder: "review#b").ReviewVersionAsync(id, None);

        Assert.Equal(ReviewOutcomeKind.Decided, retry.Kind);
        Assert.Single(bench.Source.StatusUpdates);
        Assert.Equal(PackageVersionStatus.Unlisted, bench.Source.StatusOf(id));
        Assert.Equal(DecisionState.Notified, Assert.Single(bench.Ledger.All).State);
        // Without delivery receipts a crash after the publish is at-least-once: the retry cannot know it was sent.
        Assert.Equal(step == CrashPoints.AfterPublish ? 2 : 1, bench.Publisher.Messages.Count);
        Assert.Single(bench.Source.Downloads);
    }

    [Fact]
    public async Task Review_WhenArchivedAndItCrashedAfterTheStatusUpdate_ShouldFinishFromTheLedgerWithoutDownloading()
    {
        // An Archived version serves no asset: a retry that read the assets again would fail until it dead-letters.
        var bench = new ReviewBench();
        var id = bench.AddNpm("archived", "GPL-3.0-only");
        var policy = ReviewBench.Policy("mode: enforce\nquarantineStatus: Archived\n");
        await Assert.ThrowsAsync<SimulatedCrash>(() => bench.Reviewer(policy, crash: s => { if (s == CrashPoints.AfterStatusUpdate) { throw new SimulatedCrash(); } }).ReviewVersionAsync(id, None));
        Assert.Equal(PackageVersionStatus.Archived, bench.Source.StatusOf(id));

        bench.Clock.Advance(TimeSpan.FromMinutes(16));
        var retry = await bench.Reviewer(policy, holder: "review#b").ReviewVersionAsync(id, None);

        Assert.Equal(ReviewOutcomeKind.Decided, retry.Kind);
        Assert.Single(bench.Publisher.Messages);
        Assert.Single(bench.Source.Downloads);
        Assert.Equal(PackageVersionStatus.Archived, Assert.Single(bench.Ledger.All).ResultingStatus);
    }

    [Fact]
    public async Task Review_WhenAnotherSandboxIsStillFinishingTheDecision_ShouldRetryLater()
    {
        var bench = new ReviewBench();
        var id = bench.AddNpm("busy", "GPL-3.0-only");
        var policy = ReviewBench.Policy(Enforce);
        await Assert.ThrowsAsync<SimulatedCrash>(() => bench.Reviewer(policy, crash: s => { if (s == CrashPoints.AfterDecision) { throw new SimulatedCrash(); } }).ReviewVersionAsync(id, None));

        var retry = await Assert.ThrowsAsync<ReviewRetryableException>(() => bench.Reviewer(policy, holder: "review#b").ReviewVersionAsync(id, None));

        Assert.Contains("held by review#a", retry.Message, StringComparison.Ordinal);
        Assert.Empty(bench.Source.StatusUpdates);
    }

    [Fact]
    public async Task Review_WhenTheVersionWasAlreadyDecidedAndNotified_ShouldBeADuplicate()
    {
        var bench = new ReviewBench();
        var id = bench.AddNpm("twice", "MIT");
        var reviewer = bench.Reviewer(ReviewBench.Policy(Enforce));
        await reviewer.ReviewVersionAsync(id, None);

        var again = await reviewer.ReviewVersionAsync(id, None);

        Assert.Equal(ReviewOutcomeKind.Duplicate, again.Kind);
        Assert.Single(bench.Publisher.Messages);
    }

    private sealed class SimulatedCrash : Exception;
}
