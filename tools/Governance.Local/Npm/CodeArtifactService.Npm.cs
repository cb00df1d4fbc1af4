namespace Governance.Local.CodeArtifact;

// The npm endpoint's read of a package: every version with its manifest, and the dist-tags.
public sealed partial class CodeArtifactService
{
    /// <summary>The npm manifest of a version, for the npm endpoint's packument (null for other formats).</summary>
    public IReadOnlyList<(VersionView Version, string? Manifest)> NpmVersions(PackageCoordinate coordinate, out IReadOnlyDictionary<string, string> distTags)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        lock (_gate)
        {
            var package = FindPackage(coordinate);
            distTags = new Dictionary<string, string>(package.DistTags, StringComparer.Ordinal);
            return package.Versions.Select(v => (ToView(coordinate.Repository, package, v), v.NpmManifestJson)).ToList();
        }
    }
}
