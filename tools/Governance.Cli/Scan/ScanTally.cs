using Governance.Core.Review;
using Governance.Core.Workflow;

namespace Governance.Cli.Scan;

/// <summary>
/// The scan's running totals and the done-set of the current page, kept in the checkpoint state. Every change goes
/// through one lock: reviews finish on several workers, and a checkpoint is a consistent snapshot of all of it.
/// </summary>
internal sealed class ScanTally(ScanState state)
{
    public const string Decided = "decided";
    public const string AlreadyDecided = "already-decided";
    public const string Ignored = "ignored";
    public const string Gone = "gone";
    public const string Error = "error";

    public const string Passed = "passed";
    public const string Warned = "warned";
    public const string Quarantined = "quarantined";
    public const string Failed = "failed";

    private readonly Lock _gate = new();

    public ScanState State => state;

    public Lock Gate => _gate;

    public void AddListed(int count)
    {
        lock (_gate)
        {
            state.Counters.Listed += count;
        }
    }

    /// <summary>Counts one finished review and marks the version done in the current page.</summary>
    public void Record(string version, ReviewOutcome outcome, Verdict? verdict, bool inPage)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        lock (_gate)
        {
            var counters = state.Counters;
            counters.Reviewed++;
            Increment(counters.Outcomes, OutcomeName(outcome.Kind));
            if (inPage)
            {
                state.Cursor.Done.Add(version);
            }

            if (VerdictName(outcome, verdict) is not { } verdictName)
            {
                return;
            }

            Increment(counters.Verdicts, verdictName);
            foreach (var rule in (verdict?.Findings ?? []).Select(f => f.RuleId).Distinct(StringComparer.Ordinal))
            {
                Increment(counters.Rules, rule);
            }

            if (verdictName is Quarantined or Failed)
            {
                counters.Failed.Add(new ScanFailedVersion(outcome.PackageUrl ?? version, outcome.Revision, outcome.VerdictOutcome!, outcome.Action,
                    outcome.ActionApplied, outcome.Reason));
            }
        }
    }

    /// <summary>Counts a version the scan could not review (left pending for a later pass).</summary>
    public void RecordError()
    {
        lock (_gate)
        {
            Increment(state.Counters.Outcomes, Error);
        }
    }

    /// <summary>A pending version reviewed at last: it is no longer an error.</summary>
    public void ForgetError()
    {
        lock (_gate)
        {
            if (state.Counters.Outcomes.TryGetValue(Error, out var errors) && errors > 0)
            {
                state.Counters.Outcomes[Error] = errors - 1;
            }
        }
    }

    public long Count(string outcomeOrVerdict)
    {
        lock (_gate)
        {
            return state.Counters.Outcomes.GetValueOrDefault(outcomeOrVerdict) + state.Counters.Verdicts.GetValueOrDefault(outcomeOrVerdict);
        }
    }

    public (long Reviewed, long Listed, long Passed, long Warned, long Quarantined, long Failed, long Errors) Progress()
    {
        lock (_gate)
        {
            var c = state.Counters;
            return (c.Reviewed, c.Listed, c.Verdicts.GetValueOrDefault(Passed), c.Verdicts.GetValueOrDefault(Warned),
                c.Verdicts.GetValueOrDefault(Quarantined), c.Verdicts.GetValueOrDefault(Failed), c.Outcomes.GetValueOrDefault(Error));
        }
    }

    public static string OutcomeName(ReviewOutcomeKind kind) => kind switch
    {
        ReviewOutcomeKind.Decided => Decided,
        ReviewOutcomeKind.Duplicate => AlreadyDecided,
        ReviewOutcomeKind.Ignored => Ignored,
        _ => Gone,
    };

    /// <summary>
    /// passed (no finding), warned (passed with warnings), quarantined (failed, quarantine status set) or failed
    /// (failed, status not changed: audit mode, a dry run, or a status CodeArtifact would not move). A version
    /// already decided is classed by its recorded outcome (its findings are not at hand).
    /// </summary>
    private static string? VerdictName(ReviewOutcome outcome, Verdict? verdict) => outcome.VerdictOutcome switch
    {
        null => null,
        nameof(VerdictOutcome.Fail) => outcome.ActionApplied && outcome.Action is { } action && !action.Equals("none", StringComparison.OrdinalIgnoreCase)
            ? Quarantined
            : Failed,
        _ => verdict?.Findings.Any(f => f.Severity == FindingSeverity.Warning) == true ? Warned : Passed,
    };

    private static void Increment(SortedDictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}
