using Governance.Core.Packages;

namespace Governance.Core.Policy;

/// <summary>
/// The minimum release age (<c>cooldown:</c>): a version younger than its package's minimum age is held (given the
/// quarantine status) until it is old enough, then reviewed again. Most malicious releases are found and pulled
/// within hours of their publication, so a wait on brand-new upstream versions keeps them from every client at once.
/// </summary>
/// <param name="MinimumAge">The wait for every format without an override; zero turns the cooldown off.</param>
/// <param name="Origins">Which origins wait: EXTERNAL (from an upstream, the default) and/or INTERNAL.</param>
/// <param name="Formats">Per-format minimum ages overriding <paramref name="MinimumAge"/>.</param>
/// <param name="Exempt">Packages that never wait (a package URL whose namespace and name may hold <c>*</c>).</param>
public sealed record CooldownPolicy(
    TimeSpan MinimumAge,
    IReadOnlyList<string> Origins,
    IReadOnlyDictionary<string, TimeSpan> Formats,
    IReadOnlyList<PackagePattern> Exempt)
{
    /// <summary>The longest cooldown accepted: a wait of more than a year is a typo, not a policy.</summary>
    public static readonly TimeSpan MaximumAge = TimeSpan.FromDays(366);

    public static CooldownPolicy None { get; } =
        new(TimeSpan.Zero, ["EXTERNAL"], new Dictionary<string, TimeSpan>(StringComparer.Ordinal), []);

    /// <summary>The minimum age a version must reach, or null when it does not wait (origin, exemption, zero).</summary>
    public TimeSpan? MinimumAgeFor(PackageVersionId id, string originType)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!Origins.Contains(originType, StringComparer.OrdinalIgnoreCase) || Exempt.Any(pattern => pattern.Matches(id)))
        {
            return null;
        }

        var age = Formats.TryGetValue(id.Format, out var forFormat) ? forFormat : MinimumAge;
        return age > TimeSpan.Zero ? age : null;
    }
}

/// <summary>A package URL without version whose namespace and name are globs (<c>pkg:npm/%40acme/*</c>).</summary>
public sealed record PackagePattern(string Format, string? Namespace, string Name)
{
    public bool Matches(PackageVersionId id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return string.Equals(Format, id.Format, StringComparison.OrdinalIgnoreCase)
            && (Namespace is null ? id.Namespace is null : id.Namespace is not null && Glob.Matches(Namespace, id.Namespace))
            && Glob.Matches(Name, id.Name);
    }

    /// <summary>As the policy writes it: a package URL whose <c>*</c> stays a wildcard (not percent-encoded).</summary>
    public override string ToString() => PackageUrl.ForPackage(Format, Namespace, Name).Replace("%2A", "*", StringComparison.Ordinal);
}
