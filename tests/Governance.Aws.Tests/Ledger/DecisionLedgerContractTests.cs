using Governance.Aws.Ledger;
using Governance.Core.Packages;
using Governance.Core.Ports;

namespace Governance.Aws.Tests.Ledger;

/// <summary>A clock the test moves by hand: lease expiry is about time, and waiting for real time is slow and flaky.</summary>
public sealed class ManualClock(DateTimeOffset start) : IClock
{
    public DateTimeOffset UtcNow { get; set; } = start;

    public void Advance(TimeSpan by) => UtcNow += by;
}

/// <summary>
/// The semantics every <see cref="IDecisionLedger"/> must have, run against each adapter (DynamoDB on moto_server,
/// the local JSON file store).
/// </summary>
public abstract class DecisionLedgerContractTests
{
    protected ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

    protected abstract IDecisionLedger Ledger { get; }

    protected static CancellationToken Bounded() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    protected static DecisionKey NewKey() =>
        new($"nextwork/123456789012/nextwork-devops-cicd/generic/ns/pkg-{Guid.NewGuid():N}/1.0.0", "REV" + Guid.NewGuid().ToString("N")[..6]);

    protected DecisionRecord Decided(DecisionKey key, string holder, int evaluation = 1, DateTimeOffset? dueAt = null) => DecisionRecord.Decide(
        key, holder, new DecisionContent(evaluation, "Rejected", "Unlisted", """{"verdict":"reject"}""", """{"subject":1}""",
            PackageVersionStatus.Published, evaluation == 1 ? "published" : "policy changed", dueAt, "sha256:policy"), Clock.UtcNow, Clock.UtcNow.AddMinutes(5));

    /// <summary>Claims, records and acts on a decision: the state a notification starts from.</summary>
    protected async Task<DecisionKey> ActedAsync(DecisionKey? key = null, DateTimeOffset? dueAt = null)
    {
        var k = key ?? NewKey();
        await Ledger.TryBeginAsync(k, "holder-a", TimeSpan.FromMinutes(5), Bounded());
        await Ledger.CompleteAsync(Decided(k, "holder-a", dueAt: dueAt), Bounded());
        await Ledger.MarkActedAsync(k, applied: true, PackageVersionStatus.Unlisted, Bounded());
        return k;
    }

    [Fact]
    public async Task RecordReceipt_WhenDecided_ShouldStoreTheFirstReceiptOnly()
    {
        var key = NewKey();
        await Ledger.TryBeginAsync(key, "holder-a", TimeSpan.FromMinutes(5), Bounded());
        await Ledger.CompleteAsync(Decided(key, "holder-a") with { NotificationStartedAt = Clock.UtcNow }, Bounded());

        var first = await Ledger.RecordReceiptAsync(key, 1, "sns-message-1", Clock.UtcNow.AddSeconds(1), Bounded());
        var again = await Ledger.RecordReceiptAsync(key, 1, "sns-message-2", Clock.UtcNow.AddSeconds(2), Bounded());

        Assert.Equal(ReceiptResult.Recorded, first);
        Assert.Equal(ReceiptResult.AlreadyRecorded, again);
        var stored = Assert.IsType<DecisionRecord>(await Ledger.GetAsync(key, Bounded()));
        Assert.Equal("sns-message-1", stored.ReceiptMessageId);
        Assert.Equal(Clock.UtcNow.AddSeconds(1).ToUnixTimeMilliseconds(), stored.ReceivedAt?.ToUnixTimeMilliseconds());
        Assert.Equal(Clock.UtcNow.ToUnixTimeMilliseconds(), stored.NotificationStartedAt?.ToUnixTimeMilliseconds());
        Assert.False(stored.Notified, "a receipt is not the reviewer's mark: only MarkNotified sets it");
    }

    [Fact]
    public async Task RecordReceipt_WhenTheKeyIsUnknownOrStillInProgress_ShouldSayUnknownAndStoreNothing()
    {
        var unknown = NewKey();
        var inProgress = NewKey();
        await Ledger.TryBeginAsync(inProgress, "holder-a", TimeSpan.FromMinutes(5), Bounded());

        Assert.Equal(ReceiptResult.UnknownDecision, await Ledger.RecordReceiptAsync(unknown, 1, "m-1", Clock.UtcNow, Bounded()));
        Assert.Equal(ReceiptResult.UnknownDecision, await Ledger.RecordReceiptAsync(inProgress, 1, "m-2", Clock.UtcNow, Bounded()));
        Assert.Null(await Ledger.GetAsync(unknown, Bounded()));
        Assert.Null((await Ledger.GetAsync(inProgress, Bounded()))?.ReceiptMessageId);
    }

    [Fact]
    public async Task MarkNotificationStarted_WhenActed_ShouldMoveTheStartAndKeepTheDecision()
    {
        var key = await ActedAsync();
        var restart = Clock.UtcNow.AddMinutes(3);

        await Ledger.MarkNotificationStartedAsync(key, restart, Bounded());

        var stored = Assert.IsType<DecisionRecord>(await Ledger.GetAsync(key, Bounded()));
        Assert.Equal(restart.ToUnixTimeMilliseconds(), stored.NotificationStartedAt?.ToUnixTimeMilliseconds());
        Assert.Equal(DecisionState.Acted, stored.State);
        Assert.Equal("""{"verdict":"reject"}""", stored.VerdictJson);
    }

    [Fact]
    public async Task MarkNotificationStarted_WhenNotDecided_ShouldThrowConflict()
    {
        var key = NewKey();
        await Ledger.TryBeginAsync(key, "holder-a", TimeSpan.FromMinutes(5), Bounded());

        await Assert.ThrowsAsync<LedgerConflictException>(() => Ledger.MarkNotificationStartedAsync(key, Clock.UtcNow, Bounded()));
    }

    [Fact]
    public async Task TryBegin_WhenKeyIsNew_ShouldClaimAndRecordInProgress()
    {
        var key = NewKey();
        var claim = await Ledger.TryBeginAsync(key, "holder-a", TimeSpan.FromMinutes(5), Bounded());
        Assert.Equal(LedgerClaimKind.Claimed, claim.Kind);
        var stored = await Ledger.GetAsync(key, Bounded());
        Assert.NotNull(stored);
        Assert.Equal(DecisionState.InProgress, stored.State);
        Assert.Equal("holder-a", stored.Holder);
        Assert.Equal(key, stored.Key);
        Assert.Equal(Clock.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds(), stored.LeaseExpires.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task TryBegin_WhenAnotherHolderHasUnexpiredLease_ShouldReportHeldByOther()
    {
        var key = NewKey();
        await Ledger.TryBeginAsync(key, "holder-a", TimeSpan.FromMinutes(5), Bounded());
        Clock.Advance(TimeSpan.FromMinutes(4));
        var claim = await Ledger.TryBeginAsync(key, "holder-b", TimeSpan.FromMinutes(5), Bounded());
        Assert.Equal(LedgerClaimKind.HeldByOther, claim.Kind);
        Assert.Equal("holder-a", claim.Existing?.Holder);
    }

    /// <summary>
    /// A holder named as the review function names them (FunctionProgram, SandboxHolder): two sandboxes of one function
    /// share the function name and, very likely, the process id (locally even the log stream); only the GUID drawn at
    /// init differs. The old name, <c>{function}/{process id}</c>, was the same for both.
    /// </summary>
    protected static string SandboxHolder(Guid sandbox) => $"governance-review@2025/11/25/[$LATEST]local#{sandbox:N}";

    [Fact]
    public async Task TryBegin_WhenTheSameHolderClaimsAgain_ShouldReEnterItsOwnClaim()
    {
        // A record retried in the same sandbox takes its own claim back at once instead of waiting out its lease:
        // the reason a holder's name must never be shared by two sandboxes.
        var key = NewKey();
        var sandbox = SandboxHolder(Guid.NewGuid());
        await Ledger.TryBeginAsync(key, sandbox, TimeSpan.FromMinutes(5), Bounded());
        Clock.Advance(TimeSpan.FromMinutes(1));

        var again = await Ledger.TryBeginAsync(key, sandbox, TimeSpan.FromMinutes(5), Bounded());

        Assert.Equal(LedgerClaimKind.Claimed, again.Kind);
        Assert.Equal(Clock.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds(), (await Ledger.GetAsync(key, Bounded()))?.LeaseExpires.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task TryBegin_WhenAnotherSandboxWithTheSameProcessIdClaims_ShouldReportHeldByOther()
    {
        var key = NewKey();
        var first = SandboxHolder(Guid.NewGuid());
        var second = SandboxHolder(Guid.NewGuid());

        var claimed = await Ledger.TryBeginAsync(key, first, TimeSpan.FromMinutes(5), Bounded());
        var refused = await Ledger.TryBeginAsync(key, second, TimeSpan.FromMinutes(5), Bounded());

        Assert.Equal(LedgerClaimKind.Claimed, claimed.Kind);
        Assert.Equal(LedgerClaimKind.HeldByOther, refused.Kind);
        Assert.Equal(first, refused.Existing?.Holder);
        Assert.Equal(first, (await Ledger.GetAsync(key, Bounded()))?.Holder);
        await Assert.ThrowsAsync<LedgerConflictException>(() => Ledger.CompleteAsync(Decided(key, second), Bounded()));
    }

    [Fact]
    public async Task TryBegin_WhenLeaseExpired_ShouldLetAnotherHolderTakeOver()
    {
        var key = NewKey();
        await Ledger.TryBeginAsync(key, "holder-a", TimeSpan.FromMinutes(5), Bounded());
        Clock.Advance(TimeSpan.FromMinutes(6));
        var claim = await Ledger.TryBeginAsync(key, "holder-b", TimeSpan.FromMinutes(5), Bounded());
        Assert.Equal(LedgerClaimKind.Claimed, claim.Kind);
        Assert.Equal("holder-a", claim.Existing?.Holder);
        Assert.Equal("holder-b", (await Ledger.GetAsync(key, Bounded()))?.Holder);
    }

    [Fact]
    public async Task Complete_WhenHolderCompletes_ShouldMakeLaterClaimsSeeTheDecision()
    {
        var key = NewKey();
        await Ledger.TryBeginAsync(key, "holder-a", TimeSpan.FromMinutes(5), Bounded());
        await Ledger.CompleteAsync(Decided(key, "holder-a"), Bounded());
        Clock.Advance(TimeSpan.FromHours(1));
        var claim = await Ledger.TryBeginAsync(key, "holder-b", TimeSpan.FromMinutes(5), Bounded());
        Assert.Equal(LedgerClaimKind.AlreadyDecided, claim.Kind);
        var existing = Assert.IsType<DecisionRecord>(claim.Existing);
        Assert.Equal(DecisionState.Decided, existing.State);
        Assert.Equal("Rejected", existing.Outcome);
        Assert.Equal("Unlisted", existing.Action);
        Assert.False(existing.ActionApplied, "recorded before acting: a retry acts from the record");
        Assert.Equal("""{"verdict":"reject"}""", existing.VerdictJson);
        Assert.False(existing.Notified);
    }

    [Fact]
    public async Task Complete_WhenLeaseWasTakenOver_ShouldThrowConflict()
    {
        var key = NewKey();
        await Ledger.TryBeginAsync(key, "holder-a", TimeSpan.FromMinutes(5), Bounded());
        Clock.Advance(TimeSpan.FromMinutes(6));
        await Ledger.TryBeginAsync(key, "holder-b", TimeSpan.FromMinutes(5), Bounded());
        await Assert.ThrowsAsync<LedgerConflictException>(() => Ledger.CompleteAsync(Decided(key, "holder-a"), Bounded()));
        Assert.Equal(DecisionState.InProgress, (await Ledger.GetAsync(key, Bounded()))?.State);
    }

    [Fact]
    public async Task Complete_WhenNeverClaimed_ShouldThrowConflict()
    {
        await Assert.ThrowsAsync<LedgerConflictException>(() => Ledger.CompleteAsync(Decided(NewKey(), "holder-a"), Bounded()));
    }

    [Fact]
    public async Task MarkNotified_WhenActed_ShouldRecordTheMessageId()
    {
        var key = await ActedAsync();
        await Ledger.MarkNotifiedAsync(key, "msg-1", Bounded());
        var stored = await Ledger.GetAsync(key, Bounded());
        Assert.True(stored?.Notified);
        Assert.Equal("msg-1", stored?.NotificationMessageId);
        Assert.Equal("Rejected", stored?.Outcome);
    }

    [Fact]
    public async Task MarkNotified_WhenNotDecided_ShouldThrowConflict()
    {
        var key = NewKey();
        await Ledger.TryBeginAsync(key, "holder-a", TimeSpan.FromMinutes(5), Bounded());
        await Assert.ThrowsAsync<LedgerConflictException>(() => Ledger.MarkNotifiedAsync(key, "msg-1", Bounded()));
    }

    [Fact]
    public async Task Get_WhenKeyUnknown_ShouldReturnNull()
    {
        Assert.Null(await Ledger.GetAsync(NewKey(), Bounded()));
    }

    [Fact]
    public async Task Get_WhenRecordPastItsExpiry_ShouldReturnNullAndAllowANewClaim()
    {
        var key = NewKey();
        await Ledger.TryBeginAsync(key, "holder-a", TimeSpan.FromMinutes(5), Bounded());
        await Ledger.CompleteAsync(Decided(key, "holder-a"), Bounded());
        Clock.Advance(LedgerRetention.Default + TimeSpan.FromDays(1));
        Assert.Null(await Ledger.GetAsync(key, Bounded()));
        Assert.Equal(LedgerClaimKind.Claimed, (await Ledger.TryBeginAsync(key, "holder-b", TimeSpan.FromMinutes(5), Bounded())).Kind);
    }
}
