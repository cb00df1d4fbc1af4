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

public sealed record LedgerClaim(LedgerClaimKind Kind, DecisionRecord? Existing);

public enum DecisionState
{
    InProgress,
    Decided,
}

/// <summary>One decision. <see cref="VerdictJson"/> is the machine verdict document (the notification's default).</summary>
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
    DateTimeOffset ExpiresAt);
