using Governance.Core.Evidence;
using Governance.Core.Policy;

namespace Governance.Core.Review;

/// <summary>
/// <c>registry.unverified</c>: an EXTERNAL version whose public registry had no digests for it (not found) or could
/// not be reached, so its bytes could not be compared with what the registry publishes. A registry that was not
/// queried produces no finding.
/// </summary>
internal static class RegistryRules
{
    public static void Check(ReviewSubject subject, GovernancePolicy policy, DateTimeOffset now, List<Finding> findings)
    {
        var registry = subject.Evidence.Registry;
        if (!string.Equals(subject.Facts.OriginType, "EXTERNAL", StringComparison.Ordinal)
            || registry.Status is not (RegistryStatus.NotFound or RegistryStatus.Unreachable))
        {
            return;
        }
        var action = policy.Integrity.PublicRegistry.Unverified;
        var what = registry.Status == RegistryStatus.NotFound ? "has no digests for this version" : "could not be reached";
        findings.Add(new Finding(
            RuleIds.RegistryUnverified,
            action == EvidenceAction.Quarantine ? FindingSeverity.Blocking : FindingSeverity.Warning,
            $"the public registry {IntelRules.Source(registry.Source)} {what}, so the bytes could not be compared with the registry's own digests: {registry.Problem ?? "no detail"}",
            PolicyEvaluator.Evidence(
                ("source", registry.Source),
                ("status", VerdictEvidence.StatusName(registry.Status)),
                ("problem", registry.Problem),
                ("policy", $"integrity.publicRegistry.unverified: {PolicyNames.EvidenceActionName(action)}")),
            registry.Status == RegistryStatus.NotFound
                ? "Check that the upstream the version came from is the public registry configured for its format; "
                    + $"or add:\n{RemedyText.Waiver(subject.Facts.Id, RuleIds.RegistryUnverified, now)}"
                : "Review the version again once the registry answers (a scan or the next event re-evaluates it); "
                    + $"or set integrity.publicRegistry.unverified: warn; or add:\n{RemedyText.Waiver(subject.Facts.Id, RuleIds.RegistryUnverified, now)}",
            null));
    }
}
