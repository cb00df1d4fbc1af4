using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Governance.Core.Ports;
using Governance.Local.Storage;

namespace Governance.Local.CodeArtifact;

/// <summary>
/// The emulated CodeArtifact state machine, free of HTTP: domains, repositories, packages, versions and their
/// status rules. Every mutation runs under one lock, is persisted atomically, and then reported to the change sink
/// (which turns it into the EventBridge event) in commit order.
/// </summary>
public sealed class CodeArtifactService
{
    private readonly object _gate = new();
    private readonly CodeArtifactStore _store;
    private readonly CodeArtifactState _state;
    private readonly IClock _clock;
    private readonly IPackageChangeSink _sink;
    private readonly IAssetContentStore? _content;

    public CodeArtifactService(string dataFolder, string region, IClock clock, IPackageChangeSink sink, IAssetContentStore? content = null)
    {
        _content = content;
        ArgumentNullException.ThrowIfNull(dataFolder);
        Directory.CreateDirectory(dataFolder);
        Region = region;
        _clock = clock;
        _sink = sink;
        _store = new CodeArtifactStore(dataFolder);
        AtomicFile.DeleteLeftoverTempFiles(dataFolder);
        _state = _store.Load();
    }

    public string Region { get; }

    // ---------------------------------------------------------------- domains

    public DomainView CreateDomain(string accountId, string domain, string? encryptionKey)
    {
        InputRules.Domain(domain);
        lock (_gate)
        {
            if (_state.Domains.ContainsKey(domain))
            {
                throw CodeArtifactException.Conflict($"Domain {domain} already exists in account {accountId}", domain, "domain");
            }

            var record = new DomainRecord
            {
                Name = domain,
                Owner = accountId,
                CreatedTime = Now(),
                EncryptionKey = encryptionKey ?? $"arn:aws:kms:{Region}:{accountId}:key/00000000-0000-4000-8000-000000000000",
            };
            _state.Domains[domain] = record;
            Save();
            return ToView(record);
        }
    }

    public DomainView DescribeDomain(string domain, string? owner)
    {
        InputRules.Domain(domain);
        lock (_gate)
        {
            return ToView(FindDomain(domain, owner));
        }
    }

    public Page<DomainView> ListDomains(int? maxResults, string? nextToken)
    {
        lock (_gate)
        {
            var all = _state.Domains.Values.OrderBy(d => d.Name, StringComparer.Ordinal).Select(ToView).ToList();
            return Paging.Slice(all, maxResults, nextToken);
        }
    }

    // ---------------------------------------------------------------- repositories

    public RepositoryView CreateRepository(string domain, string? owner, string repository, string? description, IReadOnlyList<string>? upstreams)
    {
        InputRules.Domain(domain);
        InputRules.Repository(repository);
        lock (_gate)
        {
            var domainRecord = FindDomain(domain, owner);
            if (domainRecord.Repositories.ContainsKey(repository))
            {
                throw CodeArtifactException.Conflict($"Repository {repository} already exists in domain {domain}", repository, "repository");
            }

            var record = new RepositoryRecord { Name = repository, Description = description, CreatedTime = Now() };
            SetUpstreams(domainRecord, record, upstreams ?? []);
            domainRecord.Repositories[repository] = record;
            Save();
            return ToView(domainRecord, record);
        }
    }

    public RepositoryView DescribeRepository(string domain, string? owner, string repository)
    {
        InputRules.Domain(domain);
        InputRules.Repository(repository);
        lock (_gate)
        {
            var domainRecord = FindDomain(domain, owner);
            return ToView(domainRecord, FindRepository(domainRecord, repository));
        }
    }

    public RepositoryView UpdateRepository(string domain, string? owner, string repository, string? description, IReadOnlyList<string>? upstreams)
    {
        InputRules.Domain(domain);
        InputRules.Repository(repository);
        lock (_gate)
        {
            var domainRecord = FindDomain(domain, owner);
            var record = FindRepository(domainRecord, repository);
            if (upstreams is not null)
            {
                SetUpstreams(domainRecord, record, upstreams);
            }

            if (description is not null)
            {
                record.Description = description;
            }

            Save();
            return ToView(domainRecord, record);
        }
    }

    public RepositoryView AssociateExternalConnection(string domain, string? owner, string repository, string externalConnection)
    {
        InputRules.Domain(domain);
        InputRules.Repository(repository);
        InputRules.ExternalConnection(externalConnection);
        if (ExternalConnectionFormat(externalConnection) is null)
        {
            throw CodeArtifactException.Validation(
                $"External connection {externalConnection} is not supported; use one of {string.Join(", ", KnownExternalConnections.Keys)}");
        }

        lock (_gate)
        {
            var domainRecord = FindDomain(domain, owner);
            var record = FindRepository(domainRecord, repository);
            if (record.ExternalConnections.Count > 0)
            {
                throw CodeArtifactException.Conflict(
                    $"Repository {repository} already has an external connection ({record.ExternalConnections[0]}); a repository can have only one",
                    repository,
                    "repository");
            }

            record.ExternalConnections.Add(externalConnection);
            Save();
            return ToView(domainRecord, record);
        }
    }

    public Page<RepositoryView> ListRepositories(string? domain, string? owner, string? prefix, int? maxResults, string? nextToken)
    {
        lock (_gate)
        {
            IEnumerable<(DomainRecord Domain, RepositoryRecord Repository)> all;
            if (domain is not null)
            {
                var domainRecord = FindDomain(InputRules.Domain(domain), owner);
                all = domainRecord.Repositories.Values.Select(r => (domainRecord, r));
            }
            else
            {
                all = _state.Domains.Values.SelectMany(d => d.Repositories.Values.Select(r => (d, r)));
            }

            var list = all
                .Where(x => prefix is null || x.Repository.Name.StartsWith(prefix, StringComparison.Ordinal))
                .OrderBy(x => x.Repository.Name, StringComparer.Ordinal)
                .ThenBy(x => x.Domain.Name, StringComparer.Ordinal)
                .Select(x => ToView(x.Domain, x.Repository))
                .ToList();
            return Paging.Slice(list, maxResults, nextToken);
        }
    }

    /// <summary>Checks a repository exists (for the endpoint and token operations).</summary>
    public RepositoryView RequireRepository(string domain, string? owner, string repository) =>
        DescribeRepository(domain, owner, repository);

    // ---------------------------------------------------------------- packages

    public Page<PackageView> ListPackages(
        string domain, string? owner, string repository, string? format, string? ns, string? prefix, string? publish, string? upstream, int? maxResults, string? nextToken)
    {
        lock (_gate)
        {
            var repo = FindRepository(FindDomain(domain, owner), repository);
            var list = repo.Packages.Values
                .Where(p => format is null || p.Format == format)
                .Where(p => ns is null || p.Namespace == ns)
                .Where(p => prefix is null || p.Name.StartsWith(prefix, StringComparison.Ordinal))
                .Where(p => publish is null || p.Publish == publish)
                .Where(p => upstream is null || p.Upstream == upstream)
                .OrderBy(p => p.Format, StringComparer.Ordinal)
                .ThenBy(p => p.Namespace ?? string.Empty, StringComparer.Ordinal)
                .ThenBy(p => p.Name, StringComparer.Ordinal)
                .Select(ToView)
                .ToList();
            return Paging.Slice(list, maxResults, nextToken);
        }
    }

    public PackageView DescribePackage(PackageCoordinate coordinate)
    {
        lock (_gate)
        {
            return ToView(FindPackage(coordinate));
        }
    }

    public PackageView PutPackageOriginConfiguration(PackageCoordinate coordinate, string publish, string upstream)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        InputRules.Enum(publish, "restrictions.publish", ["ALLOW", "BLOCK"]);
        InputRules.Enum(upstream, "restrictions.upstream", ["ALLOW", "BLOCK"]);
        lock (_gate)
        {
            var repo = FindRepository(FindDomain(coordinate.Domain, coordinate.DomainOwner), coordinate.Repository);
            // The API may be called before the package exists: it creates an empty package holding the restrictions.
            var package = GetOrAddPackage(repo, coordinate);
            package.Publish = publish;
            package.Upstream = upstream;
            Save();
            return ToView(package);
        }
    }

    // ---------------------------------------------------------------- versions

    public VersionListView ListPackageVersions(PackageCoordinate coordinate, string? status, string? originType, int? maxResults, string? nextToken)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        lock (_gate)
        {
            var package = FindPackage(coordinate);
            var all = package.Versions
                .Where(v => status is null || v.Status == status)
                .Where(v => originType is null || v.OriginType == originType)
                .Select(v => ToView(coordinate.Repository, package, v))
                .ToList();
            var page = Paging.Slice(all, maxResults, nextToken);
            return new VersionListView(package.Format, package.Namespace, package.Name, DefaultDisplayVersion(package), page.Items, page.NextToken);
        }
    }

    public VersionView DescribePackageVersion(PackageCoordinate coordinate, string version)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        lock (_gate)
        {
            var package = FindPackage(coordinate);
            return ToView(coordinate.Repository, package, FindVersion(package, coordinate, version));
        }
    }

    public (VersionView Version, Page<AssetView> Assets) ListPackageVersionAssets(PackageCoordinate coordinate, string version, int? maxResults, string? nextToken)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        lock (_gate)
        {
            var package = FindPackage(coordinate);
            var view = ToView(coordinate.Repository, package, FindVersion(package, coordinate, version));
            return (view, Paging.Slice(view.Assets, maxResults, nextToken));
        }
    }

    /// <summary>Resolves an asset for download, applying the status rules (Archived and Disposed serve no bytes).</summary>
    public (VersionView Version, AssetView Asset) ResolveAsset(PackageCoordinate coordinate, string version, string assetName, string? revision)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        lock (_gate)
        {
            var package = FindPackage(coordinate);
            var record = FindVersion(package, coordinate, version);
            if (revision is not null && revision != record.Revision)
            {
                throw CodeArtifactException.NotFound(
                    $"Revision {revision} of package version {version} of package {coordinate.DisplayName} not found (current revision: {record.Revision})", version, "package-version");
            }

            if (record.Status == "Archived")
            {
                throw CodeArtifactException.Conflict(
                    $"Package version {version} of package {coordinate.DisplayName} is Archived; its assets cannot be downloaded", version, "package-version");
            }

            var view = ToView(coordinate.Repository, package, record);
            var asset = view.Assets.FirstOrDefault(a => a.Name == assetName)
                        ?? throw CodeArtifactException.NotFound(
                            $"Asset {assetName} of package version {version} of package {coordinate.DisplayName} not found", assetName, "asset");
            return (view, asset);
        }
    }

    /// <summary>Checks, before any byte is read, that an asset may be added to this version at all.</summary>
    public void CheckPublishAllowed(PackageCoordinate coordinate, string version, string assetName)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        lock (_gate)
        {
            var repo = FindRepository(FindDomain(coordinate.Domain, coordinate.DomainOwner), coordinate.Repository);
            if (!repo.Packages.TryGetValue(PackageKey(coordinate), out var package))
            {
                return;
            }

            EnsurePublishAllowed(package, coordinate);
            var existing = package.Versions.FirstOrDefault(v => v.Version == version);
            if (existing is not null && existing.Status != "Unfinished" && existing.Assets.All(a => a.Name != assetName))
            {
                throw PublishedConflict(coordinate, version, existing.Status);
            }
        }
    }

    /// <summary>
    /// Commits an asset whose bytes are already in the blob store. New version: <c>Created</c>. New asset on an
    /// unfinished version, or finishing it: <c>Updated</c>. The same asset with the same bytes again: no change.
    /// </summary>
    public PublishResult CommitPublish(PackageCoordinate coordinate, string version, string assetName, AssetHashes hashes, bool unfinished, PublishMetadata? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        ArgumentNullException.ThrowIfNull(hashes);
        lock (_gate)
        {
            var repo = FindRepository(FindDomain(coordinate.Domain, coordinate.DomainOwner), coordinate.Repository);
            if (_content is not null && !_content.Exists(hashes.Sha256))
            {
                // The bytes were released by a concurrent dispose between upload and commit; the client retries.
                throw new CodeArtifactException("InternalServerException", HttpStatusCode.InternalServerError, "The asset content was not stored; retry the publish.");
            }

            var package = GetOrAddPackage(repo, coordinate);
            EnsurePublishAllowed(package, coordinate);
            var targetStatus = unfinished ? "Unfinished" : "Published";
            var record = package.Versions.FirstOrDefault(v => v.Version == version);
            var asset = new AssetRecord
            {
                Name = assetName, Size = hashes.Size, Md5 = hashes.Md5, Sha1 = hashes.Sha1, Sha256 = hashes.Sha256, Sha512 = hashes.Sha512,
            };

            if (record is null)
            {
                record = new VersionRecord { Version = version, Status = targetStatus, Revision = string.Empty, PublishedTime = Now() };
                record.Assets.Add(asset);
                ApplyMetadata(record, metadata);
                record.Revision = NextRevision(record);
                package.Versions.Add(record);
                ApplyDistTags(package, metadata);
                Commit(coordinate, package, record, "Created", assetsAdded: 1, assetsRemoved: 0, metadataUpdated: true, statusChanged: true);
                return new PublishResult(ToView(coordinate.Repository, package, record), ToView(asset));
            }

            var existingAsset = record.Assets.FirstOrDefault(a => a.Name == assetName);
            if (existingAsset is not null)
            {
                if (existingAsset.Sha256 != hashes.Sha256)
                {
                    throw CodeArtifactException.Conflict(
                        $"Asset {assetName} already exists in package version {version} of package {coordinate.DisplayName} with different content", assetName, "asset");
                }

                if (record.Status == "Unfinished" && !unfinished)
                {
                    record.Status = "Published";
                    Commit(coordinate, package, record, "Updated", 0, 0, metadataUpdated: false, statusChanged: true);
                }
                else
                {
                    // Identical bytes under the same name: CodeArtifact accepts the re-publish and changes nothing.
                    SavePackage(coordinate, package);
                }

                return new PublishResult(ToView(coordinate.Repository, package, record), ToView(existingAsset));
            }

            if (record.Status != "Unfinished")
            {
                throw PublishedConflict(coordinate, version, record.Status);
            }

            record.Assets.Add(asset);
            var statusChanged = !unfinished;
            record.Status = targetStatus;
            record.Revision = NextRevision(record);
            Commit(coordinate, package, record, "Updated", assetsAdded: 1, assetsRemoved: 0, metadataUpdated: false, statusChanged: statusChanged);
            return new PublishResult(ToView(coordinate.Repository, package, record), ToView(asset));
        }
    }

    public BatchResult UpdatePackageVersionsStatus(
        PackageCoordinate coordinate, IReadOnlyList<string> versions, IReadOnlyDictionary<string, string>? versionRevisions, string? expectedStatus, string targetStatus)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        ArgumentNullException.ThrowIfNull(versions);
        InputRules.Enum(targetStatus, "targetStatus", InputRules.Statuses);
        if (targetStatus is not ("Published" or "Unlisted" or "Archived"))
        {
            throw CodeArtifactException.Validation(
                $"targetStatus {targetStatus} is not allowed: UpdatePackageVersionsStatus can set Published, Unlisted or Archived (use DisposePackageVersions or DeletePackageVersions for the others)");
        }

        return RunBatch(coordinate, versions, versionRevisions, expectedStatus, (package, record) =>
        {
            if (record.Status is "Disposed" or "Deleted")
            {
                return new FailedVersion("NOT_ALLOWED", $"Cannot change the status of version {record.Version} from {record.Status} to {targetStatus}");
            }

            return null;
        }, (package, record) =>
        {
            if (record.Status == targetStatus)
            {
                return;
            }

            record.Status = targetStatus;
            Commit(coordinate, package, record, "Updated", 0, 0, metadataUpdated: false, statusChanged: true);
        });
    }

    public BatchResult DisposePackageVersions(
        PackageCoordinate coordinate, IReadOnlyList<string> versions, IReadOnlyDictionary<string, string>? versionRevisions, string? expectedStatus)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        ArgumentNullException.ThrowIfNull(versions);
        return RunBatch(coordinate, versions, versionRevisions, expectedStatus, (_, _) => null, (package, record) =>
        {
            if (record.Status == "Disposed")
            {
                return;
            }

            var released = record.Assets.Select(a => a.Sha256).ToList();
            record.Assets.Clear();
            record.Status = "Disposed";
            record.Revision = NextRevision(record);
            Commit(coordinate, package, record, "Updated", 0, released.Count, metadataUpdated: false, statusChanged: true);
            ReleaseUnreferenced(released);
        });
    }

    public BatchResult DeletePackageVersions(PackageCoordinate coordinate, IReadOnlyList<string> versions, string? expectedStatus)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        ArgumentNullException.ThrowIfNull(versions);
        return RunBatch(coordinate, versions, null, expectedStatus, (_, _) => null, (package, record) =>
        {
            package.Versions.Remove(record);
            record.Status = "Deleted";
            Commit(coordinate, package, record, "Deleted", 0, record.Assets.Count, metadataUpdated: false, statusChanged: true);
            ReleaseUnreferenced(record.Assets.Select(a => a.Sha256));
        });
    }

    // ---------------------------------------------------------------- internals

    /// <summary>
    /// Applies one batch operation with CodeArtifact's documented all-or-nothing behaviour: every version is checked
    /// first; if any fails, the others are reported SKIPPED and nothing changes.
    /// </summary>
    private BatchResult RunBatch(
        PackageCoordinate coordinate,
        IReadOnlyList<string> versions,
        IReadOnlyDictionary<string, string>? versionRevisions,
        string? expectedStatus,
        Func<PackageRecord, VersionRecord, FailedVersion?> check,
        Action<PackageRecord, VersionRecord> apply)
    {
        if (versions.Count is 0 or > 100)
        {
            throw CodeArtifactException.Validation("versions must list between 1 and 100 package versions");
        }

        if (expectedStatus is not null)
        {
            InputRules.Enum(expectedStatus, "expectedStatus", InputRules.Statuses);
        }

        if (versionRevisions is not null)
        {
            var stray = versionRevisions.Keys.FirstOrDefault(k => !versions.Contains(k, StringComparer.Ordinal));
            if (stray is not null)
            {
                throw CodeArtifactException.Validation($"versionRevisions names version {stray}, which is not in versions; list every version in versions too");
            }
        }

        lock (_gate)
        {
            var package = FindPackage(coordinate);
            var failed = new Dictionary<string, FailedVersion>(StringComparer.Ordinal);
            var ready = new List<VersionRecord>();
            foreach (var version in versions.Distinct(StringComparer.Ordinal))
            {
                var record = package.Versions.FirstOrDefault(v => v.Version == version);
                if (record is null)
                {
                    failed[version] = new FailedVersion("NOT_FOUND", $"version {version} not found");
                    continue;
                }

                if (expectedStatus is not null && record.Status != expectedStatus)
                {
                    failed[version] = new FailedVersion("MISMATCHED_STATUS", $"current status: {record.Status}, expected status: {expectedStatus}");
                    continue;
                }

                if (versionRevisions is not null && versionRevisions.TryGetValue(version, out var expectedRevision) && expectedRevision != record.Revision)
                {
                    failed[version] = new FailedVersion("MISMATCHED_REVISION", $"current revision: {record.Revision}, expected revision: {expectedRevision}");
                    continue;
                }

                var refusal = check(package, record);
                if (refusal is not null)
                {
                    failed[version] = refusal;
                    continue;
                }

                ready.Add(record);
            }

            var successful = new Dictionary<string, SuccessfulVersion>(StringComparer.Ordinal);
            if (failed.Count > 0)
            {
                foreach (var record in ready)
                {
                    failed[record.Version] = new FailedVersion("SKIPPED", $"version {record.Version} is skipped");
                }

                return new BatchResult(successful, failed);
            }

            foreach (var record in ready)
            {
                apply(package, record);
                successful[record.Version] = new SuccessfulVersion(record.Revision, record.Status);
            }

            // Nothing to persist here: each apply that changes a version commits it (journal line and event).
            return new BatchResult(successful, failed);
        }
    }

    /// <summary>Persists the snapshot, then reports the change with the package's next sequence number.</summary>
    private void Commit(PackageCoordinate coordinate, PackageRecord package, VersionRecord record, string operation, int assetsAdded, int assetsRemoved, bool metadataUpdated, bool statusChanged)
    {
        package.SequenceNumber++;
        var domain = _state.Domains[coordinate.Domain];
        SavePackage(coordinate, package);
        _sink.OnChange(new PackageVersionChange(
            domain.Name,
            domain.Owner,
            coordinate.Repository,
            package.Format,
            package.Namespace,
            package.Name,
            record.Version,
            record.Status,
            record.Revision,
            assetsAdded,
            assetsRemoved,
            AssetsUpdated: 0,
            metadataUpdated,
            statusChanged,
            operation,
            package.SequenceNumber));
    }

    private void Save() => _store.SaveAll(_state);

    private void SavePackage(PackageCoordinate coordinate, PackageRecord package) =>
        _store.SavePackage(_state, coordinate.Domain, coordinate.Repository, PackageKey(coordinate), package);

    /// <summary>
    /// Disposed and deleted assets are gone for good (CodeArtifact stops storing them); content still referenced by
    /// another version stays. Runs after the snapshot commits, so a crash in between only leaves an orphan blob.
    /// </summary>
    private void ReleaseUnreferenced(IEnumerable<string> sha256s)
    {
        if (_content is null)
        {
            return;
        }

        var candidates = sha256s.ToHashSet(StringComparer.Ordinal);
        if (candidates.Count == 0)
        {
            return;
        }

        var referenced = _state.Domains.Values
            .SelectMany(d => d.Repositories.Values)
            .SelectMany(r => r.Packages.Values)
            .SelectMany(p => p.Versions)
            .SelectMany(v => v.Assets)
            .Select(a => a.Sha256)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var sha256 in candidates.Where(c => !referenced.Contains(c)))
        {
            _content.Release(sha256);
        }
    }

    /// <summary>An opaque 44-character base64 revision over the version's assets and metadata plus a counter.</summary>
    private string NextRevision(VersionRecord record)
    {
        _state.RevisionCounter++;
        var material = new StringBuilder()
            .Append(record.Version).Append('\n')
            .Append(string.Join(",", record.Assets.OrderBy(a => a.Name, StringComparer.Ordinal).Select(a => a.Name + ":" + a.Sha256))).Append('\n')
            .Append(string.Join(",", record.Licenses.Select(l => l.Name + "|" + l.Url))).Append('\n')
            .Append(record.Summary).Append('\n')
            .Append(_state.RevisionCounter.ToString(CultureInfo.InvariantCulture));
        return Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(material.ToString())));
    }

    private static void ApplyMetadata(VersionRecord record, PublishMetadata? metadata)
    {
        if (metadata is null)
        {
            return;
        }

        record.Licenses = metadata.Licenses.Select(l => new LicenseRecord { Name = l.Name, Url = l.Url }).ToList();
        record.Summary = metadata.Summary;
        record.HomePage = metadata.HomePage;
        record.SourceCodeRepository = metadata.SourceCodeRepository;
        record.NpmManifestJson = metadata.NpmManifestJson;
    }

    private static void ApplyDistTags(PackageRecord package, PublishMetadata? metadata)
    {
        if (metadata?.DistTags is null)
        {
            return;
        }

        foreach (var (tag, version) in metadata.DistTags)
        {
            package.DistTags[tag] = version;
        }
    }

    private static void EnsurePublishAllowed(PackageRecord package, PackageCoordinate coordinate)
    {
        if (package.Publish == "BLOCK")
        {
            throw CodeArtifactException.AccessDenied(
                $"Publishing to package {coordinate.DisplayName} in repository {coordinate.Repository} is blocked by its origin configuration (publish=BLOCK)");
        }
    }

    private static CodeArtifactException PublishedConflict(PackageCoordinate coordinate, string version, string status) =>
        CodeArtifactException.Conflict(
            $"Package version {version} of package {coordinate.DisplayName} has status {status}; assets can only be added to an Unfinished version",
            version,
            "package-version");

    private static string? DefaultDisplayVersion(PackageRecord package)
    {
        if (package.Format == "npm" && package.DistTags.TryGetValue("latest", out var latest))
        {
            return latest;
        }

        return package.Versions.LastOrDefault(v => v.Status == "Published")?.Version;
    }

    private static void SetUpstreams(DomainRecord domain, RepositoryRecord record, IReadOnlyList<string> upstreams)
    {
        foreach (var upstream in upstreams)
        {
            InputRules.Repository(upstream, "upstreams.repositoryName");
            if (upstream == record.Name)
            {
                throw CodeArtifactException.Validation($"Repository {record.Name} cannot be its own upstream");
            }

            if (!domain.Repositories.ContainsKey(upstream))
            {
                throw CodeArtifactException.NotFound($"Repository {upstream} not found in domain {domain.Name}", upstream, "repository");
            }
        }

        if (upstreams.Count > 10)
        {
            throw CodeArtifactException.Validation("A repository can have at most 10 direct upstream repositories");
        }

        record.Upstreams = upstreams.Distinct(StringComparer.Ordinal).ToList();
    }

    private DomainRecord FindDomain(string domain, string? owner)
    {
        InputRules.OptionalAccount(owner);
        if (_state.Domains.TryGetValue(domain, out var record) && (owner is null || owner == record.Owner))
        {
            return record;
        }

        throw CodeArtifactException.NotFound($"Domain {domain} not found{(owner is null ? string.Empty : " in account " + owner)}", domain, "domain");
    }

    private static RepositoryRecord FindRepository(DomainRecord domain, string repository)
    {
        if (domain.Repositories.TryGetValue(repository, out var record))
        {
            return record;
        }

        throw CodeArtifactException.NotFound($"Repository {repository} not found in domain {domain.Name}", repository, "repository");
    }

    private PackageRecord FindPackage(PackageCoordinate coordinate)
    {
        var repo = FindRepository(FindDomain(coordinate.Domain, coordinate.DomainOwner), coordinate.Repository);
        if (repo.Packages.TryGetValue(PackageKey(coordinate), out var package))
        {
            return package;
        }

        throw CodeArtifactException.NotFound(
            $"Package {coordinate.DisplayName} of format {coordinate.Format} not found in repository {coordinate.Repository}", coordinate.Package, "package");
    }

    private static VersionRecord FindVersion(PackageRecord package, PackageCoordinate coordinate, string version) =>
        package.Versions.FirstOrDefault(v => v.Version == version)
        ?? throw CodeArtifactException.NotFound(
            $"Package version {version} of package {coordinate.DisplayName} not found in repository {coordinate.Repository}", version, "package-version");

    private static PackageRecord GetOrAddPackage(RepositoryRecord repo, PackageCoordinate coordinate)
    {
        var key = PackageKey(coordinate);
        if (!repo.Packages.TryGetValue(key, out var package))
        {
            package = new PackageRecord { Format = coordinate.Format, Namespace = coordinate.Namespace, Name = coordinate.Package };
            repo.Packages[key] = package;
        }

        return package;
    }

    public static string PackageKey(PackageCoordinate coordinate)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        return $"{coordinate.Format}/{coordinate.Namespace}/{coordinate.Package}";
    }

    private static readonly Dictionary<string, string> KnownExternalConnections = new(StringComparer.Ordinal)
    {
        ["public:npmjs"] = "npm",
        ["public:nuget-org"] = "nuget",
        ["public:pypi"] = "pypi",
        ["public:maven-central"] = "maven",
        ["public:maven-googleandroid"] = "maven",
        ["public:maven-gradleplugins"] = "maven",
        ["public:maven-commonsware"] = "maven",
        ["public:maven-clojars"] = "maven",
        ["public:ruby-gems-org"] = "ruby",
        ["public:crates-io"] = "cargo",
    };

    private static string? ExternalConnectionFormat(string name) => KnownExternalConnections.GetValueOrDefault(name);

    private double Now() => _clock.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    private DomainView ToView(DomainRecord d) => new(
        d.Name,
        d.Owner,
        $"arn:aws:codeartifact:{Region}:{d.Owner}:domain/{d.Name}",
        d.CreatedTime,
        d.EncryptionKey,
        d.Repositories.Count,
        d.Repositories.Values.SelectMany(r => r.Packages.Values).SelectMany(p => p.Versions).SelectMany(v => v.Assets).Sum(a => a.Size));

    private RepositoryView ToView(DomainRecord d, RepositoryRecord r) => new(
        r.Name,
        d.Name,
        d.Owner,
        $"arn:aws:codeartifact:{Region}:{d.Owner}:repository/{d.Name}/{r.Name}",
        r.Description,
        r.CreatedTime,
        r.Upstreams.ToList(),
        r.ExternalConnections.Select(e => new ExternalConnectionView(e, ExternalConnectionFormat(e) ?? "generic")).ToList());

    private static PackageView ToView(PackageRecord p) => new(p.Format, p.Namespace, p.Name, p.Publish, p.Upstream);

    private static AssetView ToView(AssetRecord a) => new(a.Name, new AssetHashes(a.Size, a.Md5, a.Sha1, a.Sha256, a.Sha512));

    private static VersionView ToView(string repository, PackageRecord p, VersionRecord v) => new(
        p.Format,
        p.Namespace,
        p.Name,
        v.Version,
        v.Status,
        v.Revision,
        v.PublishedTime,
        v.OriginType,
        repository,
        v.Summary,
        v.HomePage,
        v.SourceCodeRepository,
        v.Licenses.Select(l => new LicenseView(l.Name, l.Url)).ToList(),
        v.Assets.Select(ToView).ToList());

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
