using System.Globalization;
using System.Net;
using System.Text;
using Governance.Local.Storage;
using Microsoft.AspNetCore.Http;

namespace Governance.Local.PublicRegistries;

/// <summary>How the public-registry stand-ins answer: files and small bodies with <c>Last-Modified</c>, HEAD without body.</summary>
internal static class PublicFileResponse
{
    public static bool IsReadMethod(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);

    /// <summary>Streams a file (following symlinks) with its size and modification time.</summary>
    public static async Task FileAsync(HttpContext context, string path, string contentType)
    {
        var info = new FileInfo(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan | FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            Headers(context, contentType, stream.Length, info.LastWriteTimeUtc);
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await stream.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
            }
        }
    }

    public static Task BytesAsync(HttpContext context, byte[] body, string contentType, DateTime? lastModifiedUtc)
    {
        Headers(context, contentType, body.Length, lastModifiedUtc);
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    public static Task TextAsync(HttpContext context, HttpStatusCode status, string text)
    {
        context.Response.StatusCode = (int)status;
        return BytesAsync(context, Encoding.UTF8.GetBytes(text + "\n"), "text/plain; charset=utf-8", null);
    }

    public static Task NotFoundAsync(HttpContext context) => TextAsync(context, HttpStatusCode.NotFound, "Not Found");

    private static void Headers(HttpContext context, string contentType, long length, DateTime? lastModifiedUtc)
    {
        context.Response.ContentType = contentType;
        context.Response.ContentLength = length;
        if (lastModifiedUtc is { } modified)
        {
            // HTTP dates have whole seconds (RFC 9110 IMF-fixdate).
            context.Response.Headers.LastModified = new DateTimeOffset(DateTime.SpecifyKind(modified, DateTimeKind.Utc)).ToString("R", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The decoded path after <paramref name="prefix"/>, split into segments; null when a segment is not a plain name.</summary>
    public static string[]? Segments(HttpContext context, string prefix)
    {
        var path = context.Request.Path.Value ?? "";
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        // ASP.NET Core leaves %2F encoded in the path; npm's scoped names use it, and a decoded slash is a separator.
        var rest = path[prefix.Length..].Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        var segments = rest.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length > 0 && segments.All(Upstream.MavenRepositoryDirectory.IsSafeName) ? segments : null;
    }

    /// <summary>All four digests of a file in one read (checksums are computed per request: the stand-ins are for tests and demos).</summary>
    public static async Task<AssetHashes> HashAsync(string path, CancellationToken cancellationToken)
    {
        using var hasher = new MultiHasher();
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan | FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hasher.Append(buffer.AsSpan(0, read));
            }
        }

        return hasher.Finish();
    }
}
