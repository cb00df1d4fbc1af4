namespace Governance.Core.Workflow;

public enum ReviewOutcomeKind
{
    /// <summary>Triage decided there is nothing to review (deleted, status-only change, out of scope, unfinished).</summary>
    Ignored,
    /// <summary>This version and revision was already decided and notified: a duplicate or a late redelivery.</summary>
    Duplicate,
    /// <summary>A verdict was reached (and acted on in enforce mode) and notified.</summary>
    Decided,
    /// <summary>The version no longer exists: a permanent condition, acknowledged without a verdict.</summary>
    Gone,
    /// <summary>A finished decision was evaluated again and stands: nothing changed, nothing was sent.</summary>
    Unchanged,
}

/// <summary>What one review did; the function logs it and turns it into metrics.</summary>
public sealed record ReviewOutcome(
    ReviewOutcomeKind Kind,
    string Reason,
    string? PackageUrl = null,
    string? Revision = null,
    string? VerdictOutcome = null,
    string? Action = null,
    bool ActionApplied = false,
    string? NotificationMessageId = null,
    long BytesVerified = 0);

/// <summary>
/// A fault worth retrying (throttling, a broken stream, a lost race, the deadline): the caller reports the record as
/// failed so the queue redelivers it. Permanent conditions are never this exception.
/// </summary>
public sealed class ReviewRetryableException : Exception
{
    public ReviewRetryableException() { }
    public ReviewRetryableException(string message) : base(message) { }
    public ReviewRetryableException(string message, Exception inner) : base(message, inner) { }
}
