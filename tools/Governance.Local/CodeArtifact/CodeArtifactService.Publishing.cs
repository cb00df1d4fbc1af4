using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Governance.Core.Ports;
using Governance.Local.Storage;

namespace Governance.Local.CodeArtifact;

// Adding assets to versions (PublishPackageVersion, npm publish, Maven PUT): the checks before and the commit after the bytes are stored.
public sealed partial class CodeArtifactService
{
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
            var targetStatus = unfinished ? VersionStatus.Unfinished : VersionStatus.Published;
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
            record.Revision = NextRevision(record);
            Commit(coordinate, package, record, "Updated", assetsAdded: 1, assetsRemoved: 0, metadataUpdated: false, statusChanged: statusChanged);
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
}
