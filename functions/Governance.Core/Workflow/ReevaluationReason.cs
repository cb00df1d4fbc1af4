using Governance.Core.Review;

namespace Governance.Core.Workflow;

/// <summary>
/// Why a re-evaluated decision changed, in the words a notification needs ("cooldown ended", "waiver expired: …",
/// "policy changed: license.denied GPL-2.0-only", "new intel: MAL-2026-2306"), read from the two verdicts' findings.
/// </summary>
public static class ReevaluationReason
{
    public static string Describe(Verdict previous, Verdict current, bool policyChanged)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        var before = previous.Findings.Select(f => f.RuleId).ToHashSet(StringComparer.Ordinal);
        var now = current.Findings.Select(f => f.RuleId).ToHashSet(StringComparer.Ordinal);
        if (before.Contains(RuleIds.CooldownActive) && !now.Contains(RuleIds.CooldownActive) && !policyChanged)
        {
            return "cooldown ended";
        }

        if (current.Findings.FirstOrDefault(f => f.RuleId == RuleIds.WaiverExpired) is { } expired && !before.Contains(RuleIds.WaiverExpired))
        {
            return "waiver expired: " + expired.Message;
        }

        var newIntel = current.Findings.Where(f => f.RuleId.StartsWith("intel.", StringComparison.Ordinal) && !before.Contains(f.RuleId)).ToList();
        if (newIntel.Count > 0 && !policyChanged)
        {
            return "new intel: " + string.Join("; ", newIntel.Select(f => f.Message));
        }

        if (policyChanged)
        {
            var added = current.Findings.Where(f => f.Severity == FindingSeverity.Blocking && !before.Contains(f.RuleId)).ToList();
            if (added.Count > 0)
            {
                return "policy changed: " + string.Join("; ", added.Select(f => f.Message));
            }

            var waived = current.Waived.Where(w => before.Contains(w.Finding.RuleId)).ToList();
            return waived.Count > 0
                ? "policy changed: waived " + string.Join(", ", waived.Select(w => w.Finding.RuleId).Distinct()) + " (" + waived[0].Waiver.Reason + ")"
                : "policy changed: " + (current.Passed ? "no rule blocks the version any more" : "the verdict's action changed");
        }

        return current.Passed ? "re-evaluated: no rule blocks the version any more" : "re-evaluated: " + string.Join(", ", current.BlockingFindings.Select(f => f.RuleId).Distinct());
    }
}
