using System.Globalization;
using Governance.Core.Integrity;
using Governance.Core.Licenses;
using Governance.Core.Packages;
using Governance.Core.Policy;

namespace Governance.Core.Review;

/// <summary>
/// The pure evaluation of a policy on one version: integrity, size, intel, the public registry, licenses (from the
/// metadata, or read from the artifact when the metadata has none), deny list, then waivers. No I/O and no clock of
/// its own: the same subject, policy and <c>now</c> always give the same verdict.
/// </summary>
public static class PolicyEvaluator
{
    /// <summary>Evaluates <paramref name="policy"/> on <paramref name="subject"/> at time <paramref name="now"/> (waiver expiry).</summary>
    public static Verdict Evaluate(ReviewSubject subject, GovernancePolicy policy, DateTimeOffset now) =>
        Evaluate(subject, policy, now, LicenseEvaluator.Default);

    public static Verdict Evaluate(ReviewSubject subject, GovernancePolicy policy, DateTimeOffset now, LicenseEvaluator licenseEvaluator)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(licenseEvaluator);
        var facts = subject.Facts;
        var findings = new List<Finding>();
        IntegrityRules.Check(subject.Assets, policy, findings);
        // One row per asset and algorithm compared with the public registry's digests (the message's "Hashes" lines).
        var hashes = new List<VerdictHashAgreement>();
        RegistryDigestRules.Check(subject, findings, hashes);
        SizeRules.Check(subject.Assets, policy.SizeLimits, findings);
        IntelRules.Check(subject, policy, now, findings);
        RegistryRules.Check(subject, policy, now, findings);
        var licenses = LicenseChoice.Choose(subject, policy.Licenses, licenseEvaluator);
        LicenseRules.Check(facts, licenses, policy, now, findings);
        DenyListRules.Check(facts.Id, policy.DenyList, findings);
        CooldownRules.Check(subject, policy.Cooldown, now, findings);
        var (remaining, waived) = WaiverRules.Apply(facts.Id, findings, policy.Waivers, now);

        var outcome = remaining.Any(f => f.Severity == FindingSeverity.Blocking) ? VerdictOutcome.Fail : VerdictOutcome.Pass;
        // A known-malicious version is archived (downloads blocked), whatever the policy's quarantine status: an
        // Unlisted version can still be fetched by exact version, which is how a lock file fetches it.
        var quarantine = remaining.Any(f => f.RuleId == RuleIds.IntelMalicious) ? PackageVersionStatus.Archived : policy.QuarantineStatus;
        var (kind, status) = outcome == VerdictOutcome.Pass
            ? (ActionKind.Publish, PackageVersionStatus.Published)
            : (ActionKind.Quarantine, quarantine);
        var action = policy.Mode == PolicyMode.Enforce
            ? new VerdictAction(kind, status, null, null)
            : new VerdictAction(ActionKind.None, null, kind, status);
        // Everything the publisher controls (names, versions, license strings, asset names, quoted in messages and
        // evidence) is capped per field before it becomes part of the verdict.
        return VerdictBounds.Bound(new Verdict(
            Verdict.CurrentSchema,
            VerdictPackage.From(facts),
            outcome,
            PolicyNames.ModeName(policy.Mode),
            action,
            remaining,
            waived,
            licenses.ToVerdict(),
            subject.Assets.Select(a => new VerdictAsset(
                a.Name, a.Size, a.BytesRead,
                a.ActualHashes.TryGetValue(HashKind.Sha256, out var sha) ? sha : null,
                !a.SizeLimitExceeded && a.ActualHashes.Count > 0)).ToList(),
            now,
            policy.SourceName,
            Evidence: VerdictEvidence.From(subject.Evidence, hashes)));
    }

    internal static Dictionary<string, string> Evidence(params (string Key, string? Value)[] entries) =>
        entries.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value!, StringComparer.Ordinal);

    internal static string Bytes(long value) => value.ToString("N0", CultureInfo.InvariantCulture) + " bytes";
}

/// <summary>Recomputed digests against recorded ones, for every required algorithm and asset.</summary>
internal static class IntegrityRules
{
    public static void Check(IReadOnlyList<AssetIntegrity> assets, GovernancePolicy policy, List<Finding> findings)
    {
        foreach (var asset in assets)
        {
            if (asset.SizeLimitExceeded)
            {
                continue; // reported by the size rule; a partial digest proves nothing
            }
            foreach (var check in DigestComparison.Compare(asset.ExpectedHashes, asset.ActualHashes, policy.Integrity.RequiredHashes))
            {
                var algorithm = check.Kind.WireName();
                switch (check.Match)
                {
                    case DigestMatch.Mismatch:
                        findings.Add(new Finding(
                            RuleIds.HashMismatch(check.Kind),
                            FindingSeverity.Blocking,
                            $"{algorithm} of asset '{asset.Name}' does not match the recorded digest: the bytes read are not the bytes that were published",
                            PolicyEvaluator.Evidence(
                                ("asset", asset.Name),
                                ("algorithm", algorithm),
                                ("expected", check.Expected),
                                ("actual", check.Actual),
                                ("bytesRead", asset.BytesRead.ToString(CultureInfo.InvariantCulture)),
                                ("recordedSize", asset.Size.ToString(CultureInfo.InvariantCulture))),
                            "Do not use this version. Delete it and publish the artifact again from a trusted build; integrity findings cannot be waived.",
                            asset.Name));
                        break;
                    case DigestMatch.ExpectedMissing:
                        findings.Add(new Finding(
                            RuleIds.HashMissing,
                            FindingSeverity.Blocking,
                            $"CodeArtifact recorded no {algorithm} for asset '{asset.Name}', which the policy requires",
                            PolicyEvaluator.Evidence(("asset", asset.Name), ("algorithm", algorithm),
                                ("recorded", string.Join(", ", asset.ExpectedHashes.Keys))),
                            $"Remove {algorithm} from integrity.requiredHashes in the policy if it is not recorded for this format.",
                            asset.Name));
                        break;
                    case DigestMatch.ActualMissing:
                        findings.Add(new Finding(
                            RuleIds.NotVerified,
                            FindingSeverity.Blocking,
                            $"asset '{asset.Name}' was not read, so its {algorithm} could not be verified",
                            PolicyEvaluator.Evidence(("asset", asset.Name), ("algorithm", algorithm)),
                            "Review the version again; the asset must be downloaded and hashed before it can pass.",
                            asset.Name));
                        break;
                    case DigestMatch.Match:
                    default:
                        break;
                }
            }
        }
    }
}

/// <summary>Per-asset and per-version size limits.</summary>
internal static class SizeRules
{
    public static void Check(IReadOnlyList<AssetIntegrity> assets, SizeLimits limits, List<Finding> findings)
    {
        foreach (var asset in assets)
        {
            var size = Math.Max(asset.Size, asset.BytesRead);
            if (asset.SizeLimitExceeded || (limits.MaxAssetBytes is { } max && size > max))
            {
                findings.Add(new Finding(
                    RuleIds.SizeExceeded,
                    FindingSeverity.Blocking,
                    $"asset '{asset.Name}' is larger than the policy's limit of {PolicyEvaluator.Bytes(limits.MaxAssetBytes ?? 0)}",
                    PolicyEvaluator.Evidence(
                        ("asset", asset.Name),
                        ("size", size.ToString(CultureInfo.InvariantCulture)),
                        ("limit", limits.MaxAssetBytes?.ToString(CultureInfo.InvariantCulture)),
                        ("readStoppedAtLimit", asset.SizeLimitExceeded ? "true" : null)),
                    "Raise sizeLimits.maxAssetBytes in the policy, or add a waiver for size.exceeded on this version.",
                    asset.Name));
            }
        }
        var total = assets.Sum(a => Math.Max(a.Size, a.BytesRead));
        if (limits.MaxVersionBytes is { } maxVersion && total > maxVersion)
        {
            findings.Add(new Finding(
                RuleIds.SizeExceeded,
                FindingSeverity.Blocking,
                $"the version's assets total {PolicyEvaluator.Bytes(total)}, more than the policy's limit of {PolicyEvaluator.Bytes(maxVersion)}",
                PolicyEvaluator.Evidence(("size", total.ToString(CultureInfo.InvariantCulture)), ("limit", maxVersion.ToString(CultureInfo.InvariantCulture))),
                "Raise sizeLimits.maxVersionBytes in the policy, or add a waiver for size.exceeded on this version.",
                null));
        }
    }
}

/// <summary>Versions the policy always quarantines.</summary>
internal static class DenyListRules
{
    public static void Check(PackageVersionId id, IReadOnlyList<DenyListEntry> denyList, List<Finding> findings)
    {
        foreach (var entry in denyList.Where(e => e.Package.Matches(id) && e.Versions.Contains(id.Version)))
        {
            findings.Add(new Finding(
                RuleIds.DenyListMatch, FindingSeverity.Blocking,
                $"{entry.Package} {id.Version} is on the policy's deny list: {entry.Reason}",
                PolicyEvaluator.Evidence(("package", entry.Package.PackageUrl), ("versions", entry.Versions.Text), ("reason", entry.Reason),
                    ("policyLine", entry.Line.ToString(CultureInfo.InvariantCulture))),
                $"Use a version outside '{entry.Versions.Text}'.",
                null));
        }
    }
}

/// <summary>
/// Waivers apply last, to blocking findings they cover (same package, version and rule). A waiver past its expiry
/// no longer applies: the finding stays and a <c>waiver.expired</c> warning says which waiver lapsed.
/// </summary>
internal static class WaiverRules
{
    public static (List<Finding> Remaining, List<WaivedFinding> Waived) Apply(
        PackageVersionId id, List<Finding> findings, IReadOnlyList<Waiver> waivers, DateTimeOffset now)
    {
        var remaining = new List<Finding>();
        var waived = new List<WaivedFinding>();
        var expiredReported = new HashSet<Waiver>();
        foreach (var finding in findings)
        {
            var candidates = finding.Severity == FindingSeverity.Blocking && RuleIds.IsWaivable(finding.RuleId)
                ? waivers.Where(w => w.CoversVersion(id) && w.CoversRule(finding.RuleId)).ToList()
                : [];
            var current = candidates.FirstOrDefault(w => !w.IsExpired(now));
            if (current is not null)
            {
                waived.Add(new WaivedFinding(finding, WaiverReference.From(current)));
                continue;
            }
            remaining.Add(finding);
            foreach (var expired in candidates.Where(expiredReported.Add))
            {
                remaining.Add(new Finding(
                    RuleIds.WaiverExpired, FindingSeverity.Warning,
                    $"the waiver for {expired.Rule} on {expired.Package} {expired.Version} expired at {expired.ExpiresAt:yyyy-MM-dd HH:mm} UTC and no longer applies",
                    PolicyEvaluator.Evidence(
                        ("rule", expired.Rule), ("reason", expired.Reason),
                        ("expiresAt", expired.ExpiresAt.ToString("O", CultureInfo.InvariantCulture)),
                        ("policyLine", expired.Line.ToString(CultureInfo.InvariantCulture))),
                    $"Renew the waiver on line {expired.Line} of the policy with a new 'expires' date, or fix the finding it covered.",
                    null));
            }
        }
        return (remaining, waived);
    }
}
