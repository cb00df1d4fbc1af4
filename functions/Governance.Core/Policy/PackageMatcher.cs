using Governance.Core.Packages;

namespace Governance.Core.Policy;

/// <summary>
/// Names a package in the policy by its package URL without version (<c>pkg:npm/%40acme/ui-kit</c>). Names and
/// namespaces compare case-insensitively: npm and PyPI names are case-insensitive in practice and a policy that
/// misses a deny entry on case alone would be worse than one that over-matches.
/// </summary>
public sealed record PackageMatcher(string Format, string? Namespace, string Name)
{
    public string PackageUrl => Packages.PackageUrl.ForPackage(Format, Namespace, Name);

    public bool Matches(PackageVersionId id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return string.Equals(Format, id.Format, StringComparison.OrdinalIgnoreCase)
            && string.Equals(Namespace ?? "", id.Namespace ?? "", StringComparison.OrdinalIgnoreCase)
            && string.Equals(Name, id.Name, StringComparison.OrdinalIgnoreCase);
    }

    public static PackageMatcher For(PackageVersionId id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return new PackageMatcher(id.Format, id.Namespace, id.Name);
    }

    public override string ToString() => PackageUrl;
}
