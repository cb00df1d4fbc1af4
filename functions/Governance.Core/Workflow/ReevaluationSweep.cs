using Governance.Core.Policy;
using Governance.Core.Ports;

namespace Governance.Core.Workflow;

/// <summary>Bounds on one sweep: a scheduled invocation must end inside its timeout and come back for the rest.</summary>
public sealed record SweepOptions
{
    /// <summary>Due decisions read per run.</summary>
    public int DueBatch { get; init; } = 200;

    /// <summary>Finished decisions read per page of a policy pass.</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>Re-evaluations per run, due and policy pass together; the rest waits for the next run.</summary>
    public int MaxReevaluations { get; init; } = 500;
}

/// <summary>What one sweep did, for the log and the metrics.</summary>
public sealed record SweepReport(int Due, int Changed, int Unchanged, int Skipped, int Failed, bool PolicyPassComplete, IReadOnlyList<ReviewOutcome> Outcomes);

/// <summary>
/// One run of the re-evaluation sweep (the scheduled function): first every decision that is due (a cooldown that
/// ends, a waiver that expires), then, when the policy's digest differs from the one the ledger's decisions were last
/// swept for, a resumable paged pass over every finished decision made under another policy. Each re-evaluation is
/// conditional on the record it read, so a schedule that fires twice, or a clock that jumps back, decides nothing twice.
/// </summary>
public sealed class ReevaluationSweep(IDecisionLedger ledger, VersionReviewer reviewer, GovernancePolicy policy, IClock clock, SweepOptions options)
{
    /// <summary>The cursor of a policy pass that has not read its first page yet.</summary>
    private const string PassStart = "";

    public async Task<SweepReport> RunAsync(CancellationToken cancellationToken)
    {
        var outcomes = new List<ReviewOutcome>();
        var failed = 0;
        var now = clock.UtcNow;
        var due = await ledger.DueAsync(now, options.DueBatch, cancellationToken).ConfigureAwait(false);
        foreach (var record in due)
        {
            // An unfinished decision is its holder's to finish until its lease passes (then anyone resumes it).
            if (!record.Finished && record.LeaseExpires > now)
            {
                continue;
            }

            failed += await ReevaluateAsync(record, outcomes, cancellationToken).ConfigureAwait(false) ? 0 : 1;
        }

        var complete = await PolicyPassAsync(outcomes, () => failed++, cancellationToken).ConfigureAwait(false);
        return new SweepReport(
            due.Count,
            outcomes.Count(o => o.Kind == ReviewOutcomeKind.Decided),
            outcomes.Count(o => o.Kind == ReviewOutcomeKind.Unchanged),
            outcomes.Count(o => o.Kind is not (ReviewOutcomeKind.Decided or ReviewOutcomeKind.Unchanged)),
            failed,
            complete,
            outcomes);
    }

    /// <summary>Re-evaluates the finished decisions made under another policy, a page at a time, remembering where it stopped.</summary>
    private async Task<bool> PolicyPassAsync(List<ReviewOutcome> outcomes, Action onFailure, CancellationToken cancellationToken)
    {
        var state = await ledger.GetSweepStateAsync(cancellationToken).ConfigureAwait(false);
        if (state is not null && state.PolicyDigest == policy.Digest && state.Cursor is null)
        {
            return true;
        }

        var cursor = state is not null && state.PolicyDigest == policy.Digest ? state.Cursor : PassStart;
        while (cursor is not null && outcomes.Count < options.MaxReevaluations)
        {
            var page = await ledger.FinishedAsync(cursor.Length == 0 ? null : cursor, options.PageSize, cancellationToken).ConfigureAwait(false);
            foreach (var record in page.Records.Where(r => r.PolicyDigest != policy.Digest))
            {
                if (!await ReevaluateAsync(record, outcomes, cancellationToken).ConfigureAwait(false))
                {
                    onFailure();
                }
            }

            cursor = page.Next;
            await ledger.SaveSweepStateAsync(new SweepState(policy.Digest, cursor, clock.UtcNow), cancellationToken).ConfigureAwait(false);
        }

        return cursor is null;
    }

    /// <summary>False when the re-evaluation failed in a way the next sweep retries (the record is left as it was).</summary>
    private async Task<bool> ReevaluateAsync(Ports.DecisionRecord record, List<ReviewOutcome> outcomes, CancellationToken cancellationToken)
    {
        try
        {
            outcomes.Add(await reviewer.Reevaluation.ReevaluateAsync(record, null, cancellationToken).ConfigureAwait(false));
            return true;
        }
        catch (Exception e) when (e is ReviewRetryableException or VersionChangedException or PackageVersionUnreadableException or TimeoutException or HttpRequestException)
        {
            return false;
        }
    }
}
