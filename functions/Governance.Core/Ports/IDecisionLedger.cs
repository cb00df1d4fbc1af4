namespace Governance.Core.Ports;

/// <summary>
/// The record of every decision: makes duplicate events harmless, lets a retry after a crash converge, tells a
/// re-evaluation what this system decided (and which status it set), and is the audit trail. Keyed by version
/// identity + revision (<see cref="DecisionKey"/>). The ledger owns retention: every write sets the record's expiry.
/// </summary>
public interface IDecisionLedger
{
    /// <summary>
    /// Claims the key for a review with a lease: a conditional write that succeeds when there is no record, or when
    /// the record is in progress with an expired lease (its holder crashed) or held by this same holder.
    /// </summary>
    Task<LedgerClaim> TryBeginAsync(DecisionKey key, string holder, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Records the decision (state <see cref="DecisionState.Decided"/>) for a key this holder claimed, before the
    /// status is set, so a retry after a crash acts on the recorded verdict instead of reading the assets again.
    /// </summary>
    Task CompleteAsync(DecisionRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a finished decision with a re-evaluation's (<paramref name="reopened"/>, state
    /// <see cref="DecisionState.Decided"/>, <see cref="DecisionRecord.Evaluation"/> one higher): succeeds only when the
    /// stored record is still the evaluation before it and finished (acted or notified). False when another
    /// re-evaluation got there first: two sweeps never both decide.
    /// </summary>
    Task<bool> ReopenAsync(DecisionRecord reopened, CancellationToken cancellationToken);

    /// <summary>
    /// Records that a re-evaluation of evaluation <paramref name="evaluation"/> found nothing to change: when to look
    /// again (null: not by itself) and the policy it was checked against. False when the record moved on meanwhile.
    /// </summary>
    Task<bool> RescheduleAsync(DecisionKey key, int evaluation, DateTimeOffset? dueAt, string policyDigest, CancellationToken cancellationToken);

    /// <summary>Records that the decision's status action is done (or needed nothing): state <see cref="DecisionState.Acted"/>.</summary>
    Task MarkActedAsync(DecisionKey key, bool applied, Packages.PackageVersionStatus resultingStatus, CancellationToken cancellationToken);

    /// <summary>Marks the decision's notification as sent (the last step; a retry that finds it set sends nothing).</summary>
    Task MarkNotifiedAsync(DecisionKey key, string messageId, CancellationToken cancellationToken);

    /// <summary>
    /// Records when a notification for a decided key was (about to be) published again: a retry that finds a recent
    /// start and no receipt waits for the receipt instead of publishing a second time.
    /// </summary>
    Task MarkNotificationStartedAsync(DecisionKey key, DateTimeOffset startedAt, CancellationToken cancellationToken);

    /// <summary>
    /// Records that the topic delivered the notification of evaluation <paramref name="evaluation"/> to a subscriber
    /// (the notify function): the proof that a publish whose "notified" mark was lost in a crash did happen. The first
    /// receipt of an evaluation wins; a receipt of an earlier evaluation changes nothing.
    /// </summary>
    Task<ReceiptResult> RecordReceiptAsync(DecisionKey key, int evaluation, string messageId, DateTimeOffset receivedAt, CancellationToken cancellationToken);

    Task<DecisionRecord?> GetAsync(DecisionKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Every live decision of one version, one per revision (claims in progress included), in no particular order.
    /// A status change may give a version a new revision (AWS does not document whether it does): the review of a
    /// revision without a decision looks here for the decision of the same content under an earlier revision.
    /// </summary>
    Task<IReadOnlyList<DecisionRecord>> RevisionsAsync(string versionKey, CancellationToken cancellationToken);

    /// <summary>Decisions whose <see cref="DecisionRecord.DueAt"/> is at or before <paramref name="now"/>, earliest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<DecisionRecord>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// One page of every finished decision (for a re-evaluation after a policy change); <paramref name="cursor"/> is
    /// the previous page's <see cref="LedgerPage.Next"/>, null for the first page.
    /// </summary>
    Task<LedgerPage> FinishedAsync(string? cursor, int limit, CancellationToken cancellationToken);

    /// <summary>The sweep's own state (the policy it last re-evaluated for, and where a paged pass stopped).</summary>
    Task<SweepState?> GetSweepStateAsync(CancellationToken cancellationToken);

    Task SaveSweepStateAsync(SweepState state, CancellationToken cancellationToken);
}

/// <param name="VersionKey">A stable string for the version: the package version ARN-like path.</param>
public sealed record DecisionKey(string VersionKey, string Revision)
{
    public override string ToString() => $"{VersionKey}#{Revision}";
}

public enum LedgerClaimKind
{
    /// <summary>This holder now owns the review of the key.</summary>
    Claimed,
    /// <summary>Another holder owns an unexpired lease: treat as a transient conflict and let redelivery come back.</summary>
    HeldByOther,
    /// <summary>A decision exists; <see cref="LedgerClaim.Existing"/>'s state says how far it got.</summary>
    AlreadyDecided,
}

public enum ReceiptResult
{
    /// <summary>The first receipt for the decision's current evaluation: now recorded.</summary>
    Recorded,
    /// <summary>A receipt was already recorded (the topic delivered the message again), or it is of an earlier evaluation: nothing changed.</summary>
    AlreadyRecorded,
    /// <summary>The ledger has no decided record for the key (expired, or published by another deployment).</summary>
    UnknownDecision,
}

public sealed record LedgerClaim(LedgerClaimKind Kind, DecisionRecord? Existing);

/// <param name="Records">The page's records.</param>
/// <param name="Next">Where the next page starts; null after the last page.</param>
public sealed record LedgerPage(IReadOnlyList<DecisionRecord> Records, string? Next);

/// <summary>What the re-evaluation sweep remembers between runs.</summary>
/// <param name="PolicyDigest">The policy every finished decision has been re-evaluated against (or is being).</param>
/// <param name="Cursor">Where an unfinished pass over the finished decisions stopped; null when the pass is complete.</param>
public sealed record SweepState(string PolicyDigest, string? Cursor, DateTimeOffset UpdatedAt);
