using System.Net;
using Governance.Local.Storage;

namespace Governance.Local.CodeArtifact;

// Adding assets to versions (PublishPackageVersion, npm publish, Maven PUT): the checks before and the commit after the bytes are stored.
public sealed partial class CodeArtifactService
{
    /// <summary>Checks, before any byte is read, that an asset may be added to this version at all.</summary>
    public void CheckPublishAllowed(PackageCoordinate coordinate, string version, string assetName)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        InputRules.PublishTarget(coordinate.Namespace, coordinate.Package, version);
        if (coordinate.Format == "generic")
        {
            InputRules.GenericAssetName(assetName);
        }

        lock (_gate)
        {
            var domain = FindDomain(coordinate.Domain, coordinate.DomainOwner);
            var repo = FindRepository(domain, coordinate.Repository);
            EnsureGroupAllowsPublish(domain, coordinate, repo.Name);
            if (!repo.Packages.TryGetValue(PackageKey(coordinate), out var package))
            {
                EnsureNotInUpstreams(domain, repo, coordinate, version);
                return;
            }

            EnsurePublishAllowed(package, coordinate);
            var existing = package.Versions.FirstOrDefault(v => v.Version == version);
            if (existing is null)
            {
                EnsureNotInUpstreams(domain, repo, coordinate, version);
            }

            if (existing is not null && existing.Status != VersionStatus.Unfinished && existing.Assets.All(a => a.Name != assetName))
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
        InputRules.PublishTarget(coordinate.Namespace, coordinate.Package, version);
        if (coordinate.Format == "generic")
        {
            InputRules.GenericAssetName(assetName);
        }

        lock (_gate)
        {
            var domain = FindDomain(coordinate.Domain, coordinate.DomainOwner);
            var repo = FindRepository(domain, coordinate.Repository);
            if (_content is not null && !_content.Exists(hashes.Sha256))
            {
                // The bytes were released by a concurrent dispose between upload and commit; the client retries.
                throw new CodeArtifactException("InternalServerException", HttpStatusCode.InternalServerError, "The asset content was not stored; retry the publish.");
            }

            // Checked before the package is created: a new package's default origin controls block upstreams.
            if (!repo.Packages.TryGetValue(PackageKey(coordinate), out var known) || known.Versions.All(v => v.Version != version))
            {
                EnsureNotInUpstreams(domain, repo, coordinate, version);
            }

            var package = GetOrAddPackage(repo, coordinate, PackageArrival.Published);
            EnsurePublishAllowed(package, coordinate);
            EnsureGroupAllowsPublish(domain, coordinate, repo.Name);
            var targetStatus = unfinished ? VersionStatus.Unfinished : VersionStatus.Published;
            var record = package.Versions.FirstOrDefault(v => v.Version == version);
            var asset = ToRecord(assetName, hashes);

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

                if (record.Status == VersionStatus.Unfinished && !unfinished)
                {
                    record.Status = VersionStatus.Published;
                    Commit(coordinate, package, record, "Updated", 0, 0, metadataUpdated: false, statusChanged: true);
                }
                else
                {
                    // Identical bytes under the same name: CodeArtifact accepts the re-publish and changes nothing.
                    SavePackage(coordinate, package);
                }

                return new PublishResult(ToView(coordinate.Repository, package, record), ToView(existingAsset));
            }

            if (record.Status != VersionStatus.Unfinished)
            {
                throw PublishedConflict(coordinate, version, record.Status);
            }

            record.Assets.Add(asset);
            var statusChanged = !unfinished;
            record.Status = targetStatus;
            // A Maven POM may arrive after the jar: the version's metadata comes with whichever asset carries it.
            ApplyMetadata(record, metadata);
            record.Revision = NextRevision(record);
            Commit(coordinate, package, record, "Updated", assetsAdded: 1, assetsRemoved: 0, metadataUpdated: metadata is not null, statusChanged: statusChanged);
            return new PublishResult(ToView(coordinate.Repository, package, record), ToView(asset));
        }
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
        if (package.Publish == OriginRestriction.Block)
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

    /// <summary>
    /// Completes Maven publishes: CodeArtifact keeps a version whose files arrive by PUT Unfinished (not
    /// downloadable, not listed) until a <c>maven-metadata.xml</c> naming it is uploaded, then sets it Published
    /// (user guide, "Using Maven checksums" and "Publishing with curl"). Versions listed that are not Unfinished
    /// here are left as they are; returns the versions it published.
    /// </summary>
    public IReadOnlyList<string> CompleteUnfinished(PackageCoordinate coordinate, IEnumerable<string> versions)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        ArgumentNullException.ThrowIfNull(versions);
        lock (_gate)
        {
            var domain = FindDomain(coordinate.Domain, coordinate.DomainOwner);
            var repo = FindRepository(domain, coordinate.Repository);
            if (!repo.Packages.TryGetValue(PackageKey(coordinate), out var package))
            {
                return [];
            }

            EnsurePublishAllowed(package, coordinate);
            EnsureGroupAllowsPublish(domain, coordinate, repo.Name);
            var published = new List<string>();
            foreach (var version in versions.Distinct(StringComparer.Ordinal))
            {
                var record = package.Versions.FirstOrDefault(v => v.Version == version);
                if (record is { Status: VersionStatus.Unfinished })
                {
                    record.Status = VersionStatus.Published;
                    Commit(coordinate, package, record, "Updated", 0, 0, metadataUpdated: false, statusChanged: true);
                    published.Add(version);
                }
            }

            return published;
        }
    }
}
