using Microsoft.AspNetCore.Http;

namespace Governance.Local.PublicRegistries;

/// <summary>
/// <c>/public/maven-central/{path}</c>: the Maven-layout directory standing in for Maven Central, file by file.
/// A checksum file (<c>.sha1</c>, <c>.sha256</c>, <c>.sha512</c>, <c>.md5</c>) present in the directory is served as
/// it is (so a test can plant a wrong one); a missing one is computed from the file beside it, as bare lower-case hex
/// like Maven Central's. <c>Last-Modified</c> is the file's mtime (a computed checksum's is its file's).
/// </summary>
internal sealed class MavenCentralFiles(string root)
{
    public const string Prefix = "/public/maven-central/";

    private static readonly string[] ChecksumExtensions = [".sha1", ".sha256", ".sha512", ".md5"];

    private readonly string _root = Path.GetFullPath(root);

    public async Task HandleAsync(HttpContext context)
    {
        if (PublicFileResponse.Segments(context, Prefix) is not { } segments || Resolve(segments) is not { } path)
        {
            await PublicFileResponse.NotFoundAsync(context).ConfigureAwait(false);
            return;
        }

        if (IsFile(path))
        {
            await PublicFileResponse.FileAsync(context, path, ContentType(path)).ConfigureAwait(false);
            return;
        }

        var extension = ChecksumExtensions.FirstOrDefault(ext => path.EndsWith(ext, StringComparison.Ordinal));
        var subject = extension is null ? null : path[..^extension.Length];
        if (subject is null || !IsFile(subject) || ChecksumExtensions.Any(ext => subject.EndsWith(ext, StringComparison.Ordinal)))
        {
            await PublicFileResponse.NotFoundAsync(context).ConfigureAwait(false);
            return;
        }

        var hashes = await PublicFileResponse.HashAsync(subject, context.RequestAborted).ConfigureAwait(false);
        var hex = extension switch
        {
            ".sha1" => hashes.Sha1,
            ".sha256" => hashes.Sha256,
            ".sha512" => hashes.Sha512,
            _ => hashes.Md5,
        };
        await PublicFileResponse.BytesAsync(context, System.Text.Encoding.ASCII.GetBytes(hex), "text/plain", new FileInfo(subject).LastWriteTimeUtc).ConfigureAwait(false);
    }

    /// <summary>The path under the root, or null when it would leave it (segments are already plain names; this is the second guard).</summary>
    private string? Resolve(string[] segments)
    {
        var full = Path.GetFullPath(Path.Combine([_root, .. segments]));
        return full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }

    /// <summary>A file, or a symlink to one (Debian links its jars to /usr/share/java); directories are not served.</summary>
    private static bool IsFile(string path)
    {
        var info = new FileInfo(path);
        return info.Exists && (info.LinkTarget is null || info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo { Exists: true });
    }

    private static string ContentType(string path) => Path.GetExtension(path) switch
    {
        ".pom" or ".xml" => "text/xml",
        ".jar" or ".war" or ".ear" => "application/java-archive",
        ".sha1" or ".sha256" or ".sha512" or ".md5" or ".asc" => "text/plain",
        _ => "application/octet-stream",
    };
}
