using Governance.Core.Packages;
using Governance.Core.Policy;
using Governance.Core.Ports;
using Governance.Core.Review;

namespace Governance.Core.Workflow;

/// <summary>
/// Evaluates a finished decision again under the current policy, clock and intel — from the recorded subject, so no
/// asset is downloaded while the revision's content is unchanged — and, when the decision changes, records it as the
/// next evaluation, sets the status and notifies once with the reason. Only a status this system set is changed: a
/// version whose status is no longer the one this system left is a person's decision, never overridden.
/// </summary>
public sealed class Reevaluation
{
    private readonly IPackageSource _source;
    private readonly IDecisionLedger _ledger;
    private readonly GovernancePolicy _policy;
    private readonly IClock _clock;
    private readonly ReviewerOptions _options;
    private readonly EvidenceGathering _evidence;
    private readonly DecisionFinisher _finisher;
    private readonly VersionReviewer _reviewer;

    internal Reevaluation(IPackageSource source, IDecisionLedger ledger, GovernancePolicy policy, IClock clock, ReviewerOptions options,
        EvidenceGathering evidence, DecisionFinisher finisher, VersionReviewer reviewer)
    {
        _source = source;
        _ledger = ledger;
        _policy = policy;
        _clock = clock;
        _options = options;
        _evidence = evidence;
        _finisher = finisher;
        _reviewer = reviewer;
    }

    /// <param name="record">A decision read from the ledger (due, or made under another policy).</param>
    /// <param name="reason">Why, when the caller knows better than the verdicts' difference (e.g. "new intel"); null derives it.</param>
    public async Task<ReviewOutcome> ReevaluateAsync(DecisionRecord record, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var previous = DecisionFinisher.Read(record);
        var id = previous.Package.ToPackageVersionId();
        var packageUrl = PackageUrl.For(id);
        if (record.Key.Revision == VersionReviewer.UnreadableRevision)
        {
            return await StopAsync(record, packageUrl, ReviewOutcomeKind.Ignored, "an unreadable version is not re-evaluated", cancellationToken).ConfigureAwait(false);
        }

        PackageVersionFacts facts;
        try
        {
            facts = await _source.DescribeVersionAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (PackageVersionNotFoundException ex)
        {
            return await StopAsync(record, packageUrl, ReviewOutcomeKind.Gone, ex.Message, cancellationToken).ConfigureAwait(false);
        }

        if (!record.Finished)
        {
            // An earlier re-evaluation stopped after recording: finish it as recorded.
            return await _reviewer.ResumeAsync(record, facts, packageUrl, cancellationToken).ConfigureAwait(false);
        }

        if (facts.Revision != record.Key.Revision
            && await _ledger.GetAsync(record.Key with { Revision = facts.Revision }, cancellationToken).ConfigureAwait(false) is not null)
        {
            return await SupersededAsync(record, facts.Revision, packageUrl, cancellationToken).ConfigureAwait(false);
        }

        if (VersionReviewer.StatusSkipReason(facts.Status) is { } skip)
        {
            return await StopAsync(record, packageUrl, ReviewOutcomeKind.Ignored, skip, cancellationToken).ConfigureAwait(false);
        }

        if (record.ResultingStatus is { } left && facts.Status != left)
        {
            return await StopAsync(record, packageUrl, ReviewOutcomeKind.Ignored,
                $"the status was set to {facts.Status} by someone else after this system left it {left}: not overridden", cancellationToken).ConfigureAwait(false);
        }

        var subject = RevisionContent.SubjectOf(record);
        if (facts.Revision != record.Key.Revision && !await RevisionContent.SameAsync(_source, facts, subject, cancellationToken).ConfigureAwait(false))
        {
            // New assets or metadata: a new revision, reviewed as such under its own ledger key (afresh: its content
            // is not what this decision saw).
            return await _reviewer.ReviewNewContentAsync(id, cancellationToken).ConfigureAwait(false);
        }

        subject = subject is null
            ? (await _evidence.GatherAsync(facts, cancellationToken).ConfigureAwait(false)).Subject
            : await _evidence.RefreshIntelAsync(subject with { Facts = facts }, cancellationToken).ConfigureAwait(false);
        var now = _clock.UtcNow;
        var verdict = PolicyEvaluator.Evaluate(subject, _policy, now);
        if (verdict.Action == previous.Action)
        {
            await _ledger.RescheduleAsync(record.Key, record.Evaluation, VerdictSchedule.NextDue(verdict, subject, now), _policy.Digest, cancellationToken).ConfigureAwait(false);
            return new ReviewOutcome(ReviewOutcomeKind.Unchanged, $"re-evaluated: the decision stands ({verdict.Action.Describe()})", packageUrl,
                record.Key.Revision, verdict.Outcome.ToString(), verdict.Action.AttributeValue, record.ActionApplied);
        }

        var why = reason ?? ReevaluationReason.Describe(previous, verdict, record.PolicyDigest != _policy.Digest);
        var evaluation = record.Evaluation + 1;
        verdict = verdict with { Reevaluation = new VerdictReevaluation(evaluation, why, previous.Outcome.ToString(), facts.Status.ToString()) };
        var decided = _reviewer.Decide(record.Key, verdict, subject, facts.Status, evaluation, why);
        // Due again soon if this re-evaluation is interrupted before it finishes: the sweep then resumes it.
        var resumeBy = now + _options.Lease;
        decided = decided with { DueAt = decided.DueAt is { } due && due < resumeBy ? due : resumeBy };
        if (!await _ledger.ReopenAsync(decided, cancellationToken).ConfigureAwait(false))
        {
            return new ReviewOutcome(ReviewOutcomeKind.Duplicate, "another re-evaluation decided it first", packageUrl, record.Key.Revision);
        }

        _options.CrashPoint?.Invoke(CrashPoints.AfterDecision);
        return await _finisher.FinishAsync(decided, facts, packageUrl, 0, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Nothing more to re-evaluate for this record: it is no longer due.</summary>
    private async Task<ReviewOutcome> StopAsync(DecisionRecord record, string packageUrl, ReviewOutcomeKind kind, string why, CancellationToken cancellationToken)
    {
        await _ledger.RescheduleAsync(record.Key, record.Evaluation, null, _policy.Digest, cancellationToken).ConfigureAwait(false);
        return new ReviewOutcome(kind, why, packageUrl, record.Key.Revision, record.Outcome, record.Action, record.ActionApplied);
    }

    /// <summary>
    /// The version's current revision has a decision of its own (carried over from this one, or reviewed afresh):
    /// that decision is the one re-evaluated, never this one as well (two re-evaluations would notify twice). The
    /// schedule is dropped; the record is otherwise left as it was, so it stays the older of the two.
    /// </summary>
    private async Task<ReviewOutcome> SupersededAsync(DecisionRecord record, string current, string packageUrl, CancellationToken cancellationToken)
    {
        if (record.DueAt is not null)
        {
            await _ledger.RescheduleAsync(record.Key, record.Evaluation, null, record.PolicyDigest ?? _policy.Digest, cancellationToken).ConfigureAwait(false);
        }

        return new ReviewOutcome(ReviewOutcomeKind.Ignored, $"superseded: revision {current} has its own decision", packageUrl,
            record.Key.Revision, record.Outcome, record.Action, record.ActionApplied);
    }
}
