using Governance.Core.Packages;

namespace Governance.Core.Evidence.Intel;

/// <summary>
/// A package as OSV names it: an ecosystem (<c>npm</c>, <c>Maven</c>, <c>PyPI</c>…) and the package name in that
/// ecosystem's own spelling. CodeArtifact keeps the scope / groupId apart in its <c>namespace</c>; OSV folds it into
/// the name (<c>@scope/name</c>, <c>group:artifact</c>).
/// </summary>
public sealed record OsvPackage(string Ecosystem, string Name)
{
    /// <summary>The OSV package of a CodeArtifact package version, or null when its format has no OSV ecosystem.</summary>
    public static OsvPackage? For(PackageVersionId id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return For(id.Format, id.Namespace, id.Name);
    }

    /// <summary>
    /// Maps a CodeArtifact format, namespace and name. Swift and generic packages have no OSV ecosystem (generic
    /// packages are the team's own files; OSV's SwiftURL ecosystem names packages by repository URL, which
    /// CodeArtifact does not record), so they map to null, as does any format CodeArtifact adds later.
    /// </summary>
    public static OsvPackage? For(string format, string? @namespace, string name)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var scope = string.IsNullOrEmpty(@namespace) ? null : @namespace;
        return format switch
        {
            PackageFormats.Npm => new OsvPackage("npm", scope is null ? name : $"@{scope.TrimStart('@')}/{name}"),
            PackageFormats.Maven => scope is null ? null : new OsvPackage("Maven", $"{scope}:{name}"),
            PackageFormats.PyPI => new OsvPackage("PyPI", name),
            PackageFormats.NuGet => new OsvPackage("NuGet", name),
            PackageFormats.Ruby => new OsvPackage("RubyGems", name),
            PackageFormats.Cargo => new OsvPackage("crates.io", name),
            _ => null,
        };
    }

    public override string ToString() => $"{Ecosystem} {Name}";
}
