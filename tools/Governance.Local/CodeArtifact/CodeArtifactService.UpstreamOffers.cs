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

// The npm dist-tags a repository serves (user guide, "npm tag handling", section "npm tags and upstream repositories",
// https://docs.aws.amazon.com/codeartifact/latest/ug/npm-tags.html): the package's tags in the repository merged with
// those of its upstream repositories; a tag set in both takes the upstream's value, so an upstream's latest hides a
// newer version published downstream. The page shows one upstream; for several, the reading taken here follows the
// search order: a deeper repository's tag wins over the one that reaches it, and an upstream earlier in the
// priority order wins over a later one. Only upstream repositories take part (the page says nothing of a public
// registry's tags), and only where their versions reach the packument: not past a package whose upstream is BLOCK,
// nor when the package group's INTERNAL_UPSTREAM keeps the asked repository from its upstreams.
public sealed partial class CodeArtifactService
{
    private static Dictionary<string, string> NpmDistTagsWithUpstreams(DomainRecord domain, RepositoryRecord repo, PackageCoordinate coordinate)
    {
        var mayKeep = GroupAllows(domain, coordinate, repo.Name, PackageGroups.GroupRestriction.InternalUpstream);
        return MergeDistTags(domain, repo, coordinate, [repo.Name], isAsked: true, mayKeep);
    }

    private static Dictionary<string, string> MergeDistTags(
        DomainRecord domain, RepositoryRecord repo, PackageCoordinate coordinate, HashSet<string> visited, bool isAsked, bool mayKeep)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        var package = repo.Packages.GetValueOrDefault(PackageKey(coordinate));
        foreach (var (tag, version) in package?.DistTags ?? [])
        {
            // An upstream's tag counts only when it names a version the upstream lists, which the packument then offers.
            if (isAsked || package!.Versions.Any(v => v.Version == version && v.Status == VersionStatus.Published))
            {
                merged[tag] = version;
            }
        }

        if (!mayKeep || package?.Upstream == OriginRestriction.Block)
        {
            return merged;
        }

        var fromUpstreams = new List<Dictionary<string, string>>();
        foreach (var upstreamName in repo.Upstreams)
        {
            if (visited.Count < MaxRepositoriesSearched && visited.Add(upstreamName) && domain.Repositories.TryGetValue(upstreamName, out var upstream))
            {
                fromUpstreams.Add(MergeDistTags(domain, upstream, coordinate, visited, isAsked: false, mayKeep));
            }
        }

        // Laid over this repository's tags from the last upstream to the first, so the first in priority order wins.
        for (var i = fromUpstreams.Count - 1; i >= 0; i--)
        {
            foreach (var (tag, version) in fromUpstreams[i])
            {
                merged[tag] = version;
            }
        }

        return merged;
    }
}

/// <summary>A version reachable through upstreams: held by an upstream repository (<see cref="Held"/>) or offered by a public registry.</summary>
public sealed record UpstreamOffer(string Version, VersionView? Held, string? HeldNpmManifestJson, string? Connection, IExternalRegistry? Registry);
