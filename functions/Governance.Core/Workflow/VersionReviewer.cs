using System.Diagnostics;
using Governance.Core.Events;
using Governance.Core.Integrity;
using Governance.Core.Messages;
using Governance.Core.Packages;
using Governance.Core.Policy;
using Governance.Core.Ports;
using Governance.Core.Review;
using EventTriage = Governance.Core.Triage.Triage;

namespace Governance.Core.Workflow;

/// <summary>
/// The review of one package version, step by step (docs/architecture.md): triage, describe, claim in the ledger,
/// gather the evidence (stream and verify every asset; intel; the public registry's digests; licenses from the
/// artifact), evaluate the policy, set the status conditionally, record, notify.
/// Everything outside the process goes through the ports, so the same reviewer runs in Lambda, in the CLI and in tests.
/// </summary>
public sealed class VersionReviewer
{
    /// <summary>
    /// The largest verdict document the ledger record holds, in UTF-8 bytes: a DynamoDB item is at most 400 KB with
    /// its other attributes. A larger verdict (thousands of licenses or assets) is stored summarised
    /// (<see cref="VerdictBounds.Fit"/>): a decision that cannot be recorded would be retried until it dead-letters,
    /// with the status already changed and nobody told.
    /// </summary>
    public const int MaxLedgerVerdictBytes = 300 * 1024;


    /// <summary>The ledger record of a decision just made, before its notification is sent.</summary>
    private DecisionRecord DecidedRecord(DecisionKey key, Verdict verdict, bool applied, DateTimeOffset now) => new(
        key,
        DecisionState.Decided,
        _options.Holder,
        now,
        verdict.Outcome.ToString(),
        verdict.Action.AttributeValue,
        applied,
        VerdictBounds.Fit(verdict, MaxLedgerVerdictBytes).Json,
        Notified: false,
        NotificationMessageId: null,
        UpdatedAt: now,
        ExpiresAt: now.AddDays(400),
        NotificationStartedAt: now);
    private readonly IPackageSource _source;
    private readonly IDecisionLedger _ledger;
    private readonly INotificationPublisher _publisher;
    private readonly GovernancePolicy _policy;
    private readonly IClock _clock;
    private readonly ReviewerOptions _options;
    private readonly EvidenceGathering _evidence;

    public VersionReviewer(
        IPackageSource source,
        IDecisionLedger ledger,
        INotificationPublisher publisher,
        GovernancePolicy policy,
        IClock clock,
        ReviewerOptions options)
        : this(source, ledger, publisher, policy, clock, options, EvidenceSources.None)
    {
    }

    /// <param name="evidence">The public sources asked beyond CodeArtifact (intel, the public registries).</param>
    public VersionReviewer(
        IPackageSource source,
        IDecisionLedger ledger,
        INotificationPublisher publisher,
        GovernancePolicy policy,
        IClock clock,
        ReviewerOptions options,
        EvidenceSources evidence)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Holder, nameof(options));
        _source = source;
        _ledger = ledger;
        _publisher = publisher;
        _policy = policy;
        _clock = clock;
        _options = options;
        _evidence = new EvidenceGathering(source, evidence ?? EvidenceSources.None, policy, options);
    }

    public async Task<ReviewOutcome> ReviewAsync(PackageVersionStateChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var triage = EventTriage.Decide(change, _policy);
        if (!triage.Review)
        {
            return new ReviewOutcome(ReviewOutcomeKind.Ignored, triage.Explanation, PackageUrl.For(change.PackageVersionId));
        }

        var id = change.PackageVersionId;
        for (var race = 1; ; race++)
        {
            try
            {
                return await ReviewCurrentRevisionAsync(id, change.Detail.PackageVersionState, cancellationToken).ConfigureAwait(false);
            }
            catch (VersionChangedException) when (race < _options.RaceAttempts)
            {
                // The version moved between our read and our write (a new revision or someone else's status
                // change): read it again and decide on what is there now.
            }
            catch (VersionChangedException changed)
            {
                throw new ReviewRetryableException($"{id} kept changing during review: {changed.Message}", changed);
            }
        }
    }

    /// <summary>
    /// Reviews a version named directly rather than by an event (a backfill scan, a re-check): its current revision,
    /// within the policy's scope, through the same ledger, so a version already decided and notified is a
    /// <see cref="ReviewOutcomeKind.Duplicate"/> and an interrupted review resumes.
    /// </summary>
    public async Task<ReviewOutcome> ReviewVersionAsync(PackageVersionId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!_policy.Scope.IncludesRepository(id.Repository) || !_policy.Scope.IncludesFormat(id.Format))
        {
            return new ReviewOutcome(ReviewOutcomeKind.Ignored, $"{id} is outside the policy's scope", PackageUrl.For(id));
        }

        for (var race = 1; ; race++)
        {
            try
            {
                return await ReviewCurrentRevisionAsync(id, PackageVersionStatus.Published, cancellationToken).ConfigureAwait(false);
            }
            catch (VersionChangedException) when (race < _options.RaceAttempts)
            {
            }
            catch (VersionChangedException changed)
            {
                throw new ReviewRetryableException($"{id} kept changing during review: {changed.Message}", changed);
            }
        }
    }

    private async Task<ReviewOutcome> ReviewCurrentRevisionAsync(PackageVersionId id, PackageVersionStatus eventStatus, CancellationToken cancellationToken)
    {
        PackageVersionFacts facts;
        try
        {
            facts = await _source.DescribeVersionAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (PackageVersionNotFoundException ex)
        {
            return new ReviewOutcome(ReviewOutcomeKind.Gone, ex.Message, PackageUrl.For(id));
        }
        catch (PackageVersionUnreadableException ex)
        {
            return await UnreadableAsync(id, null, eventStatus, null, "DescribePackageVersion", ex, cancellationToken).ConfigureAwait(false);
        }

        var packageUrl = PackageUrl.For(id);
        var statusSkip = StatusSkipReason(facts.Status);
        if (statusSkip is not null)
        {
            return new ReviewOutcome(ReviewOutcomeKind.Ignored, statusSkip, packageUrl, facts.Revision);
        }

        // The event may be stale or out of order: the ledger key is the revision we actually review.
        var key = new DecisionKey(PackageIdentity.VersionKey(id), facts.Revision);
        if (await ClaimAsync(key, packageUrl, cancellationToken).ConfigureAwait(false) is { } settled)
        {
            return settled;
        }

        ReviewSubject subject;
        long bytes;
        try
        {
            (subject, bytes) = await _evidence.GatherAsync(facts, cancellationToken).ConfigureAwait(false);
        }
        catch (PackageVersionUnreadableException ex)
        {
            return await UnreadableAsync(id, facts, facts.Status, key, "ListPackageVersionAssets", ex, cancellationToken).ConfigureAwait(false);
        }

        var verdict = PolicyEvaluator.Evaluate(subject, _policy, _clock.UtcNow);
        var applied = await ActAsync(facts, verdict, cancellationToken).ConfigureAwait(false);
        _options.CrashPoint?.Invoke("after-status-update");

        var record = DecidedRecord(key, verdict, applied, _clock.UtcNow);
        await _ledger.CompleteAsync(record, cancellationToken).ConfigureAwait(false);
        _options.CrashPoint?.Invoke("before-notify");
        return await NotifyAsync(record, packageUrl, bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The ledger revision of a version that could not be described (its real revision is unknown).</summary>
    public const string UnreadableRevision = "unreadable";

    /// <summary>
    /// Fails closed when CodeArtifact refuses to read the version (a ValidationException no retry fixes): instead of
    /// letting the event dead-letter with the version still installable, (a) in enforce mode, set the policy's
    /// quarantine status (conditionally on what was read, when anything was; unconditionally otherwise), saying so
    /// when UpdatePackageVersionsStatus refuses as well, and (b) record a failing verdict with a
    /// <see cref="RuleIds.ReviewUnreadable"/> finding in the ledger and notify it, so a person sees it either way.
    /// <paramref name="claimed"/> is the ledger claim already held (null: none yet, claimed here).
    /// </summary>
    private async Task<ReviewOutcome> UnreadableAsync(
        PackageVersionId id,
        PackageVersionFacts? facts,
        PackageVersionStatus observedStatus,
        DecisionKey? claimed,
        string operation,
        PackageVersionUnreadableException error,
        CancellationToken cancellationToken)
    {
        var packageUrl = PackageUrl.For(id);
        var key = claimed ?? new DecisionKey(PackageIdentity.VersionKey(id), UnreadableRevision);
        if (claimed is null && await ClaimAsync(key, packageUrl, cancellationToken).ConfigureAwait(false) is { } settled)
        {
            return settled;
        }

        var enforce = _policy.Mode == PolicyMode.Enforce;
        var target = _policy.QuarantineStatus;
        var applied = false;
        string quarantine;
        if (!enforce)
        {
            quarantine = $"audit mode: no status was changed (enforce mode would set {target})";
        }
        else
        {
            try
            {
                var outcome = await _source.UpdateStatusAsync(id, facts?.Status, facts?.Revision, target, cancellationToken).ConfigureAwait(false);
                applied = outcome == StatusUpdateOutcome.Succeeded;
                quarantine = applied ? $"status set to {target}" : $"UpdatePackageVersionsStatus did not set {target}: {outcome}";
            }
            catch (Exception refused) when (refused is PackageVersionUnreadableException or PackageVersionNotFoundException)
            {
                quarantine = $"UpdatePackageVersionsStatus refused as well, the status could not be set to {target}: {refused.Message}";
            }
        }

        var finding = new Finding(
            RuleIds.ReviewUnreadable,
            FindingSeverity.Blocking,
            $"{operation} failed with {error.ErrorCode}: the version could not be reviewed. {quarantine}.",
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["operation"] = operation,
                ["errorCode"] = error.ErrorCode,
                ["error"] = error.Message,
                ["quarantine"] = quarantine,
                ["quarantined"] = applied ? "true" : "false",
            },
            applied
                ? "The version is quarantined and was not reviewed: inspect it, then dispose of it or publish a conforming version."
                : "The version may still be installable: set its status by hand (or delete it) and find how it was published outside CodeArtifact's input rules.",
            null);
        var now = _clock.UtcNow;
        var verdict = VerdictBounds.Bound(new Verdict(
            Verdict.CurrentSchema,
            new VerdictPackage(id.Domain, id.DomainOwner, id.Repository, id.Format, id.Namespace, id.Name, id.Version,
                facts?.Revision ?? UnreadableRevision, packageUrl, observedStatus, facts?.OriginType ?? "UNKNOWN"),
            VerdictOutcome.Fail,
            PolicyNames.ModeName(_policy.Mode),
            enforce ? new VerdictAction(ActionKind.Quarantine, target, null, null) : new VerdictAction(ActionKind.None, null, ActionKind.Quarantine, target),
            [finding],
            [],
            new VerdictLicenses(facts?.Licenses ?? [], null, "Unknown"),
            [],
            now,
            _policy.SourceName));
        var record = DecidedRecord(key, verdict, applied, now);
        await _ledger.CompleteAsync(record, cancellationToken).ConfigureAwait(false);
        return await NotifyAsync(record, packageUrl, 0, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The reason a claim held by another sandbox is retried, naming both holders (function, log stream, sandbox id):
    /// which CloudWatch log stream to read for the review in progress, and which one is waiting for it.
    /// </summary>
    private string HeldElsewhere(string packageUrl, string revision, DecisionRecord? held) =>
        held is null
            ? $"{packageUrl} revision {revision} is being reviewed by another invocation; this is {_options.Holder}"
            : $"{packageUrl} revision {revision} is being reviewed by another invocation: held by {held.Holder} until " +
              $"{held.LeaseExpires.ToString("O", System.Globalization.CultureInfo.InvariantCulture)}; this is {_options.Holder}";

    /// <summary>
    /// Claims the decision on <paramref name="key"/>. Returns the outcome when nothing is left to decide (a duplicate,
    /// or an earlier attempt's decision whose notification is finished here), null when this invocation decides.
    /// </summary>
    private async Task<ReviewOutcome?> ClaimAsync(DecisionKey key, string packageUrl, CancellationToken cancellationToken)
    {
        var claim = await _ledger.TryBeginAsync(key, _options.Holder, _options.Lease, cancellationToken).ConfigureAwait(false);
        switch (claim.Kind)
        {
            case LedgerClaimKind.HeldByOther:
                throw new ReviewRetryableException(HeldElsewhere(packageUrl, key.Revision, claim.Existing));
            case LedgerClaimKind.AlreadyDecided when claim.Existing is { Notified: true } done:
                return new ReviewOutcome(ReviewOutcomeKind.Duplicate, "already decided and notified", packageUrl, key.Revision,
                    done.Outcome, done.Action, done.ActionApplied, done.NotificationMessageId);
            case LedgerClaimKind.AlreadyDecided when claim.Existing is { VerdictJson: not null } decided:
                // A previous attempt decided and acted, then stopped before marking the notification as sent: it may
                // or may not have published. Its delivery receipt says which; without one, notify now.
                if (await DeliveredBeforeAsync(decided, cancellationToken).ConfigureAwait(false) is { } delivered)
                {
                    await _ledger.MarkNotifiedAsync(decided.Key, delivered, cancellationToken).ConfigureAwait(false);
                    return new ReviewOutcome(ReviewOutcomeKind.Decided, "notified before an interruption (delivery receipt); not sent again",
                        packageUrl, decided.Key.Revision, decided.Outcome, decided.Action, decided.ActionApplied, delivered);
                }

                await _ledger.MarkNotificationStartedAsync(decided.Key, _clock.UtcNow, cancellationToken).ConfigureAwait(false);
                return await NotifyAsync(decided, packageUrl, bytesVerified: 0, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    private async Task<ReviewOutcome> NotifyAsync(DecisionRecord record, string packageUrl, long bytesVerified, CancellationToken cancellationToken)
    {
        var verdict = VerdictDocument.Parse(record.VerdictJson!, out var error)
            ?? throw new InvalidOperationException($"the ledger's verdict for {record.Key} cannot be read: {error}");
        var message = NotificationRenderer.Render(verdict);
        var messageId = await _publisher.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        _options.CrashPoint?.Invoke("after-publish");
        await _ledger.MarkNotifiedAsync(record.Key, messageId, cancellationToken).ConfigureAwait(false);
        var summary = verdict.Passed ? "all checks passed" : string.Join(", ", verdict.BlockingFindings.Select(f => f.RuleId).Distinct());
        return new ReviewOutcome(ReviewOutcomeKind.Decided, summary, packageUrl, record.Key.Revision,
            record.Outcome, record.Action, record.ActionApplied, messageId, bytesVerified);
    }

    /// <summary>
    /// The message id of a notification that reached the topic's subscriber after an earlier attempt published it,
    /// or null when none did. A receipt can lag the publish by the delivery time, so a recent start without one is
    /// waited for (bounded by <see cref="ReviewerOptions.ReceiptWait"/> from the start) before concluding that the
    /// earlier attempt stopped before publishing.
    /// </summary>
    private async Task<string?> DeliveredBeforeAsync(DecisionRecord decided, CancellationToken cancellationToken)
    {
        if (decided.ReceiptMessageId is { } received)
        {
            return received;
        }

        if (decided.NotificationStartedAt is not { } started || _options.ReceiptWait <= TimeSpan.Zero)
        {
            return null;
        }

        // Clamped to the wait itself: another sandbox's clock may run ahead of ours.
        var remaining = started + _options.ReceiptWait - _clock.UtcNow;
        remaining = remaining > _options.ReceiptWait ? _options.ReceiptWait : remaining;
        var waited = Stopwatch.StartNew();
        for (var left = remaining; left > TimeSpan.Zero; left = remaining - waited.Elapsed)
        {
            await Task.Delay(left < _options.ReceiptPollInterval ? left : _options.ReceiptPollInterval, cancellationToken).ConfigureAwait(false);
            if ((await _ledger.GetAsync(decided.Key, cancellationToken).ConfigureAwait(false))?.ReceiptMessageId is { } late)
            {
                return late;
            }
        }

        return null;
    }

    /// <summary>Versions in these states have nothing to govern (yet, or any more).</summary>
    private static string? StatusSkipReason(PackageVersionStatus status) => status switch
    {
        PackageVersionStatus.Unfinished => "version is Unfinished: it is reviewed when its publish completes",
        PackageVersionStatus.Disposed => "version is Disposed: its assets are gone",
        PackageVersionStatus.Deleted => "version is Deleted",
        _ => null,
    };

    /// <summary>
    /// Enforce mode sets the status with expectedStatus = what we saw and versionRevisions = what we reviewed, so a
    /// verdict never lands on assets it did not see. Audit mode changes nothing.
    /// </summary>
    private async Task<bool> ActAsync(PackageVersionFacts facts, Verdict verdict, CancellationToken cancellationToken)
    {
        if (verdict.Action.Kind == ActionKind.None || verdict.Action.TargetStatus is not { } target)
        {
            return false;
        }

        if (facts.Status == target)
        {
            return true;
        }

        var outcome = await _source.UpdateStatusAsync(facts.Id, facts.Status, facts.Revision, target, cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            StatusUpdateOutcome.Succeeded => true,
            StatusUpdateOutcome.MismatchedRevision => throw new VersionChangedException($"revision is no longer {facts.Revision}"),
            StatusUpdateOutcome.MismatchedStatus => throw new VersionChangedException($"status is no longer {facts.Status}"),
            StatusUpdateOutcome.NotFound => throw new PackageVersionNotFoundException($"{facts.Id} disappeared before its status was set"),
            StatusUpdateOutcome.Skipped => throw new ReviewRetryableException($"status update of {facts.Id} was skipped"),
            _ => false, // NOT_ALLOWED: the version is in a state we may not move (e.g. Disposed): the notification says so.
        };
    }

    private sealed class VersionChangedException(string message) : Exception(message);
}
