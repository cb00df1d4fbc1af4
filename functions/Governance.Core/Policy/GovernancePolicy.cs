using Governance.Core.Integrity;
using Governance.Core.Packages;

namespace Governance.Core.Policy;

/// <summary>enforce sets statuses; audit only decides and reports.</summary>
public enum PolicyMode
{
    Enforce,
    Audit,
}

/// <summary>What to do with a license the policy cannot judge (unknown) or a version that declares none (missing).</summary>
public enum LicenseFallback
{
    Quarantine,
    Allow,
}

/// <summary>
/// The loaded governance policy (governance.yaml). Immutable; <see cref="WithOverrides"/> gives a copy with the
/// function-time overrides applied.
/// </summary>
/// <param name="SourceName">Where the policy came from (a file path, or <c>built-in default</c>), for messages.</param>
public sealed record GovernancePolicy(
    PolicyMode Mode,
    PackageVersionStatus QuarantineStatus,
    PolicyScope Scope,
    IntelPolicy Intel,
    IntegrityPolicy Integrity,
    LicensePolicy Licenses,
    IReadOnlyList<DenyListEntry> DenyList,
    SizeLimits SizeLimits,
    IReadOnlyList<Waiver> Waivers,
    string SourceName)
{
    /// <summary>How long a new version waits before it may be published (<c>cooldown:</c>); none by default.</summary>
    public CooldownPolicy Cooldown { get; init; } = CooldownPolicy.None;

    /// <summary>
    /// The SHA-256 of the policy text it was loaded from (<see cref="PolicyDigest"/>): the ledger records it with each
    /// decision, so a re-evaluation sweep knows which decisions were made under another policy.
    /// </summary>
    public string Digest { get; init; } = "";

    /// <summary>The statuses a failing version may be given.</summary>
    public static IReadOnlyList<PackageVersionStatus> QuarantineStatuses { get; } = [PackageVersionStatus.Unlisted, PackageVersionStatus.Archived];

    /// <summary>
    /// Applies deployment-time overrides (the SAM template sets <c>GOVERNANCE_MODE</c> and
    /// <c>GOVERNANCE_QUARANTINE_STATUS</c>); null keeps the file's value.
    /// </summary>
    /// <exception cref="ArgumentException">The quarantine status is not Unlisted or Archived.</exception>
    public GovernancePolicy WithOverrides(PolicyMode? mode, PackageVersionStatus? quarantineStatus)
    {
        if (quarantineStatus is { } status && !QuarantineStatuses.Contains(status))
        {
            throw new ArgumentException($"the quarantine status must be Unlisted or Archived, not {status}", nameof(quarantineStatus));
        }
        var overridden = this with { Mode = mode ?? Mode, QuarantineStatus = quarantineStatus ?? QuarantineStatus };
        // A deployment that changes the mode or the quarantine status changes what every decision would be: the
        // digest says so, so the re-evaluation sweep looks at them again.
        return overridden.Mode == Mode && overridden.QuarantineStatus == QuarantineStatus
            ? overridden
            : overridden with { Digest = PolicyDigest.Of($"{Digest}\nmode={overridden.Mode}\nquarantineStatus={overridden.QuarantineStatus}") };
    }

    /// <summary>
    /// Reads the overrides from environment-variable values (<c>GOVERNANCE_MODE</c>, <c>GOVERNANCE_QUARANTINE_STATUS</c>);
    /// empty values are ignored; a bad value is an error naming the variable and the allowed values.
    /// </summary>
    public PolicyOverrideResult WithEnvironmentOverrides(string? modeValue, string? quarantineStatusValue)
    {
        PolicyMode? mode = null;
        PackageVersionStatus? status = null;
        if (!string.IsNullOrWhiteSpace(modeValue))
        {
            if (!PolicyNames.TryParseMode(modeValue.Trim(), out var parsed))
            {
                return new PolicyOverrideResult(null, $"GOVERNANCE_MODE is '{modeValue}'; allowed: enforce, audit");
            }
            mode = parsed;
        }
        if (!string.IsNullOrWhiteSpace(quarantineStatusValue))
        {
            if (!PolicyNames.TryParseQuarantineStatus(quarantineStatusValue.Trim(), out var parsed))
            {
                return new PolicyOverrideResult(null, $"GOVERNANCE_QUARANTINE_STATUS is '{quarantineStatusValue}'; allowed: Unlisted, Archived");
            }
            status = parsed;
        }
        return new PolicyOverrideResult(WithOverrides(mode, status), null);
    }
}

/// <summary>The policy with overrides applied, or the error that names the bad variable.</summary>
public sealed record PolicyOverrideResult(GovernancePolicy? Policy, string? Error);

/// <summary>Which repositories and formats are governed; entries may end with <c>*</c>.</summary>
public sealed record PolicyScope(IReadOnlyList<string> Repositories, IReadOnlyList<string> Formats)
{
    public bool IncludesRepository(string repository) => Repositories.Any(pattern => Glob.Matches(pattern, repository));

    public bool IncludesFormat(string format) => Formats.Any(pattern => Glob.Matches(pattern, format));
}

/// <summary>
/// The hash algorithms recomputed and compared for every asset, and what to do when the public registry could not
/// vouch for an EXTERNAL version's digests.
/// </summary>
public sealed record IntegrityPolicy(IReadOnlyList<HashKind> RequiredHashes, PublicRegistryPolicy PublicRegistry);

/// <summary>Per-format replacements of <see cref="LicensePolicy.Unknown"/> and <see cref="LicensePolicy.Missing"/>.</summary>
public sealed record LicenseFormatOverride(LicenseFallback? Unknown, LicenseFallback? Missing);

/// <summary>License rules. Patterns are SPDX ids (case-insensitive) or prefixes ending with <c>*</c>.</summary>
public sealed record LicensePolicy(
    IReadOnlyList<string> Allow,
    IReadOnlyList<string> Deny,
    IReadOnlyList<string> AllowedExceptions,
    LicenseFallback Unknown,
    LicenseFallback Missing,
    IReadOnlyDictionary<string, LicenseFormatOverride> Formats,
    LicenseDiscoveryPolicy Discovery)
{
    public LicenseFallback UnknownFor(string format) =>
        Formats.TryGetValue(format, out var o) && o.Unknown is { } value ? value : Unknown;

    public LicenseFallback MissingFor(string format) =>
        Formats.TryGetValue(format, out var o) && o.Missing is { } value ? value : Missing;
}

/// <summary>A package whose versions in <see cref="Versions"/> are always quarantined.</summary>
/// <param name="Line">The line of the entry in the policy file, for evidence.</param>
public sealed record DenyListEntry(PackageMatcher Package, VersionRange Versions, string Reason, int Line);

/// <summary>Size limits in bytes; null means no limit.</summary>
public sealed record SizeLimits(long? MaxAssetBytes, long? MaxVersionBytes);

/// <summary>
/// An exception for one package version and one rule (or rule family, <c>license.*</c>), granted with a reason
/// until <see cref="ExpiresAt"/>. A date-only expiry lasts through that day (UTC).
/// </summary>
public sealed record Waiver(PackageMatcher Package, string Version, string Rule, string Reason, DateTimeOffset ExpiresAt, int Line)
{
    public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;

    public bool CoversRule(string ruleId) => Glob.Matches(Rule, ruleId);

    public bool CoversVersion(PackageVersionId id) =>
        Package.Matches(id) && (Version == "*" || string.Equals(Version, id.Version, StringComparison.Ordinal));
}
