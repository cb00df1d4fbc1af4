using System.Text.Json.Serialization;
using Governance.Core.Packages;

namespace Governance.Core.Ports;

/// <summary>
/// How far the decision on one version revision got. The review moves it forward one step at a time and a retry
/// resumes from the step recorded: InProgress → Decided → Acted → Notified (and a re-evaluation reopens a finished
/// record as Decided again, with <see cref="DecisionRecord.Evaluation"/> one higher).
/// </summary>
public enum DecisionState
{
    /// <summary>A review holds the key under a lease; nothing is decided yet. A crashed holder's claim is taken over after the lease.</summary>
    InProgress,
    /// <summary>
    /// The verdict is recorded; the status it calls for may not be set yet. A resumed review sets it from the record,
    /// never by reading the assets again (an Archived version no longer serves them).
    /// </summary>
    Decided,
    /// <summary>The status is set (or none was needed); the notification is pending, or was started at <see cref="DecisionRecord.NotificationStartedAt"/>.</summary>
    Acted,
    /// <summary>The notification was published: nothing is left to do until a re-evaluation reopens the record.</summary>
    Notified,
}

/// <summary>
/// One decision. Built through the named factories (<see cref="Claim"/>, <see cref="Decide"/>) and moved forward with
/// <c>with</c> by the ledgers; <see cref="ExpiresAt"/> is set by the ledger on every write (it owns retention).
/// </summary>
public sealed record DecisionRecord
{
    public required DecisionKey Key { get; init; }

    public required DecisionState State { get; init; }

    /// <summary>Who holds (or last held) the claim: unique per sandbox, see ReviewerOptions.Holder.</summary>
    public required string Holder { get; init; }

    public required DateTimeOffset LeaseExpires { get; init; }

    /// <summary>1 for the review of a new revision, then one more for each re-evaluation that reopened it.</summary>
    public int Evaluation { get; init; } = 1;

    /// <summary>The verdict's outcome (pass, warn, fail) and action (its attribute value), for queries and metrics.</summary>
    public string? Outcome { get; init; }

    public string? Action { get; init; }

    /// <summary>The machine verdict document (the notification's default).</summary>
    public string? VerdictJson { get; init; }

    /// <summary>
    /// What the evaluation looked at (facts, digests, evidence: <c>ReviewSubjectDocument</c>), so a re-evaluation
    /// under a new policy or a later clock needs no download; null when it did not fit the record.
    /// </summary>
    public string? SubjectJson { get; init; }

    /// <summary>The version's status when the decision was made: the condition of the status update.</summary>
    public PackageVersionStatus? ObservedStatus { get; init; }

    /// <summary>The status the version had when this system finished acting: a different status found later was set by someone else.</summary>
    public PackageVersionStatus? ResultingStatus { get; init; }

    public bool ActionApplied { get; init; }

    /// <summary>Why this evaluation happened: <c>published</c> for a review, else the re-evaluation's reason.</summary>
    public string Trigger { get; init; } = "published";

    /// <summary>When the decision must be looked at again (a cooldown's end, a waiver's expiry); null: never by itself.</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>The <c>GovernancePolicy.Digest</c> the decision was made under.</summary>
    public string? PolicyDigest { get; init; }

    public string? NotificationMessageId { get; init; }

    public DateTimeOffset? NotificationStartedAt { get; init; }

    /// <summary>Written by the topic's subscriber when this evaluation's message reached it.</summary>
    public string? ReceiptMessageId { get; init; }

    public DateTimeOffset? ReceivedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Set by the ledger from its retention on every write; a record past it is gone.</summary>
    public DateTimeOffset ExpiresAt { get; init; } = DateTimeOffset.MaxValue;

    [JsonIgnore]
    public bool Notified => State == DecisionState.Notified;

    /// <summary>Finished: acted on and notified, or acted on and waiting only for its notification.</summary>
    [JsonIgnore]
    public bool Finished => State is DecisionState.Acted or DecisionState.Notified;

    /// <summary>A new claim: <paramref name="holder"/> reviews <paramref name="key"/> until <paramref name="leaseExpires"/>.</summary>
    public static DecisionRecord Claim(DecisionKey key, string holder, DateTimeOffset leaseExpires, DateTimeOffset now) => new()
    {
        Key = key,
        State = DecisionState.InProgress,
        Holder = holder,
        LeaseExpires = leaseExpires,
        UpdatedAt = now,
    };

    /// <summary>
    /// A decision made, before its status is set. The holder keeps its lease until <paramref name="leaseExpires"/>
    /// while it acts and notifies; another holder resumes the decision only after that.
    /// </summary>
    public static DecisionRecord Decide(DecisionKey key, string holder, DecisionContent content, DateTimeOffset now, DateTimeOffset leaseExpires)
    {
        ArgumentNullException.ThrowIfNull(content);
        return new DecisionRecord
        {
            Key = key,
            State = DecisionState.Decided,
            Holder = holder,
            LeaseExpires = leaseExpires,
            Evaluation = content.Evaluation,
            Outcome = content.Outcome,
            Action = content.Action,
            VerdictJson = content.VerdictJson,
            SubjectJson = content.SubjectJson,
            ObservedStatus = content.ObservedStatus,
            Trigger = content.Trigger,
            DueAt = content.DueAt,
            PolicyDigest = content.PolicyDigest,
            NotificationStartedAt = now,
            UpdatedAt = now,
        };
    }
}

/// <summary>What a decision says, as the reviewer hands it to <see cref="DecisionRecord.Decide"/>.</summary>
public sealed record DecisionContent(
    int Evaluation,
    string Outcome,
    string Action,
    string VerdictJson,
    string? SubjectJson,
    PackageVersionStatus ObservedStatus,
    string Trigger,
    DateTimeOffset? DueAt,
    string PolicyDigest);
