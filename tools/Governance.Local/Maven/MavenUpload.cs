using System.Net;
using System.Text;
using Governance.Local.CodeArtifact;
using Governance.Local.Storage;
using Microsoft.AspNetCore.Http;

namespace Governance.Local.Maven;

/// <summary>
/// One PUT on the Maven endpoint, as <c>mvn deploy</c> and the CodeArtifact curl guide send them: an artifact file
/// (stored, the version Unfinished until its metadata arrives), a checksum file (compared with what was stored;
/// a mismatch is refused, as CodeArtifact stops a publish on one), or <c>maven-metadata.xml</c> (completes the
/// versions it names: Unfinished → Published).
/// </summary>
internal sealed class MavenUpload(CodeArtifactService service, BlobStore blobs, HttpContext context, MavenRequestPath path, PackageCoordinate coordinate)
{
    /// <summary>A checksum file holds one hex digest, optionally followed by a file name.</summary>
    private const int MaxChecksumBytes = 1024;

    public async Task AcceptAsync()
    {
        if (path.ChecksumAlgorithm is not null)
        {
            await ChecksumAsync();
        }
        else if (path.Kind == MavenTargetKind.File)
        {
            await FileAsync();
        }
        else
        {
            await MetadataAsync();
        }
    }

    private async Task FileAsync()
    {
        var version = path.Version!;
        if (!path.FileName.StartsWith(path.ArtifactId + "-", StringComparison.Ordinal))
        {
            throw new FormatException($"file name {path.FileName} must start with the artifactId: {path.ArtifactId}-{version}[-classifier].ext");
        }

        service.CheckPublishAllowed(coordinate, version, path.FileName);
        var hashes = await blobs.PutAsync(context.Request.Body, null, context.RequestAborted);
        PublishMetadata? metadata = null;
        if (path.FileName.EndsWith(".pom", StringComparison.Ordinal))
        {
            await using var pomStream = blobs.OpenRead(hashes.Sha256);
            var pom = MavenPom.Read(pomStream);
            if (pom.GroupId != path.GroupId || pom.ArtifactId != path.ArtifactId || pom.Version != version)
            {
                throw new FormatException(
                    $"the POM names {pom.GroupId}:{pom.ArtifactId}:{pom.Version} but was uploaded as {path.GroupId}:{path.ArtifactId}:{version}");
            }

            metadata = pom.ToPublishMetadata();
        }

        service.CommitPublish(coordinate, version, path.FileName, hashes, unfinished: true, metadata);
        context.Response.StatusCode = (int)HttpStatusCode.Created;
    }

    private async Task ChecksumAsync()
    {
        var text = (await ReadSmallBodyAsync(MaxChecksumBytes)).Trim();
        var claimed = text.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty;
        string actual;
        if (path.Kind == MavenTargetKind.File)
        {
            var asset = service.DescribePackageVersion(coordinate, path.Version!).Assets.FirstOrDefault(a => a.Name == path.FileName)
                        ?? throw CodeArtifactException.NotFound(
                            $"Asset {path.FileName} of {path.GroupId}:{path.ArtifactId}:{path.Version} not found: upload the file before its checksum", path.FileName, "asset");
            actual = MavenRepositoryHandler.Checksum(asset.Hashes, path.ChecksumAlgorithm!);
        }
        else
        {
            // Metadata checksums describe the client's own copy of the document, which this repository rewrites.
            context.Response.StatusCode = (int)HttpStatusCode.Created;
            return;
        }

        if (!string.Equals(claimed, actual, StringComparison.OrdinalIgnoreCase))
        {
            await MavenRepositoryHandler.TextAsync(context, HttpStatusCode.BadRequest,
                $"Checksum mismatch for {path.FileName}: the uploaded {path.ChecksumAlgorithm} is '{Shorten(claimed)}' but the stored file's is {actual}; upload the file again");
            return;
        }

        context.Response.StatusCode = (int)HttpStatusCode.Created;
    }

    private async Task MetadataAsync()
    {
        var content = Encoding.UTF8.GetBytes(await ReadSmallBodyAsync(MavenMetadataDocument.MaxUploadBytes));
        var versions = MavenMetadataDocument.ReadVersions(content);
        service.CompleteUnfinished(coordinate, path.Version is null ? versions : versions.Where(v => v == path.Version));
        context.Response.StatusCode = (int)HttpStatusCode.Created;
    }

    private async Task<string> ReadSmallBodyAsync(int limit)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new FormatException($"{path.FileName}{(path.ChecksumAlgorithm is null ? string.Empty : "." + path.ChecksumAlgorithm)} is larger than {limit} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string Shorten(string value) => value.Length <= 128 ? value : value[..128] + "…";
}
