namespace Governance.Local.CodeArtifact;

/// <summary>What CopyPackageVersions was asked: the package in both repositories and the versions to copy.</summary>
/// <param name="Versions">The <c>versions</c> member, or null when <see cref="VersionRevisions"/> is given.</param>
/// <param name="VersionRevisions">The <c>versionRevisions</c> member, or null when <see cref="Versions"/> is given.</param>
public sealed record CopyRequest(
    PackageCoordinate Source,
    string DestinationRepository,
    IReadOnlyList<string>? Versions,
    IReadOnlyDictionary<string, string>? VersionRevisions,
    bool AllowOverwrite,
    bool IncludeFromUpstream);

// CopyPackageVersions (user guide, "Copy packages between repositories"; API reference, CopyPackageVersions).
public sealed partial class CodeArtifactService
{
    /// <summary>
    /// Copies versions between two repositories of one domain, all or nothing: every version is checked first and,
    /// if any fails, the others are reported SKIPPED and nothing changes. A version the destination already holds
    /// with the same assets and metadata is left alone and listed nowhere (the copy is idempotent); with different
    /// ones it is ALREADY_EXISTS unless <c>allowOverwrite</c>. The copy keeps the version's status, revision, origin,
    /// metadata and assets (the same stored bytes), moves the npm dist-tags that alias it, and is committed in the
    /// destination like a publish there (Created, or Updated when it overwrites), which emits its event.
    /// </summary>
    public BatchResult CopyPackageVersions(CopyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var wanted = CopyRules.Validate(request);
        lock (_gate)
        {
            var domain = FindDomain(request.Source.Domain, request.Source.DomainOwner);
            var source = FindRepository(domain, request.Source.Repository);
            var destination = FindRepository(domain, request.DestinationRepository);
            var target = request.Source with { Repository = destination.Name };
            var key = PackageKey(request.Source);
            var existingPackage = destination.Packages.GetValueOrDefault(key);
            var publishBlocked = existingPackage?.Publish == OriginRestriction.Block
                                 || !GroupAllows(domain, target, destination.Name, PackageGroups.GroupRestriction.Publish);

            var failed = new Dictionary<string, FailedVersion>(StringComparer.Ordinal);
            var ready = new List<(string FromRepository, PackageRecord From, VersionRecord Version, VersionRecord? Replaces)>();
            foreach (var (version, expectedRevision) in wanted)
            {
                var found = FindToCopy(domain, source, key, version, request.IncludeFromUpstream);
                var refusal = CopyRules.Check(version, found?.Version, expectedRevision, publishBlocked);
                if (refusal is not null)
                {
                    failed[version] = refusal;
                    continue;
                }

                var held = existingPackage?.Versions.FirstOrDefault(v => v.Version == version);
                if (held is not null && CopyRules.SameContent(held, found!.Value.Version))
                {
                    continue;
                }

                if (held is not null && !request.AllowOverwrite)
                {
                    failed[version] = new FailedVersion("ALREADY_EXISTS", $"Version {version} already exists");
                    continue;
                }

                ready.Add((found!.Value.Repository, found.Value.Package, found.Value.Version, held));
            }

            var successful = new Dictionary<string, SuccessfulVersion>(StringComparer.Ordinal);
            if (failed.Count > 0)
            {
                foreach (var (_, _, version, _) in ready)
                {
                    failed[version.Version] = new FailedVersion("SKIPPED", $"Version {version.Version} was skipped");
                }

                return new BatchResult(successful, failed);
            }

            foreach (var (fromRepository, from, version, replaces) in ready)
            {
                var copy = CommitCopy(destination, target, fromRepository, from, version, replaces);
                successful[copy.Version] = new SuccessfulVersion(copy.Revision, copy.Status);
            }

            return new BatchResult(successful, failed);
        }
    }

    /// <summary>The version in the source repository or, with <c>includeFromUpstream</c>, in its upstreams in search order.</summary>
    private static (string Repository, PackageRecord Package, VersionRecord Version)? FindToCopy(DomainRecord domain, RepositoryRecord source, string key, string version, bool includeFromUpstream)
    {
        List<RepositoryRecord> order = includeFromUpstream ? UpstreamOrder(domain, source) : [source];
        foreach (var repo in order)
        {
            if (repo.Packages.GetValueOrDefault(key) is { } package && package.Versions.FirstOrDefault(v => v.Version == version) is { } record)
            {
                return (repo.Name, package, record);
            }
        }

        return null;
    }

    /// <summary>The repository and its upstreams, depth first in priority order, each once, at most <see cref="MaxRepositoriesSearched"/>.</summary>
    private static List<RepositoryRecord> UpstreamOrder(DomainRecord domain, RepositoryRecord start)
    {
        var order = new List<RepositoryRecord>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Visit(RepositoryRecord repo)
        {
            if (order.Count >= MaxRepositoriesSearched || !seen.Add(repo.Name))
            {
                return;
            }

            order.Add(repo);
            foreach (var name in repo.Upstreams)
            {
                if (domain.Repositories.TryGetValue(name, out var upstream))
                {
                    Visit(upstream);
                }
            }
        }

        Visit(start);
        return order;
    }

    private VersionRecord CommitCopy(RepositoryRecord destination, PackageCoordinate target, string fromRepository, PackageRecord from, VersionRecord version, VersionRecord? replaces)
    {
        var package = GetOrAddPackage(destination, target, PackageArrival.Published);
        var copy = CopyRules.Clone(version);
        // Where the version entered the domain does not change by copying it (origin.domainEntryPoint).
        if (copy.EntryPointRepository is null && copy.EntryPointExternalConnection is null)
        {
            copy.EntryPointRepository = fromRepository;
        }

        var released = new List<string>();
        if (replaces is not null)
        {
            package.Versions.Remove(replaces);
            released.AddRange(replaces.Assets.Select(a => a.Sha256));
        }

        package.Versions.Add(copy);
        // User guide, "npm tag handling": every tag aliasing the copied version is set to it in the destination.
        foreach (var (tag, tagged) in from.DistTags.Where(t => t.Value == version.Version))
        {
            package.DistTags[tag] = tagged;
        }

        Commit(target, package, copy, replaces is null ? "Created" : "Updated",
            assetsAdded: copy.Assets.Count, assetsRemoved: replaces?.Assets.Count ?? 0, metadataUpdated: true, statusChanged: replaces?.Status != copy.Status);
        ReleaseUnreferenced(released);
        return copy;
    }
}
