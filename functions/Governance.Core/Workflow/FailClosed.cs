using Governance.Core.Packages;
using Governance.Core.Policy;
using Governance.Core.Ports;
using Governance.Core.Review;

namespace Governance.Core.Workflow;

/// <summary>
/// The verdict on a version CodeArtifact refuses to read (a ValidationException no retry fixes): instead of letting
/// the event dead-letter with the version still installable, in enforce mode set the policy's quarantine status
/// (conditionally on what was read, when anything was; unconditionally otherwise), saying so when
/// UpdatePackageVersionsStatus refuses as well, and give a failing verdict with a <see cref="RuleIds.ReviewUnreadable"/>
/// finding that the reviewer records and notifies, so a person sees it either way.
/// </summary>
internal sealed class FailClosed(IPackageSource source, GovernancePolicy policy, IClock clock)
{
    public async Task<(Verdict Verdict, bool Applied)> QuarantineAsync(
        PackageVersionId id,
        PackageVersionFacts? facts,
        PackageVersionStatus observedStatus,
        string operation,
        PackageVersionUnreadableException error,
        CancellationToken cancellationToken)
    {
        var enforce = policy.Mode == PolicyMode.Enforce;
        var target = policy.QuarantineStatus;
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
                var outcome = await source.UpdateStatusAsync(id, facts?.Status, facts?.Revision, target, cancellationToken).ConfigureAwait(false);
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
        var packageUrl = PackageUrl.For(id);
        var verdict = VerdictBounds.Bound(new Verdict(
            Verdict.CurrentSchema,
            new VerdictPackage(id.Domain, id.DomainOwner, id.Repository, id.Format, id.Namespace, id.Name, id.Version,
                facts?.Revision ?? VersionReviewer.UnreadableRevision, packageUrl, observedStatus, facts?.OriginType ?? "UNKNOWN"),
            VerdictOutcome.Fail,
            PolicyNames.ModeName(policy.Mode),
            enforce ? new VerdictAction(ActionKind.Quarantine, target, null, null) : new VerdictAction(ActionKind.None, null, ActionKind.Quarantine, target),
            [finding],
            [],
            new VerdictLicenses(facts?.Licenses ?? [], null, "Unknown"),
            [],
            clock.UtcNow,
            policy.SourceName));
        return (verdict, applied);
    }
}
