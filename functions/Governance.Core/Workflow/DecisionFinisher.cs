using System.Diagnostics;
using Governance.Core.Messages;
using Governance.Core.Packages;
using Governance.Core.Ports;
using Governance.Core.Review;

namespace Governance.Core.Workflow;

/// <summary>
/// The steps after a decision is recorded, each from the ledger record alone, so a first attempt, a retry after a
/// crash and a re-evaluation all finish the same way: set the status the verdict calls for (Decided → Acted), then
/// publish the notification (Acted → Notified), never twice when a delivery receipt proves an earlier publish.
/// </summary>
internal sealed class DecisionFinisher(
    IPackageSource source,
    IDecisionLedger ledger,
    INotificationPublisher publisher,
    IClock clock,
    ReviewerOptions options)
{
    /// <summary>Acts on a Decided record and notifies it. <paramref name="current"/> is what DescribePackageVersion says now (null: unreadable).</summary>
    public async Task<ReviewOutcome> FinishAsync(DecisionRecord decided, PackageVersionFacts? current, string packageUrl, long bytesVerified, CancellationToken cancellationToken)
    {
        var (applied, resulting) = await ActAsync(decided, current, cancellationToken).ConfigureAwait(false);
        options.CrashPoint?.Invoke(CrashPoints.AfterStatusUpdate);
        await ledger.MarkActedAsync(decided.Key, applied, resulting, cancellationToken).ConfigureAwait(false);
        options.CrashPoint?.Invoke(CrashPoints.BeforeNotify);
        var acted = decided with { State = DecisionState.Acted, ActionApplied = applied, ResultingStatus = resulting };
        return await NotifyAsync(acted, packageUrl, bytesVerified, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Finishes an Acted record whose notification an earlier attempt may or may not have published: its delivery
    /// receipt says which; without one, notify now.
    /// </summary>
    public async Task<ReviewOutcome> ResumeNotifyAsync(DecisionRecord acted, string packageUrl, CancellationToken cancellationToken)
    {
        if (await DeliveredBeforeAsync(acted, cancellationToken).ConfigureAwait(false) is { } delivered)
        {
            await ledger.MarkNotifiedAsync(acted.Key, delivered, cancellationToken).ConfigureAwait(false);
            return new ReviewOutcome(ReviewOutcomeKind.Decided, "notified before an interruption (delivery receipt); not sent again",
                packageUrl, acted.Key.Revision, acted.Outcome, acted.Action, acted.ActionApplied, delivered);
        }

        await ledger.MarkNotificationStartedAsync(acted.Key, clock.UtcNow, cancellationToken).ConfigureAwait(false);
        return await NotifyAsync(acted, packageUrl, bytesVerified: 0, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets the status the recorded verdict calls for, conditionally on what was read (expectedStatus, revision), so
    /// a verdict never lands on assets it did not see. Returns whether the status is now the target, and the status
    /// the version has when this step ends. A status someone else set after the decision is left alone.
    /// </summary>
    private async Task<(bool Applied, PackageVersionStatus Resulting)> ActAsync(DecisionRecord decided, PackageVersionFacts? current, CancellationToken cancellationToken)
    {
        var verdict = Read(decided);
        var target = verdict.Action.Kind == ActionKind.None ? null : verdict.Action.TargetStatus;
        if (current is null)
        {
            // The version could not be read: the fail-closed path acted before recording; keep what it recorded.
            return (decided.ActionApplied, decided.ActionApplied && target is { } set ? set : decided.ObservedStatus ?? PackageVersionStatus.Published);
        }

        if (target is not { } status)
        {
            return (false, current.Status);
        }

        if (current.Status == status)
        {
            return (true, status);
        }

        if (decided.ObservedStatus is { } observed && current.Status != observed)
        {
            return (false, current.Status);
        }

        var outcome = await source.UpdateStatusAsync(current.Id, current.Status, current.Revision, status, cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            StatusUpdateOutcome.Succeeded => (true, status),
            StatusUpdateOutcome.MismatchedRevision => throw new VersionChangedException($"revision is no longer {current.Revision}"),
            StatusUpdateOutcome.MismatchedStatus => throw new VersionChangedException($"status is no longer {current.Status}"),
            StatusUpdateOutcome.NotFound => throw new PackageVersionNotFoundException($"{current.Id} disappeared before its status was set"),
            StatusUpdateOutcome.Skipped => throw new ReviewRetryableException($"status update of {current.Id} was skipped"),
            _ => (false, current.Status), // NOT_ALLOWED: a state we may not move (e.g. Disposed): the notification says so.
        };
    }

    private async Task<ReviewOutcome> NotifyAsync(DecisionRecord acted, string packageUrl, long bytesVerified, CancellationToken cancellationToken)
    {
        var verdict = Read(acted);
        var message = NotificationRenderer.Render(verdict);
        var messageId = await publisher.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        options.CrashPoint?.Invoke(CrashPoints.AfterPublish);
        await ledger.MarkNotifiedAsync(acted.Key, messageId, cancellationToken).ConfigureAwait(false);
        var summary = verdict.Passed ? "all checks passed" : string.Join(", ", verdict.BlockingFindings.Select(f => f.RuleId).Distinct());
        if (verdict.Reevaluation is { } again)
        {
            summary = $"{again.Reason}: {summary}";
        }

        return new ReviewOutcome(ReviewOutcomeKind.Decided, summary, packageUrl, acted.Key.Revision,
            acted.Outcome, acted.Action, acted.ActionApplied, messageId, bytesVerified);
    }

    /// <summary>
    /// The message id of a notification that reached the topic's subscriber after an earlier attempt published it,
    /// or null when none did. A receipt can lag the publish by the delivery time, so a recent start without one is
    /// waited for (bounded by <see cref="ReviewerOptions.ReceiptWait"/> from the start) before concluding that the
    /// earlier attempt stopped before publishing.
    /// </summary>
    private async Task<string?> DeliveredBeforeAsync(DecisionRecord acted, CancellationToken cancellationToken)
    {
        if (acted.ReceiptMessageId is { } received)
        {
            return received;
        }

        if (acted.NotificationStartedAt is not { } started || options.ReceiptWait <= TimeSpan.Zero)
        {
            return null;
        }

        // Clamped to the wait itself: another sandbox's clock may run ahead of ours.
        var remaining = started + options.ReceiptWait - clock.UtcNow;
        remaining = remaining > options.ReceiptWait ? options.ReceiptWait : remaining;
        var waited = Stopwatch.StartNew();
        for (var left = remaining; left > TimeSpan.Zero; left = remaining - waited.Elapsed)
        {
            await Task.Delay(left < options.ReceiptPollInterval ? left : options.ReceiptPollInterval, cancellationToken).ConfigureAwait(false);
            if ((await ledger.GetAsync(acted.Key, cancellationToken).ConfigureAwait(false)) is { ReceiptMessageId: { } late } now
                && now.Evaluation == acted.Evaluation)
            {
                return late;
            }
        }

        return null;
    }

    internal static Verdict Read(DecisionRecord record) =>
        VerdictDocument.Parse(record.VerdictJson ?? "", out var error)
            ?? throw new InvalidOperationException($"the ledger's verdict for {record.Key} cannot be read: {error}");
}

/// <summary>The version moved between our read and our write (a new revision or someone else's status change).</summary>
internal sealed class VersionChangedException(string message) : Exception(message);
