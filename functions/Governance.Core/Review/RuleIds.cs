using Governance.Core.Integrity;

namespace Governance.Core.Review;

/// <summary>
/// The stable ids of every rule a finding can come from. They appear in verdict JSON, notifications and waivers,
/// so they never change once released.
/// </summary>
public static class RuleIds
{
    public const string HashMissing = "integrity.hash-missing";
    public const string NotVerified = "integrity.not-verified";
    public const string LicenseDenied = "license.denied";
    public const string LicenseNotAllowed = "license.not-allowed";
    public const string LicenseUnknown = "license.unknown";
    public const string LicenseMissing = "license.missing";
    public const string DenyListMatch = "deny-list.match";
    public const string SizeExceeded = "size.exceeded";
    public const string WaiverExpired = "waiver.expired";

    /// <summary>
    /// The intel source lists the version as known-malicious (an OSV <c>MAL-</c> advisory). Blocking, never waivable,
    /// and the version is Archived whatever the policy's quarantine status.
    /// </summary>
    public const string IntelMalicious = "intel.malicious";

    /// <summary>An advisory at or above <c>intel.vulnerabilities.minimumSeverity</c> affects the version.</summary>
    public const string IntelVulnerable = "intel.vulnerable";

    /// <summary>The intel source could not be reached after its retries (blocking or a warning per origin type).</summary>
    public const string IntelUnreachable = "intel.unreachable";

    /// <summary>An EXTERNAL version the public registry had no digests for (not found) or could not be asked about.</summary>
    public const string RegistryUnverified = "registry.unverified";

    /// <summary>
    /// The public registry's digest of an asset differs from the streamed bytes or CodeArtifact's record (the
    /// three-way comparison of <c>Evidence/DigestAgreement</c>). An integrity rule: never waivable.
    /// </summary>
    public const string RegistryMismatch = "integrity.registry-mismatch";

    /// <summary>
    /// The review could not read the version (CodeArtifact refused DescribePackageVersion or ListPackageVersionAssets
    /// as invalid): the verdict fails closed. Not a policy rule: not in <see cref="All"/>, never waivable.
    /// </summary>
    public const string ReviewUnreadable = "review.unreadable";

    /// <summary>
    /// The version is younger than the policy's cooldown (<c>cooldown.minimumAge</c>): held until it is old enough,
    /// then reviewed again. Waivable (a person may release a version sooner), as is <c>cooldown.exempt</c>.
    /// </summary>
    public const string CooldownActive = "cooldown.active";

    /// <summary><c>integrity.sha256-mismatch</c> and its siblings.</summary>
    public static string HashMismatch(HashKind kind) => $"integrity.{kind.Slug()}-mismatch";

    public static IReadOnlyList<string> All { get; } =
    [
        .. HashKindNames.All.Select(HashMismatch),
        HashMissing, NotVerified, RegistryMismatch, LicenseDenied, LicenseNotAllowed, LicenseUnknown, LicenseMissing, DenyListMatch, SizeExceeded,
        IntelMalicious, IntelVulnerable, IntelUnreachable, RegistryUnverified, CooldownActive, WaiverExpired,
    ];

    /// <summary>
    /// Integrity findings cannot be waived: a digest that differs from the recorded one means the bytes are not the
    /// ones published, and no reason makes that acceptable. Nor can <see cref="IntelMalicious"/>: a known-malicious
    /// version is never used. <see cref="WaiverExpired"/> is informational.
    /// </summary>
    public static bool IsWaivable(string ruleId) =>
        !ruleId.StartsWith("integrity.", StringComparison.Ordinal) && ruleId != IntelMalicious && ruleId != WaiverExpired && ruleId != ReviewUnreadable;

    /// <summary>Why a rule cannot be waived, for the policy loader's error.</summary>
    public static string WhyNotWaivable(string ruleId) => ruleId switch
    {
        IntelMalicious => "the intel source lists the version as known-malicious: it is archived, and no reason makes using it acceptable",
        WaiverExpired => "it only reports that another waiver has expired; renew that waiver instead",
        ReviewUnreadable => "the review could not read the version; nothing was judged that a waiver could accept",
        _ => "a digest mismatch means the bytes are not the ones published",
    };

    public static IReadOnlyList<string> Waivable { get; } = [.. All.Where(IsWaivable)];
}
