using Governance.Core.Packages;
using Governance.Core.Policy;
using Governance.Core.Ports;

namespace Governance.Core.Workflow;

/// <summary>
/// A revision with no decision whose content was already decided under another revision of the same version. AWS
/// does not document whether a status change gives a version a new revision; if it does, a person's release of a
/// quarantined version, and this system's own status change, come back as events about a revision the ledger has
/// never seen. Decided afresh, the release would be quarantined again and the echo reviewed twice. So, before a new
/// revision is reviewed, the newest finished decision of the version under another revision is looked at: when its
/// recorded subject has the same content (<see cref="RevisionContent"/>: licenses, asset names and SHA-256; no
/// download), the new revision is recorded as
/// <list type="bullet">
/// <item><description>the same decision, when the status is the one this system left (its own change, echoed);</description></item>
/// <item><description>kept, when the status differs: a person set it, and a person's status is never overridden.</description></item>
/// </list>
/// Neither sends a notification: the echo was notified under the earlier revision, and the person who released a
/// version knows it (the ledger records it, as it does when the revision is kept). Other content is reviewed afresh.
/// Every path records a decision for the new revision, so a duplicate of the event finds it.
/// </summary>
internal sealed class NewRevisionRule(IPackageSource source, IDecisionLedger ledger, GovernancePolicy policy, IClock clock, ReviewerOptions options,
    VersionReviewer reviewer)
{
    public const string SameDecisionTrigger = NewRevisionTriggers.SameDecision;

    public const string PersonKeptTrigger = NewRevisionTriggers.PersonKept;

    /// <summary>Whether a record was carried over from an earlier revision (it is finished here, never by the finisher).</summary>
    public static bool IsCarried(DecisionRecord record) => record.Trigger is SameDecisionTrigger or PersonKeptTrigger;

    /// <summary>
    /// The newest decision of the version under another revision (claims without a decision aside), or null. A
    /// decision on another revision that is still being acted on elsewhere (Decided, its holder's lease running) may
    /// be about to set the status whose echo this is: the review is retried once it has finished, instead of deciding
    /// beside it.
    /// </summary>
    public async Task<DecisionRecord?> EarlierDecisionAsync(DecisionKey key, CancellationToken cancellationToken)
    {
        var others = (await ledger.RevisionsAsync(key.VersionKey, cancellationToken).ConfigureAwait(false))
            .Where(r => r.Key.Revision != key.Revision && r.Key.Revision != VersionReviewer.UnreadableRevision)
            .ToList();
        if (others.FirstOrDefault(r => r.State == DecisionState.Decided && r.Holder != options.Holder && r.LeaseExpires > clock.UtcNow) is { } acting)
        {
            throw new ReviewRetryableException(
                $"revision {key.Revision} waits for the decision on revision {acting.Key.Revision}, which {acting.Holder} is still acting on");
        }

        return others.Where(r => r.State != DecisionState.InProgress).MaxBy(r => r.UpdatedAt);
    }

    /// <summary>
    /// Records the claimed <paramref name="key"/> from <paramref name="earlier"/> when the content is the same, and
    /// returns what was done; null when the content differs (the caller reviews afresh). An earlier decision whose
    /// holder crashed before finishing it (its status set, so this revision exists, but not marked or not notified)
    /// is finished first, on this revision: the retry of its own event now finds this revision, not that one.
    /// </summary>
    public async Task<ReviewOutcome?> CarryOverAsync(DecisionRecord earlier, DecisionKey key, PackageVersionFacts facts, string packageUrl, CancellationToken cancellationToken)
    {
        if (!await RevisionContent.SameAsync(source, facts, RevisionContent.SubjectOf(earlier), cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        ReviewOutcome? resumed = null;
        if (!earlier.Notified && (earlier.LeaseExpires <= clock.UtcNow || earlier.Holder == options.Holder))
        {
            resumed = await reviewer.ResumeAsync(earlier, facts, packageUrl, cancellationToken).ConfigureAwait(false);
            earlier = await ledger.GetAsync(earlier.Key, cancellationToken).ConfigureAwait(false) ?? earlier;
        }

        if (!earlier.Finished || earlier.ResultingStatus is not { } left)
        {
            return null;
        }

        var carried = await RecordAsync(earlier, key, facts, left, packageUrl, cancellationToken).ConfigureAwait(false);
        return resumed ?? carried;
    }

    private async Task<ReviewOutcome> RecordAsync(DecisionRecord earlier, DecisionKey key, PackageVersionFacts facts, PackageVersionStatus left, string packageUrl,
        CancellationToken cancellationToken)
    {
        var own = facts.Status == left;
        var now = clock.UtcNow;
        var carried = earlier with
        {
            Key = key,
            State = DecisionState.Decided,
            Holder = options.Holder,
            LeaseExpires = now + options.Lease,
            ObservedStatus = facts.Status,
            // The status this system left stays the one recorded: a later status that differs is still a person's.
            ResultingStatus = left,
            ActionApplied = own && earlier.ActionApplied,
            Trigger = own ? SameDecisionTrigger : PersonKeptTrigger,
            // The schedule (a cooldown's end, a waiver's expiry) moves to the newest revision; a person's status is not re-evaluated.
            DueAt = own ? earlier.DueAt : null,
            // Nothing is published for this revision: the id names the earlier revision's notification, or says there is none.
            NotificationMessageId = own && (earlier.NotificationMessageId ?? earlier.ReceiptMessageId) is { } sent ? sent : $"none: {Describe(own, earlier)}",
            NotificationStartedAt = null,
            ReceiptMessageId = null,
            ReceivedAt = null,
            UpdatedAt = now,
        };
        await ledger.CompleteAsync(carried, cancellationToken).ConfigureAwait(false);
        options.CrashPoint?.Invoke(CrashPoints.AfterDecision);
        if (earlier.DueAt is not null)
        {
            // Only the newest revision's decision is re-evaluated (a re-evaluation of both would notify twice).
            await ledger.RescheduleAsync(earlier.Key, earlier.Evaluation, null, earlier.PolicyDigest ?? policy.Digest, cancellationToken).ConfigureAwait(false);
        }

        return await FinishAsync(carried, packageUrl, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Finishes a carried record from the step it reached (a first attempt, or a retry after a crash): no status is set, nothing is published.</summary>
    public async Task<ReviewOutcome> FinishAsync(DecisionRecord carried, string packageUrl, CancellationToken cancellationToken)
    {
        if (carried.State == DecisionState.Decided)
        {
            await ledger.MarkActedAsync(carried.Key, carried.ActionApplied, carried.ResultingStatus ?? PackageVersionStatus.Published, cancellationToken).ConfigureAwait(false);
            options.CrashPoint?.Invoke(CrashPoints.BeforeNotify);
        }

        if (carried.State != DecisionState.Notified)
        {
            await ledger.MarkNotifiedAsync(carried.Key, carried.NotificationMessageId ?? "none", cancellationToken).ConfigureAwait(false);
        }

        var own = carried.Trigger == SameDecisionTrigger;
        var why = own
            ? $"revision {carried.Key.Revision} has the content already decided and the status this system left ({carried.ResultingStatus}): the same decision, nothing done again"
            : $"revision {carried.Key.Revision} has the content already decided, but its status {carried.ObservedStatus} was set by a person after this system left it {carried.ResultingStatus}: kept, not overridden";
        return new ReviewOutcome(own ? ReviewOutcomeKind.Duplicate : ReviewOutcomeKind.Ignored, why, packageUrl, carried.Key.Revision,
            carried.Outcome, carried.Action, carried.ActionApplied, own ? carried.NotificationMessageId : null);
    }

    private static string Describe(bool own, DecisionRecord earlier) =>
        own ? $"notified under revision {earlier.Key.Revision}" : "status set by a person kept";
}

/// <summary>The <see cref="DecisionRecord.Trigger"/> of a new revision recorded from an earlier revision's decision.</summary>
public static class NewRevisionTriggers
{
    /// <summary>The same decision as the earlier revision's: the status is the one this system left (its own change, echoed).</summary>
    public const string SameDecision = "new revision, same content: this system's status";

    /// <summary>The status a person set: kept, never overridden.</summary>
    public const string PersonKept = "new revision, same content: status set by a person kept";
}
