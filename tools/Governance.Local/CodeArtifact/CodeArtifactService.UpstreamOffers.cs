using Governance.Local.Upstream;

namespace Governance.Local.CodeArtifact;

// What upstreams can offer a package manager's listing (an npm packument) beyond the repository's own versions.
public sealed partial class CodeArtifactService
{
    /// <summary>
    /// The versions a package manager's listing (an npm packument) can offer beyond the repository's own: Published
    /// versions of reachable upstream repositories and every version of the public registries behind their external
    /// connections, first source in search order winning. Empty when the package's upstream is BLOCK here.
    /// </summary>
    public IReadOnlyList<UpstreamOffer> ListUpstreamOffers(PackageCoordinate coordinate)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        lock (_gate)
        {
            var domain = FindDomain(coordinate.Domain, coordinate.DomainOwner);
            var repo = FindRepository(domain, coordinate.Repository);
            var offers = new Dictionary<string, UpstreamOffer>(StringComparer.Ordinal);
            var mayKeep = GroupAllows(domain, coordinate, repo.Name, PackageGroups.GroupRestriction.InternalUpstream);
            Collect(domain, repo, coordinate, offers, [repo.Name], isAsked: true, mayKeep);
            return offers.Values.ToList();
        }
    }

    /// <param name="mayKeep">Whether the asked repository may keep versions its upstream repositories hold (INTERNAL_UPSTREAM).</param>
    private void Collect(
        DomainRecord domain, RepositoryRecord repo, PackageCoordinate coordinate, Dictionary<string, UpstreamOffer> offers, HashSet<string> visited, bool isAsked, bool mayKeep)
    {
        if (!isAsked && !mayKeep)
        {
            return;
        }

        var key = PackageKey(coordinate);
        var package = repo.Packages.GetValueOrDefault(key);
        if (!isAsked && package is not null)
        {
            foreach (var version in package.Versions.Where(v => v.Status == VersionStatus.Published))
            {
                offers.TryAdd(version.Version, new UpstreamOffer(version.Version, ToView(repo.Name, package, version), version.NpmManifestJson, null, null));
            }
        }

        if (package?.Upstream == OriginRestriction.Block)
        {
            return;
        }

        foreach (var connection in repo.ExternalConnections)
        {
            if (ExternalConnections.FormatOf(connection) == coordinate.Format && _registries.TryGetValue(connection, out var registry)
                && GroupAllows(domain, coordinate, repo.Name, PackageGroups.GroupRestriction.ExternalUpstream))
            {
                foreach (var version in registry.ListVersions(coordinate.Namespace, coordinate.Package))
                {
                    offers.TryAdd(version, new UpstreamOffer(version, null, null, connection, registry));
                }
            }
        }

        foreach (var upstreamName in repo.Upstreams)
        {
            if (visited.Count < MaxRepositoriesSearched && visited.Add(upstreamName) && domain.Repositories.TryGetValue(upstreamName, out var upstream))
            {
                Collect(domain, upstream, coordinate, offers, visited, isAsked: false, mayKeep);
            }
        }
    }
}

/// <summary>A version reachable through upstreams: held by an upstream repository (<see cref="Held"/>) or offered by a public registry.</summary>
public sealed record UpstreamOffer(string Version, VersionView? Held, string? HeldNpmManifestJson, string? Connection, IExternalRegistry? Registry);
