namespace Governance.Core.Ports;

/// <summary>
/// The record of every decision: makes duplicate events harmless, lets a retry after a crash converge, and is the
/// audit trail. Keyed by version identity + revision (<see cref="DecisionKey"/>).
/// </summary>
public interface IDecisionLedger
{
    /// <summary>
    /// Claims the key for a review with a lease: a conditional write that succeeds when there is no record, or when
    /// the record is in progress with an expired lease (its holder crashed).
    /// </summary>
    Task<LedgerClaim> TryBeginAsync(DecisionKey key, string holder, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Stores the decision (verdict, action taken) for a key this holder claimed.</summary>
    Task CompleteAsync(DecisionRecord record, CancellationToken cancellationToken);

    /// <summary>Marks the decision's notification as sent (the last step; a retry that finds it set sends nothing).</summary>
    Task MarkNotifiedAsync(DecisionKey key, string messageId, CancellationToken cancellationToken);

    /// <summary>
    /// Records when a notification for a decided key was (about to be) published again: a retry that finds a recent
    /// start and no receipt waits for the receipt instead of publishing a second time.
    /// </summary>
    Task MarkNotificationStartedAsync(DecisionKey key, DateTimeOffset startedAt, CancellationToken cancellationToken);

    /// <summary>
    /// Records that the topic delivered the decision's notification to a subscriber (the notify function): the proof
    /// that a publish whose "notified" mark was lost in a crash did happen. The first receipt wins; later ones change
    /// nothing.
    /// </summary>
    Task<ReceiptResult> RecordReceiptAsync(DecisionKey key, string messageId, DateTimeOffset receivedAt, CancellationToken cancellationToken);

    Task<DecisionRecord?> GetAsync(DecisionKey key, CancellationToken cancellationToken);
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
    /// <summary>A decision exists; <see cref="LedgerClaim.Existing"/> tells whether it was acted on and notified.</summary>
    AlreadyDecided,
}

public enum ReceiptResult
{
    /// <summary>The first receipt for the decision: now recorded.</summary>
    Recorded,
    /// <summary>A receipt was already recorded (the topic delivered the message again): nothing changed.</summary>
    AlreadyRecorded,
    /// <summary>The ledger has no decided record for the key (expired, or published by another deployment).</summary>
    UnknownDecision,
}

public sealed record LedgerClaim(LedgerClaimKind Kind, DecisionRecord? Existing);

public enum DecisionState
{
    InProgress,
    Decided,
}

/// <summary>
/// One decision. <see cref="VerdictJson"/> is the machine verdict document (the notification's default).
/// <see cref="NotificationStartedAt"/> is when its notification was (about to be) published; <see cref="ReceiptMessageId"/>
/// and <see cref="ReceivedAt"/> are written by the topic's subscriber when the message reached it.
/// </summary>
public sealed record DecisionRecord(
    DecisionKey Key,
    DecisionState State,
    string Holder,
    DateTimeOffset LeaseExpires,
    string? Outcome,
    string? Action,
    bool ActionApplied,
    string? VerdictJson,
    bool Notified,
    string? NotificationMessageId,
    DateTimeOffset UpdatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? NotificationStartedAt = null,
    string? ReceiptMessageId = null,
    DateTimeOffset? ReceivedAt = null);
