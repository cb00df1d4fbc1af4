using System.Net;
using Governance.Local.CodeArtifact;
using Governance.Local.Faults;
using Governance.Local.Storage;
using Governance.Local.Upstream;
using Microsoft.AspNetCore.Http;

namespace Governance.Local.Maven;

/// <summary>One GET or HEAD on the Maven endpoint: an artifact file, its checksum, or <c>maven-metadata.xml</c>.</summary>
internal sealed class MavenDownload(
    CodeArtifactService service, BlobStore blobs, UpstreamResolver upstreams, FaultInjector faults, HttpContext context, MavenRequestPath path, PackageCoordinate coordinate)
{
    public Task ServeAsync() => path.Kind switch
    {
        MavenTargetKind.File => FileAsync(),
        MavenTargetKind.ArtifactMetadata => ArtifactMetadataAsync(),
        // Snapshot build listings are not served (see the README's limits): Maven then numbers a deploy's build 1.
        _ => NotFoundAsync($"{path.FileName} of {path.GroupId}:{path.ArtifactId}:{path.Version}"),
    };

    private async Task FileAsync()
    {
        var version = path.Version!;
        if (!await upstreams.EnsureAvailableAsync(coordinate, version, context.RequestAborted))
        {
            await NotFoundAsync($"{path.GroupId}:{path.ArtifactId}:{version} is not in repository {path.Repository} nor in any upstream it reaches");
            return;
        }

        var (resolved, asset) = service.ResolveAsset(coordinate, version, path.FileName, null);
        // Unlisted versions still download by exact version; Unfinished (publish not completed) and the
        // quarantine statuses do not.
        if (resolved.Status is not (VersionStatus.Published or VersionStatus.Unlisted))
        {
            await NotFoundAsync($"{path.FileName}: package version {version} has status {resolved.Status}");
            return;
        }

        context.Response.Headers.LastModified = MavenRepositoryHandler.HttpDate(resolved.PublishedTime);
        if (path.ChecksumAlgorithm is { } algorithm)
        {
            await MavenRepositoryHandler.ChecksumAsync(context, MavenRepositoryHandler.Checksum(asset.Hashes, algorithm));
            return;
        }

        context.Response.ContentType = MavenRepositoryHandler.ContentType(path.FileName);
        context.Response.Headers.ETag = $"\"{asset.Hashes.Sha1}\"";
        await using var source = blobs.OpenRead(asset.Hashes.Sha256);
        context.Response.ContentLength = source.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await FaultyDownloadWriter.CopyAsync(source, context, faults.DownloadFault(source.Length), context.RequestAborted);
        }
    }

    /// <summary>
    /// Built from the versions this repository lists: Published only, since CodeArtifact leaves Unlisted versions
    /// out of listings (they still download by exact version) and Unfinished, Archived and Disposed ones serve nothing.
    /// </summary>
    private async Task ArtifactMetadataAsync()
    {
        var listed = service.PackageVersions(coordinate).Where(v => v.Status == VersionStatus.Published).ToList();
        if (listed.Count == 0)
        {
            await NotFoundAsync($"no listed version of {path.GroupId}:{path.ArtifactId} in repository {path.Repository}");
            return;
        }

        var lastUpdated = DateTimeOffset.FromUnixTimeMilliseconds((long)(listed.Max(v => v.PublishedTime) * 1000));
        var document = MavenMetadataDocument.Write(path.GroupId, path.ArtifactId, listed.Select(v => v.Version).ToList(), lastUpdated);
        if (path.ChecksumAlgorithm is { } algorithm)
        {
            using var hasher = new MultiHasher();
            hasher.Append(document);
            await MavenRepositoryHandler.ChecksumAsync(context, MavenRepositoryHandler.Checksum(hasher.Finish(), algorithm));
            return;
        }

        await MavenRepositoryHandler.BytesAsync(context, document, "text/xml");
    }

    private Task NotFoundAsync(string message) => MavenRepositoryHandler.TextAsync(context, HttpStatusCode.NotFound, "Not found: " + message);
}
