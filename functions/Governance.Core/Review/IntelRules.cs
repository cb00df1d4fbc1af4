using System.Globalization;
using Governance.Core.Evidence;
using Governance.Core.Packages;
using Governance.Core.Policy;

namespace Governance.Core.Review;

/// <summary>
/// What the intel source said: a known-malicious version (<c>intel.malicious</c>, never waivable, archived), each
/// advisory at or above the policy's severity (<c>intel.vulnerable</c>), or no answer (<c>intel.unreachable</c>, per
/// origin type). An intel source that was not queried produces no finding (the message says why it was not).
/// </summary>
internal static class IntelRules
{
    public static void Check(ReviewSubject subject, GovernancePolicy policy, DateTimeOffset now, List<Finding> findings)
    {
        var intel = subject.Evidence.Intel;
        var id = subject.Facts.Id;
        // A MAL- id is known from the batch answer alone: the source may report it even when a later detail request
        // failed (Unreachable), and a known-malicious version must be archived either way.
        foreach (var advisory in intel.Advisories.Where(a => a.Malicious))
        {
            findings.Add(new Finding(
                RuleIds.IntelMalicious, FindingSeverity.Blocking,
                $"{advisory.Id}: the intel source lists {id.Name} {id.Version} as known-malicious: {advisory.Summary}",
                AdvisoryEvidence(intel, advisory),
                "Do not use this version: remove it from every lock file and build cache that fetched it, and treat machines that "
                + "installed it as compromised (rotate the credentials they held). It is Archived so it cannot be downloaded; "
                + "intel.malicious cannot be waived.",
                null));
        }

        switch (intel.Status)
        {
            case IntelStatus.Answered:
                var vulnerabilities = policy.Intel.Vulnerabilities;
                foreach (var advisory in intel.Advisories.Where(a => !a.Malicious && vulnerabilities.Acts(a.Severity)))
                {
                    var severity = PolicyNames.SeverityName(advisory.Severity);
                    findings.Add(new Finding(
                        RuleIds.IntelVulnerable,
                        vulnerabilities.Action == EvidenceAction.Quarantine ? FindingSeverity.Blocking : FindingSeverity.Warning,
                        $"{advisory.Id} ({severity}{(advisory.Score is { } s ? ", CVSS " + s.ToString("0.0", CultureInfo.InvariantCulture) : "")}) affects this version: {advisory.Summary}",
                        AdvisoryEvidence(intel, advisory),
                        $"Use a version the advisory lists as fixed ({advisory.Link}); or, if the vulnerable code is not reachable in your use, add:\n"
                        + RemedyText.Waiver(id, RuleIds.IntelVulnerable, now),
                        null));
                }
                break;
            case IntelStatus.Unreachable:
                var action = policy.Intel.Unreachable.For(subject.Facts.OriginType);
                var origin = subject.Facts.OriginType switch
                {
                    "EXTERNAL" => "external",
                    "INTERNAL" or "LOCAL" => "internal",
                    // UNKNOWN takes the stricter of the two keys (IntelUnreachablePolicy.For): name the one that applied.
                    _ => policy.Intel.Unreachable.External == action ? "external" : "internal",
                };
                findings.Add(new Finding(
                    RuleIds.IntelUnreachable,
                    action == EvidenceAction.Quarantine ? FindingSeverity.Blocking : FindingSeverity.Warning,
                    $"the intel source {Source(intel.Source)} could not be asked about this version after {Count(intel.Attempts)}: {intel.Problem ?? "no answer"}",
                    PolicyEvaluator.Evidence(
                        ("source", intel.Source),
                        ("problem", intel.Problem),
                        ("attempts", intel.Attempts.ToString(CultureInfo.InvariantCulture)),
                        ("origin", subject.Facts.OriginType),
                        ("policy", $"intel.unreachable.{origin}: {PolicyNames.EvidenceActionName(action)}")),
                    "Review the version again once the intel source answers (a scan or the next event re-evaluates it); "
                    + $"or set intel.unreachable.{origin}: warn; or add:\n{RemedyText.Waiver(id, RuleIds.IntelUnreachable, now)}",
                    null));
                break;
            case IntelStatus.NotQueried:
            default:
                break;
        }
    }

    private static Dictionary<string, string> AdvisoryEvidence(IntelEvidence intel, Advisory advisory) =>
        PolicyEvaluator.Evidence(
            ("id", advisory.Id),
            ("aliases", advisory.Aliases.Count == 0 ? null : string.Join(", ", advisory.Aliases)),
            ("severity", PolicyNames.SeverityName(advisory.Severity)),
            ("score", advisory.Score?.ToString("0.0", CultureInfo.InvariantCulture)),
            ("link", advisory.Link),
            ("summary", advisory.Summary),
            ("source", intel.Source));

    internal static string Source(string source) => source.Length == 0 ? "(not configured)" : source;

    private static string Count(int attempts) => attempts == 1 ? "1 attempt" : $"{attempts.ToString(CultureInfo.InvariantCulture)} attempts";
}
