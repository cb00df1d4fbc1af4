using Governance.Core.Evidence;
using Governance.Core.Licenses;
using Governance.Core.Packages;
using Governance.Core.Policy;

namespace Governance.Core.Review;

/// <summary>Turns the license evaluation into findings, each with the exact waiver that would accept it.</summary>
internal static class LicenseRules
{
    public static void Check(PackageVersionFacts facts, LicenseChoice choice, GovernancePolicy policy, DateTimeOffset now, List<Finding> findings)
    {
        var evaluation = choice.Evaluation;
        var format = facts.Id.Format;
        // Where the license came from, and (when nothing usable was found in the artifact) why: on every license
        // finding, so the message says whether the metadata, a parent POM or a license file decided.
        var provenance = choice.EvidenceEntries();
        var declared = evaluation.Declared.Count == 0 ? "(none)" : string.Join(" | ", evaluation.Declared);
        var expression = evaluation.Expression?.ToString();
        string Leaves(LicenseStanding standing) =>
            string.Join(", ", evaluation.Leaves.Where(l => l.Standing == standing).Select(l => l.License).Distinct());
        string Waiver(string rule) => RemedyText.Waiver(facts.Id, rule, now);
        var before = findings.Count;

        switch (evaluation.Standing)
        {
            case LicenseStanding.Denied:
                findings.Add(new Finding(
                    RuleIds.LicenseDenied, FindingSeverity.Blocking,
                    $"license {expression} is denied by the policy ({Leaves(LicenseStanding.Denied)})",
                    Evidence(provenance, ("declared", declared), ("expression", expression), ("denied", Leaves(LicenseStanding.Denied)),
                        ("deny", string.Join(", ", policy.Licenses.Deny))),
                    $"Use a version under an allowed license, or, if legal has approved this use, add to the policy:\n{Waiver(RuleIds.LicenseDenied)}",
                    null));
                break;
            case LicenseStanding.NotAllowed:
                findings.Add(new Finding(
                    RuleIds.LicenseNotAllowed, FindingSeverity.Blocking,
                    $"license {expression} is not in the policy's allow list ({Leaves(LicenseStanding.NotAllowed)})",
                    Evidence(provenance, ("declared", declared), ("expression", expression), ("notAllowed", Leaves(LicenseStanding.NotAllowed))),
                    $"Add {Leaves(LicenseStanding.NotAllowed)} to licenses.allow (or the exception to licenses.allowedExceptions), or waive this version:\n{Waiver(RuleIds.LicenseNotAllowed)}",
                    null));
                break;
            case LicenseStanding.Unknown when policy.Licenses.UnknownFor(format) == LicenseFallback.Quarantine:
                var unknown = string.Join(", ", evaluation.Leaves.Where(l => l.Standing == LicenseStanding.Unknown).Select(l => $"'{l.License}'").Distinct());
                findings.Add(new Finding(
                    RuleIds.LicenseUnknown, FindingSeverity.Blocking,
                    $"license {unknown} is not a recognised SPDX license",
                    Evidence(provenance, ("declared", declared), ("expression", expression), ("unknown", unknown)),
                    $"Publish the package with an SPDX license id (https://spdx.org/licenses/), or, after reviewing the license text, add:\n{Waiver(RuleIds.LicenseUnknown)}",
                    null));
                break;
            case LicenseStanding.Missing when policy.Licenses.MissingFor(format) == LicenseFallback.Quarantine:
                findings.Add(new Finding(
                    RuleIds.LicenseMissing, FindingSeverity.Blocking,
                    $"the version declares no license (format {format})",
                    Evidence(provenance, ("declared", declared), ("format", format)),
                    $"Publish the package with license metadata, set licenses.formats.{format}.missing: allow, or add:\n{Waiver(RuleIds.LicenseMissing)}",
                    null));
                break;
            default:
                break;
        }
        if (findings.Count > before && choice.Source != LicenseSource.Metadata)
        {
            findings[^1] = findings[^1] with { Message = $"{findings[^1].Message} (read from {choice.Describe()})" };
        }
    }

    private static Dictionary<string, string> Evidence(IReadOnlyList<(string Key, string? Value)> provenance, params (string Key, string? Value)[] entries) =>
        PolicyEvaluator.Evidence([.. entries, .. provenance]);
}
