using Governance.Core.Events;
using Governance.Core.Packages;
using Governance.Core.Policy;
using Governance.Core.Ports;
using Governance.Core.Review;
using EventTriage = Governance.Core.Triage.Triage;

namespace Governance.Core.Workflow;

/// <summary>
/// The review of one package version, one forward page (docs/architecture.md): describe → claim → verify (gather the
/// evidence) → evaluate → record → act → notify. A new revision of content already decided under another revision is
/// recorded from that decision instead (<see cref="NewRevisionRule"/>). The ledger records each step, so an interrupted review resumes
/// from the step it reached (<see cref="ResumeAsync"/>, one switch on the state). Re-evaluations of finished
/// decisions (a cooldown's end, a waiver's expiry, a new policy or intel) are <see cref="Reevaluation"/>'s.
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

    /// <summary>The ledger revision of a version that could not be described (its real revision is unknown).</summary>
    public const string UnreadableRevision = "unreadable";

    private readonly IPackageSource _source;
    private readonly IDecisionLedger _ledger;
    private readonly GovernancePolicy _policy;
    private readonly IClock _clock;
    private readonly ReviewerOptions _options;
    private readonly EvidenceGathering _evidence;
    private readonly DecisionFinisher _finisher;
    private readonly FailClosed _failClosed;
    private readonly NewRevisionRule _newRevision;

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
        _policy = policy;
        _clock = clock;
        _options = options;
        _evidence = new EvidenceGathering(source, evidence ?? EvidenceSources.None, policy, options);
        _finisher = new DecisionFinisher(source, ledger, publisher, clock, options);
        _failClosed = new FailClosed(source, policy, clock);
        _newRevision = new NewRevisionRule(source, ledger, policy, clock, options, this);
        Reevaluation = new Reevaluation(source, ledger, policy, clock, options, _evidence, _finisher, this);
    }

    /// <summary>Re-evaluates finished decisions under the current policy, clock and intel.</summary>
    public Reevaluation Reevaluation { get; }

    public async Task<ReviewOutcome> ReviewAsync(PackageVersionStateChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var triage = EventTriage.Decide(change, _policy);
        return triage.Review
            ? await WithRacesAsync(change.PackageVersionId, change.Detail.PackageVersionState, lookEarlier: true, cancellationToken).ConfigureAwait(false)
            : new ReviewOutcome(ReviewOutcomeKind.Ignored, triage.Explanation, PackageUrl.For(change.PackageVersionId));
    }

    /// <summary>
    /// Reviews a version named directly rather than by an event (a backfill scan, a re-check): its current revision,
    /// within the policy's scope, through the same ledger, so a version already decided and notified is a
    /// <see cref="ReviewOutcomeKind.Duplicate"/> and an interrupted review resumes.
    /// </summary>
    public async Task<ReviewOutcome> ReviewVersionAsync(PackageVersionId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _policy.Scope.IncludesRepository(id.Repository) && _policy.Scope.IncludesFormat(id.Format)
            ? await WithRacesAsync(id, PackageVersionStatus.Published, lookEarlier: true, cancellationToken).ConfigureAwait(false)
            : new ReviewOutcome(ReviewOutcomeKind.Ignored, $"{id} is outside the policy's scope", PackageUrl.For(id));
    }

    /// <summary>
    /// Reviews the current revision of a version a re-evaluation found with new content: afresh, without looking for
    /// an earlier revision's decision (the re-evaluation just compared the content with it).
    /// </summary>
    internal Task<ReviewOutcome> ReviewNewContentAsync(PackageVersionId id, CancellationToken cancellationToken) =>
        WithRacesAsync(id, PackageVersionStatus.Published, lookEarlier: false, cancellationToken);

    private async Task<ReviewOutcome> WithRacesAsync(PackageVersionId id, PackageVersionStatus eventStatus, bool lookEarlier, CancellationToken cancellationToken)
    {
        for (var race = 1; ; race++)
        {
            try
            {
                return await ReviewCurrentRevisionAsync(id, eventStatus, lookEarlier, cancellationToken).ConfigureAwait(false);
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

    private async Task<ReviewOutcome> ReviewCurrentRevisionAsync(PackageVersionId id, PackageVersionStatus eventStatus, bool lookEarlier, CancellationToken cancellationToken)
    {
        var packageUrl = PackageUrl.For(id);
        PackageVersionFacts facts;
        try
        {
            facts = await _source.DescribeVersionAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (PackageVersionNotFoundException ex)
        {
            return new ReviewOutcome(ReviewOutcomeKind.Gone, ex.Message, packageUrl);
        }
        catch (PackageVersionUnreadableException ex)
        {
            return await UnreadableAsync(id, null, eventStatus, null, "DescribePackageVersion", ex, cancellationToken).ConfigureAwait(false);
        }

        if (StatusSkipReason(facts.Status) is { } statusSkip)
        {
            return new ReviewOutcome(ReviewOutcomeKind.Ignored, statusSkip, packageUrl, facts.Revision);
        }

        // The event may be stale or out of order: the ledger key is the revision we actually review.
        var key = new DecisionKey(PackageIdentity.VersionKey(id), facts.Revision);
        var earlier = lookEarlier ? await _newRevision.EarlierDecisionAsync(key, cancellationToken).ConfigureAwait(false) : null;
        if (await ClaimAsync(key, packageUrl, facts, cancellationToken).ConfigureAwait(false) is { } settled)
        {
            return settled;
        }

        // A new revision of content already decided (a status change that gave the version a new revision): no download.
        if (earlier is not null && await _newRevision.CarryOverAsync(earlier, key, facts, packageUrl, cancellationToken).ConfigureAwait(false) is { } carried)
        {
            return carried;
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
        var decided = Decide(key, verdict, subject, facts.Status, evaluation: 1, trigger: "published");
        await _ledger.CompleteAsync(decided, cancellationToken).ConfigureAwait(false);
        _options.CrashPoint?.Invoke(CrashPoints.AfterDecision);
        return await _finisher.FinishAsync(decided, facts, packageUrl, bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The ledger record of a decision just made, before its status is set.</summary>
    internal DecisionRecord Decide(DecisionKey key, Verdict verdict, ReviewSubject? subject, PackageVersionStatus observed, int evaluation, string trigger) =>
        DecisionRecord.Decide(key, _options.Holder, new DecisionContent(
            evaluation,
            verdict.Outcome.ToString(),
            verdict.Action.AttributeValue,
            VerdictBounds.Fit(verdict, MaxLedgerVerdictBytes).Json,
            subject is null ? null : ReviewSubjectDocument.Serialize(subject),
            observed,
            trigger,
            VerdictSchedule.NextDue(verdict, subject, verdict.EvaluatedAt),
            _policy.Digest), _clock.UtcNow, _clock.UtcNow + _options.Lease);

    /// <summary>
    /// Fails closed when CodeArtifact refuses to read the version (<see cref="FailClosed"/>), and records and notifies
    /// that verdict. <paramref name="claimed"/> is the ledger claim already held (null: none yet, claimed here).
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
        if (claimed is null && await ClaimAsync(key, packageUrl, null, cancellationToken).ConfigureAwait(false) is { } settled)
        {
            return settled;
        }

        var (verdict, applied) = await _failClosed.QuarantineAsync(id, facts, observedStatus, operation, error, cancellationToken).ConfigureAwait(false);
        var decided = Decide(key, verdict, null, observedStatus, evaluation: 1, trigger: "published") with { ActionApplied = applied };
        await _ledger.CompleteAsync(decided, cancellationToken).ConfigureAwait(false);
        return await _finisher.FinishAsync(decided, null, packageUrl, 0, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Claims the decision on <paramref name="key"/>. Returns the outcome when this invocation has nothing left to
    /// decide (a duplicate, or an earlier attempt's decision resumed and finished here), null when it decides.
    /// </summary>
    private async Task<ReviewOutcome?> ClaimAsync(DecisionKey key, string packageUrl, PackageVersionFacts? facts, CancellationToken cancellationToken)
    {
        var claim = await _ledger.TryBeginAsync(key, _options.Holder, _options.Lease, cancellationToken).ConfigureAwait(false);
        return claim.Kind switch
        {
            LedgerClaimKind.HeldByOther => throw new ReviewRetryableException(HeldElsewhere(packageUrl, key.Revision, claim.Existing)),
            // A decision another holder is still finishing (acting, notifying) is theirs until their lease ends.
            LedgerClaimKind.AlreadyDecided when claim.Existing is { Finished: false } unfinished && unfinished.Holder != _options.Holder
                                                && unfinished.LeaseExpires > _clock.UtcNow =>
                throw new ReviewRetryableException(HeldElsewhere(packageUrl, key.Revision, unfinished)),
            LedgerClaimKind.AlreadyDecided => await ResumeAsync(claim.Existing!, facts, packageUrl, cancellationToken).ConfigureAwait(false),
            _ => null,
        };
    }

    /// <summary>Resumes a recorded decision from the step it reached; the verdict is the recorded one, the assets are not read again.</summary>
    internal async Task<ReviewOutcome> ResumeAsync(DecisionRecord existing, PackageVersionFacts? facts, string packageUrl, CancellationToken cancellationToken) =>
        existing.State switch
        {
            DecisionState.Decided or DecisionState.Acted when NewRevisionRule.IsCarried(existing) =>
                await _newRevision.FinishAsync(existing, packageUrl, cancellationToken).ConfigureAwait(false),
            DecisionState.Decided => await _finisher.FinishAsync(existing, facts, packageUrl, 0, cancellationToken).ConfigureAwait(false),
            DecisionState.Acted => await _finisher.ResumeNotifyAsync(existing, packageUrl, cancellationToken).ConfigureAwait(false),
            DecisionState.Notified => new ReviewOutcome(ReviewOutcomeKind.Duplicate, "already decided and notified", packageUrl, existing.Key.Revision,
                existing.Outcome, existing.Action, existing.ActionApplied, existing.NotificationMessageId),
            _ => throw new InvalidOperationException($"decision {existing.Key} is {existing.State}: not a decision to resume"),
        };

    /// <summary>
    /// The reason a claim held by another sandbox is retried, naming both holders (function, log stream, sandbox id):
    /// which CloudWatch log stream to read for the review in progress, and which one is waiting for it.
    /// </summary>
    private string HeldElsewhere(string packageUrl, string revision, DecisionRecord? held) =>
        held is null
            ? $"{packageUrl} revision {revision} is being reviewed by another invocation; this is {_options.Holder}"
            : $"{packageUrl} revision {revision} is being reviewed by another invocation: held by {held.Holder} until " +
              $"{held.LeaseExpires.ToString("O", System.Globalization.CultureInfo.InvariantCulture)}; this is {_options.Holder}";

    /// <summary>Versions in these states have nothing to govern (yet, or any more).</summary>
    internal static string? StatusSkipReason(PackageVersionStatus status) => status switch
    {
        PackageVersionStatus.Unfinished => "version is Unfinished: it is reviewed when its publish completes",
        PackageVersionStatus.Disposed => "version is Disposed: its assets are gone",
        PackageVersionStatus.Deleted => "version is Deleted",
        _ => null,
    };
}
