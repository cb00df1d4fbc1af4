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
    /// The review could not read the version (CodeArtifact refused DescribePackageVersion or ListPackageVersionAssets
    /// as invalid): the verdict fails closed. Not a policy rule: not in <see cref="All"/>, never waivable.
    /// </summary>
    public const string ReviewUnreadable = "review.unreadable";

    /// <summary><c>integrity.sha256-mismatch</c> and its siblings.</summary>
    public static string HashMismatch(HashKind kind) => $"integrity.{kind.Slug()}-mismatch";

    public static IReadOnlyList<string> All { get; } =
    [
        .. HashKindNames.All.Select(HashMismatch),
        HashMissing, NotVerified, LicenseDenied, LicenseNotAllowed, LicenseUnknown, LicenseMissing, DenyListMatch, SizeExceeded, WaiverExpired,
    ];

    /// <summary>
    /// Integrity findings cannot be waived: a digest that differs from the recorded one means the bytes are not the
    /// ones published, and no reason makes that acceptable. <see cref="WaiverExpired"/> is informational.
    /// </summary>
    public static bool IsWaivable(string ruleId) =>
        !ruleId.StartsWith("integrity.", StringComparison.Ordinal) && ruleId != WaiverExpired && ruleId != ReviewUnreadable;

    public static IReadOnlyList<string> Waivable { get; } = [.. All.Where(IsWaivable)];
}
