using Governance.Core.Packages;
using Governance.Core.Ports;

namespace Governance.Aws.Tests.Ledger;

/// <summary>
/// The life-cycle part of the ledger contract: the states a decision moves through, re-evaluation's conditional
/// reopen and reschedule, the due listing, the paged listing of finished decisions and the sweep's own state. Run
/// against every adapter: <see cref="FileDecisionLedgerTests"/> and <see cref="DynamoDbDecisionLedgerTests"/> derive from it (through <see cref="DecisionRevisionsContractTests"/>).
/// </summary>
public abstract class DecisionLifeCycleContractTests : DecisionLedgerContractTests
{
    [Fact]
    public async Task States_ShouldMoveInProgressDecidedActedNotified()
    {
        var key = NewKey();
        await Ledger.TryBeginAsync(key, "holder-a", TimeSpan.FromMinutes(5), Bounded());
        Assert.Equal(DecisionState.InProgress, (await Ledger.GetAsync(key, Bounded()))!.State);
        await Ledger.CompleteAsync(Decided(key, "holder-a"), Bounded());
        var decided = (await Ledger.GetAsync(key, Bounded()))!;
        Assert.Equal(DecisionState.Decided, decided.State);
        Assert.Equal(PackageVersionStatus.Published, decided.ObservedStatus);
        Assert.Equal("""{"subject":1}""", decided.SubjectJson);
        Assert.Equal("sha256:policy", decided.PolicyDigest);

        await Ledger.MarkActedAsync(key, applied: true, PackageVersionStatus.Unlisted, Bounded());
        var acted = (await Ledger.GetAsync(key, Bounded()))!;
        Assert.Equal(DecisionState.Acted, acted.State);
        Assert.Equal(PackageVersionStatus.Unlisted, acted.ResultingStatus);
        Assert.True(acted.ActionApplied);

        await Ledger.MarkNotifiedAsync(key, "m-1", Bounded());
        await Ledger.MarkNotifiedAsync(key, "m-1", Bounded()); // a retried step changes nothing
        Assert.Equal(DecisionState.Notified, (await Ledger.GetAsync(key, Bounded()))!.State);
        Assert.Equal(LedgerClaimKind.AlreadyDecided, (await Ledger.TryBeginAsync(key, "holder-b", TimeSpan.FromMinutes(5), Bounded())).Kind);
    }

    [Fact]
    public async Task MarkActed_WhenNotDecided_ShouldThrowConflict()
    {
        var key = NewKey();
        await Ledger.TryBeginAsync(key, "holder-a", TimeSpan.FromMinutes(5), Bounded());
        await Assert.ThrowsAsync<Aws.Ledger.LedgerConflictException>(() => Ledger.MarkActedAsync(key, true, PackageVersionStatus.Unlisted, Bounded()));
    }

    [Fact]
    public async Task Reopen_WhenTwoReevaluationsRace_ShouldLetExactlyOneDecide()
    {
        var key = await ActedAsync();
        await Ledger.MarkNotifiedAsync(key, "m-1", Bounded());

        var first = await Ledger.ReopenAsync(Decided(key, "sweep-1", evaluation: 2), Bounded());
        var second = await Ledger.ReopenAsync(Decided(key, "sweep-2", evaluation: 2), Bounded());

        Assert.True(first);
        Assert.False(second);
        var stored = (await Ledger.GetAsync(key, Bounded()))!;
        Assert.Equal(2, stored.Evaluation);
        Assert.Equal(DecisionState.Decided, stored.State);
        Assert.Equal("sweep-1", stored.Holder);
        Assert.Null(stored.NotificationMessageId);
    }

    [Fact]
    public async Task Reopen_WhenTheDecisionIsNotFinished_ShouldRefuse()
    {
        var key = NewKey();
        await Ledger.TryBeginAsync(key, "holder-a", TimeSpan.FromMinutes(5), Bounded());
        await Ledger.CompleteAsync(Decided(key, "holder-a"), Bounded());

        Assert.False(await Ledger.ReopenAsync(Decided(key, "sweep", evaluation: 2), Bounded()));
        Assert.Equal(1, (await Ledger.GetAsync(key, Bounded()))!.Evaluation);
    }

    [Fact]
    public async Task RecordReceipt_OfAnEarlierEvaluation_ShouldNotCountForTheReopenedOne()
    {
        var key = await ActedAsync();
        await Ledger.MarkNotifiedAsync(key, "m-1", Bounded());
        Assert.True(await Ledger.ReopenAsync(Decided(key, "sweep", evaluation: 2), Bounded()));

        Assert.Equal(ReceiptResult.AlreadyRecorded, await Ledger.RecordReceiptAsync(key, 1, "m-1", Clock.UtcNow, Bounded()));
        Assert.Null((await Ledger.GetAsync(key, Bounded()))!.ReceiptMessageId);
        Assert.Equal(ReceiptResult.Recorded, await Ledger.RecordReceiptAsync(key, 2, "m-2", Clock.UtcNow, Bounded()));
        Assert.Equal("m-2", (await Ledger.GetAsync(key, Bounded()))!.ReceiptMessageId);
    }

    [Fact]
    public async Task Due_ShouldListOnlyDecisionsDueByNow_AndRescheduleShouldMoveOrClearThem()
    {
        var soon = await ActedAsync(dueAt: Clock.UtcNow.AddHours(1));
        var later = await ActedAsync(dueAt: Clock.UtcNow.AddDays(3));
        var never = await ActedAsync();

        Assert.DoesNotContain(await Ledger.DueAsync(Clock.UtcNow, 100, Bounded()), r => r.Key == soon || r.Key == later || r.Key == never);
        var dueInTwoHours = await Ledger.DueAsync(Clock.UtcNow.AddHours(2), 100, Bounded());
        Assert.Contains(dueInTwoHours, r => r.Key == soon);
        Assert.DoesNotContain(dueInTwoHours, r => r.Key == later || r.Key == never);

        Assert.True(await Ledger.RescheduleAsync(soon, 1, null, "sha256:new", Bounded()));
        Assert.False(await Ledger.RescheduleAsync(later, 7, null, "sha256:new", Bounded()), "a reschedule of another evaluation changes nothing");
        var dueInAWeek = await Ledger.DueAsync(Clock.UtcNow.AddDays(7), 100, Bounded());
        Assert.DoesNotContain(dueInAWeek, r => r.Key == soon);
        Assert.Contains(dueInAWeek, r => r.Key == later);
        Assert.Equal("sha256:new", (await Ledger.GetAsync(soon, Bounded()))!.PolicyDigest);
    }

    [Fact]
    public async Task Finished_ShouldPageThroughEveryFinishedDecisionOnce()
    {
        var finished = new HashSet<DecisionKey>();
        for (var i = 0; i < 7; i++)
        {
            finished.Add(await ActedAsync());
        }

        var unfinished = NewKey();
        await Ledger.TryBeginAsync(unfinished, "holder-a", TimeSpan.FromMinutes(5), Bounded());

        var seen = new List<DecisionKey>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Ledger.FinishedAsync(cursor, 3, Bounded());
            seen.AddRange(page.Records.Select(r => r.Key));
            cursor = page.Next;
            Assert.True(++pages < 1000, "the listing must end");
        }
        while (cursor is not null);

        Assert.Superset(finished, seen.ToHashSet());
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.DoesNotContain(unfinished, seen);
    }

    [Fact]
    public async Task SweepState_ShouldRoundTrip()
    {
        Assert.Null(await Ledger.GetSweepStateAsync(Bounded()));
        await Ledger.SaveSweepStateAsync(new SweepState("sha256:a", "cursor-1", Clock.UtcNow), Bounded());
        var saved = await Ledger.GetSweepStateAsync(Bounded());
        Assert.Equal("sha256:a", saved?.PolicyDigest);
        Assert.Equal("cursor-1", saved?.Cursor);
        await Ledger.SaveSweepStateAsync(new SweepState("sha256:b", null, Clock.UtcNow), Bounded());
        Assert.Null((await Ledger.GetSweepStateAsync(Bounded()))?.Cursor);
    }
}
