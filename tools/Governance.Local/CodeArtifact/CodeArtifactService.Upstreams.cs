using Governance.Local.Storage;
using Governance.Local.Upstream;

namespace Governance.Local.CodeArtifact;

// Upstream resolution, the state-machine half (the I/O half, copying bytes from a public registry, is
// UpstreamResolver): where a version the repository lacks can be found, and keeping it once found.
public sealed partial class CodeArtifactService
{
    /// <summary>CodeArtifact's quota: at most 25 repositories are searched when resolving one request.</summary>
    public const int MaxRepositoriesSearched = 25;

    private IReadOnlyDictionary<string, IExternalRegistry> _registries = new Dictionary<string, IExternalRegistry>(StringComparer.Ordinal);

    /// <summary>The public-registry stand-ins, by external connection name; a connection without one finds nothing.</summary>
    public IReadOnlyDictionary<string, IExternalRegistry> ExternalRegistries
    {
        get => _registries;
        set => _registries = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Where a version the repository was asked for can come from, as CodeArtifact searches (user guide, "Requesting a
    /// package version with upstream repositories"): the repository itself; else, unless the package's origin
    /// controls block upstreams there, the repository's external connection and then its upstreams in priority
    /// order, depth first, each repository once, at most <see cref="MaxRepositoriesSearched"/>. An Archived,
    /// Disposed or Unfinished version in an upstream is not served, and a package whose upstream is BLOCK in a
    /// repository is not looked for beyond it.
    /// </summary>
    public UpstreamPlan PlanResolution(PackageCoordinate coordinate, string version)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        lock (_gate)
        {
            var domain = FindDomain(coordinate.Domain, coordinate.DomainOwner);
            var repo = FindRepository(domain, coordinate.Repository);
            var key = PackageKey(coordinate);
            if (repo.Packages.TryGetValue(key, out var package) && package.Versions.Any(v => v.Version == version))
            {
                return UpstreamPlan.Local;
            }

            return Reachable(domain, repo, coordinate, version);
        }
    }

    /// <summary>
    /// Where the asked repository can get the version from: <see cref="Search"/>, unless the package's group blocks
    /// the asked repository from keeping versions its upstream repositories hold (INTERNAL_UPSTREAM); an external
    /// connection of the asked repository itself is governed by EXTERNAL_UPSTREAM alone.
    /// </summary>
    private UpstreamPlan Reachable(DomainRecord domain, RepositoryRecord repo, PackageCoordinate coordinate, string version)
    {
        var found = Search(domain, repo, coordinate, version, [repo.Name]);
        var throughUpstream = found.Kind == UpstreamPlanKind.Upstream || found.Kind == UpstreamPlanKind.External && found.Repository != repo.Name;
        return throughUpstream && !GroupAllows(domain, coordinate, repo.Name, PackageGroups.GroupRestriction.InternalUpstream) ? UpstreamPlan.NotFound : found;
    }

    private UpstreamPlan Search(DomainRecord domain, RepositoryRecord repo, PackageCoordinate coordinate, string version, HashSet<string> visited)
    {
        var key = PackageKey(coordinate);
        if (repo.Packages.TryGetValue(key, out var package) && package.Upstream == OriginRestriction.Block)
        {
            return UpstreamPlan.NotFound;
        }

        // The package group's EXTERNAL_UPSTREAM restriction decides whether this repository may ingest it from its connection.
        var mayIngest = GroupAllows(domain, coordinate, repo.Name, PackageGroups.GroupRestriction.ExternalUpstream);
        foreach (var connection in repo.ExternalConnections)
        {
            if (mayIngest && ExternalConnections.FormatOf(connection) == coordinate.Format
                && _registries.TryGetValue(connection, out var registry)
                && registry.HasVersion(coordinate.Namespace, coordinate.Package, version))
            {
                return UpstreamPlan.External(repo.Name, connection, registry);
            }
        }

        foreach (var upstreamName in repo.Upstreams)
        {
            if (visited.Count >= MaxRepositoriesSearched || !visited.Add(upstreamName)
                || !domain.Repositories.TryGetValue(upstreamName, out var upstream))
            {
                continue;
            }

            var held = upstream.Packages.TryGetValue(key, out var upstreamPackage)
                ? upstreamPackage.Versions.FirstOrDefault(v => v.Version == version)
                : null;
            if (held is not null)
            {
                if (held.Status is VersionStatus.Published or VersionStatus.Unlisted)
                {
                    return UpstreamPlan.Upstream(upstream.Name);
                }

                continue;
            }

            var found = Search(domain, upstream, coordinate, version, visited);
            if (found.Kind != UpstreamPlanKind.NotFound)
            {
                return found;
            }
        }

        return UpstreamPlan.NotFound;
    }

    /// <summary>
    /// Keeps a version ingested from an external connection in the repository that holds the connection (origin
    /// EXTERNAL, entry point the connection). Its asset bytes are already in the blob store. No change when a
    /// concurrent request kept it first.
    /// </summary>
    public void KeepExternalVersion(PackageCoordinate coordinate, string entryRepository, string connection, string version, IReadOnlyList<(string Name, AssetHashes Hashes)> assets, PublishMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        ArgumentNullException.ThrowIfNull(assets);
        lock (_gate)
        {
            var at = coordinate with { Repository = entryRepository };
            var repo = FindRepository(FindDomain(at.Domain, at.DomainOwner), entryRepository);
            var package = GetOrAddPackage(repo, at, PackageArrival.FromUpstream);
            if (package.Versions.Any(v => v.Version == version))
            {
                return;
            }

            if (_content is not null && assets.Any(a => !_content.Exists(a.Hashes.Sha256)))
            {
                throw new InvalidOperationException("an ingested asset's bytes are not in the blob store");
            }

            var record = new VersionRecord
            {
                Version = version,
                Status = VersionStatus.Published,
                Revision = string.Empty,
                PublishedTime = Now(),
                OriginType = OriginType.External,
                EntryPointExternalConnection = connection,
                Assets = assets.Select(a => ToRecord(a.Name, a.Hashes)).ToList(),
            };
            ApplyMetadata(record, metadata);
            record.Revision = NextRevision(record);
            package.Versions.Add(record);
            Commit(at, package, record, "Created", record.Assets.Count, 0, metadataUpdated: true, statusChanged: true);
        }
    }

    /// <summary>
    /// Keeps, in the repository that was asked, a copy of the version an upstream repository holds: same assets,
    /// metadata, origin and entry point, status Published (CodeArtifact copies a reference into the downstream
    /// repository). Returns the version as the asked repository now holds it.
    /// </summary>
    public VersionView RetainFromUpstream(PackageCoordinate coordinate, string sourceRepository, string version)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        lock (_gate)
        {
            var domain = FindDomain(coordinate.Domain, coordinate.DomainOwner);
            var repo = FindRepository(domain, coordinate.Repository);
            var key = PackageKey(coordinate);
            if (repo.Packages.TryGetValue(key, out var existingPackage) && existingPackage.Versions.FirstOrDefault(v => v.Version == version) is { } existing)
            {
                return ToView(coordinate.Repository, existingPackage, existing);
            }

            var source = FindRepository(domain, sourceRepository).Packages.GetValueOrDefault(key)?.Versions.FirstOrDefault(v => v.Version == version)
                         ?? throw CodeArtifactException.NotFound(
                             $"Package version {version} of package {coordinate.DisplayName} is no longer in upstream repository {sourceRepository}", version, "package-version");
            var package = GetOrAddPackage(repo, coordinate, PackageArrival.FromUpstream);
            var record = new VersionRecord
            {
                Version = version,
                Status = VersionStatus.Published,
                Revision = source.Revision,
                PublishedTime = Now(),
                OriginType = source.OriginType,
                EntryPointRepository = source.EntryPointExternalConnection is null ? source.EntryPointRepository ?? sourceRepository : null,
                EntryPointExternalConnection = source.EntryPointExternalConnection,
                Licenses = source.Licenses.Select(l => new LicenseRecord { Name = l.Name, Url = l.Url }).ToList(),
                Summary = source.Summary,
                HomePage = source.HomePage,
                SourceCodeRepository = source.SourceCodeRepository,
                NpmManifestJson = source.NpmManifestJson,
                Assets = source.Assets.Select(a => ToRecord(a.Name, new AssetHashes(a.Size, a.Md5, a.Sha1, a.Sha256, a.Sha512))).ToList(),
            };
            package.Versions.Add(record);
            Commit(coordinate, package, record, "Created", record.Assets.Count, 0, metadataUpdated: true, statusChanged: true);
            return ToView(coordinate.Repository, package, record);
        }
    }

    /// <summary>
    /// CodeArtifact refuses to publish a version that a reachable upstream repository or public registry already
    /// has (409): publishing it would shadow the upstream one. A package whose upstream is BLOCK here reaches none.
    /// </summary>
    private void EnsureNotInUpstreams(DomainRecord domain, RepositoryRecord repo, PackageCoordinate coordinate, string version)
    {
        var found = Reachable(domain, repo, coordinate, version);
        if (found.Kind != UpstreamPlanKind.NotFound)
        {
            throw CodeArtifactException.Conflict(
                $"Package version {version} of package {coordinate.DisplayName} already exists in {found.Describe()}, which repository {repo.Name} reaches; " +
                "a version present in a reachable upstream cannot be published (block upstreams for this package with put-package-origin-configuration to publish it here)",
                version,
                "package-version");
        }
    }

    private static AssetRecord ToRecord(string name, AssetHashes hashes) => new()
    {
        Name = name, Size = hashes.Size, Md5 = hashes.Md5, Sha1 = hashes.Sha1, Sha256 = hashes.Sha256, Sha512 = hashes.Sha512,
    };
}

public enum UpstreamPlanKind
{
    /// <summary>The asked repository already holds the version (in any status: its own status rules apply).</summary>
    Local,

    NotFound,

    /// <summary>An upstream repository holds it: keep a copy in the asked repository.</summary>
    Upstream,

    /// <summary>A public registry has it: ingest it into the repository with the connection, then keep a copy.</summary>
    External,
}

/// <summary>The outcome of <see cref="CodeArtifactService.PlanResolution"/>.</summary>
public sealed record UpstreamPlan(UpstreamPlanKind Kind, string? Repository, string? Connection, IExternalRegistry? Registry)
{
    public static readonly UpstreamPlan Local = new(UpstreamPlanKind.Local, null, null, null);

    public static readonly UpstreamPlan NotFound = new(UpstreamPlanKind.NotFound, null, null, null);

    public static UpstreamPlan Upstream(string repository) => new(UpstreamPlanKind.Upstream, repository, null, null);

    public static UpstreamPlan External(string repository, string connection, IExternalRegistry registry) =>
        new(UpstreamPlanKind.External, repository, connection, registry);

    public string Describe() => Kind == UpstreamPlanKind.External
        ? $"external connection {Connection} of repository {Repository}"
        : $"upstream repository {Repository}";
}
