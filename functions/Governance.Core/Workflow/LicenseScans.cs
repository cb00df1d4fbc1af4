using Governance.Core.Licenses;
using Governance.Core.Licenses.Discovery;
using Governance.Core.Packages;
using Governance.Core.Policy;

namespace Governance.Core.Workflow;

/// <summary>Whether a version's artifact is read for its license: one rule for the review and for <c>governance check</c>.</summary>
public static class LicenseScans
{
    /// <summary>
    /// A scan of the artifact for its license, when the metadata has none the policy recognises (missing or unknown)
    /// and the policy would quarantine that, and the policy lets the review look (licenses.discovery); null
    /// otherwise, so a version with a good license streams exactly as before. The caller disposes it.
    /// </summary>
    /// <param name="followParentPom">False where no repository can be asked for a parent POM (a local file).</param>
    public static LicenseDiscoveryScan? For(PackageVersionFacts facts, GovernancePolicy policy, bool followParentPom = true)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(policy);
        var discovery = policy.Licenses.Discovery;
        if (!discovery.Archive && !discovery.ParentPom)
        {
            return null;
        }

        // Only when the finding would block: a format whose missing licenses the policy allows (generic, by
        // default) streams without the reader.
        var format = facts.Id.Format;
        var standing = LicenseEvaluator.Default.Evaluate(facts.Licenses, policy.Licenses, format).Standing;
        var wouldBlock = standing switch
        {
            LicenseStanding.Missing => policy.Licenses.MissingFor(format) == LicenseFallback.Quarantine,
            LicenseStanding.Unknown => policy.Licenses.UnknownFor(format) == LicenseFallback.Quarantine,
            _ => false,
        };
        return wouldBlock
            ? new LicenseDiscoveryScan(
                new LicenseDiscoveryOptions { ReadArchives = discovery.Archive, FollowParentPom = discovery.ParentPom && followParentPom },
                new LicenseTextMatcher(discovery.MinimumScore))
            : null;
    }
}
