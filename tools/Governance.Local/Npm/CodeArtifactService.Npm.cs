namespace Governance.Local.CodeArtifact;

// The npm endpoint's read of a package: every version the repository holds with its manifest, and the dist-tags merged
// with its upstream repositories' (CodeArtifactService.UpstreamOffers.cs).
public sealed partial class CodeArtifactService
{
    /// <summary>
    /// The repository's own versions with their npm manifests (none when only upstreams hold the package) and the
    /// dist-tags npm is served. Throws when the domain or repository does not exist.
    /// </summary>
    public IReadOnlyList<(VersionView Version, string? Manifest)> NpmVersions(PackageCoordinate coordinate, out IReadOnlyDictionary<string, string> distTags)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        lock (_gate)
        {
            var domain = FindDomain(coordinate.Domain, coordinate.DomainOwner);
            var repo = FindRepository(domain, coordinate.Repository);
            distTags = NpmDistTagsWithUpstreams(domain, repo, coordinate);
            return repo.Packages.TryGetValue(PackageKey(coordinate), out var package)
                ? package.Versions.Select(v => (ToView(coordinate.Repository, package, v), v.NpmManifestJson)).ToList()
                : [];
        }
    }
}
