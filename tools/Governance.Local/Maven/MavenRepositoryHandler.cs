using System.Globalization;
using System.Net;
using System.Text;
using Governance.Local.CodeArtifact;
using Governance.Local.Faults;
using Governance.Local.Storage;
using Governance.Local.Upstream;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Governance.Local.Maven;

/// <summary>
/// The Maven repository protocol on a repository's Maven endpoint (<c>/maven/{domain}-{owner}/{repository}/</c>,
/// what <c>get-repository-endpoint --format maven</c> returns), as CodeArtifact serves it: GET/HEAD of artifact
/// files (a version the repository lacks is resolved through its upstreams first), of <c>maven-metadata.xml</c>
/// and of the checksum files; PUT of files (the version stays Unfinished), checksums (checked, not stored) and
/// <c>maven-metadata.xml</c> (completes the publish). Authentication is HTTP Basic <c>aws:{token}</c>, the token from
/// GetAuthorizationToken, exactly what a <c>settings.xml</c> server entry sends.
/// </summary>
public sealed class MavenRepositoryHandler(CodeArtifactService service, BlobStore blobs, AuthorizationTokens tokens, UpstreamResolver upstreams, FaultInjector faults)
{
    public const string PathPrefix = MavenRequestPath.Prefix;

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        MavenRequestPath path;
        try
        {
            path = MavenRequestPath.Parse(RawPath(context));
        }
        catch (FormatException bad)
        {
            await TextAsync(context, HttpStatusCode.BadRequest, bad.Message);
            return;
        }

        if (!tokens.IsValid(MavenCredentials.Token(context.Request.Headers.Authorization), path.Domain, path.Owner))
        {
            // Maven sends credentials only after a challenge, so the challenge is part of the protocol.
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"codeartifact\"";
            await TextAsync(context, HttpStatusCode.Unauthorized, "Unable to authenticate: use user 'aws' and the token from GetAuthorizationToken for this domain");
            return;
        }

        var coordinate = new PackageCoordinate(path.Domain, path.Owner, path.Repository, "maven", path.GroupId, path.ArtifactId);
        try
        {
            var method = context.Request.Method;
            if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
            {
                await new MavenDownload(service, blobs, upstreams, faults, context, path, coordinate).ServeAsync();
            }
            else if (HttpMethods.IsPut(method))
            {
                // The shared input rules on the coordinates (an artifact-level maven-metadata.xml names no version).
                if (path.Version is null)
                {
                    InputRules.PublishName(coordinate.Namespace, coordinate.Package);
                }
                else
                {
                    InputRules.PublishTarget(coordinate.Namespace, coordinate.Package, path.Version);
                }

                await new MavenUpload(service, blobs, context, path, coordinate).AcceptAsync();
            }
            else
            {
                await TextAsync(context, HttpStatusCode.MethodNotAllowed, $"{method} is not supported on a Maven repository");
            }
        }
        catch (CodeArtifactException error) when (!context.Response.HasStarted)
        {
            // Package managers see an Archived version as absent; the other errors keep CodeArtifact's status codes.
            var status = error.Status == HttpStatusCode.Conflict && !HttpMethods.IsPut(context.Request.Method) ? HttpStatusCode.NotFound : error.Status;
            await TextAsync(context, status, error.Message);
        }
        catch (FormatException bad) when (!context.Response.HasStarted)
        {
            await TextAsync(context, HttpStatusCode.BadRequest, bad.Message);
        }
    }

    internal static async Task TextAsync(HttpContext context, HttpStatusCode status, string message)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.WriteAsync(message, context.RequestAborted);
        }
    }

    internal static string ContentType(string fileName) => Path.GetExtension(fileName) switch
    {
        ".pom" or ".xml" => "text/xml",
        ".jar" or ".war" or ".ear" => "application/java-archive",
        _ => "application/octet-stream",
    };

    internal static string HttpDate(double unixSeconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)(unixSeconds * 1000)).ToString("R", CultureInfo.InvariantCulture);

    internal static string Checksum(AssetHashes hashes, string algorithm) => algorithm switch
    {
        "md5" => hashes.Md5,
        "sha1" => hashes.Sha1,
        "sha256" => hashes.Sha256,
        _ => hashes.Sha512,
    };

    internal static async Task BytesAsync(HttpContext context, byte[] content, string contentType)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = content.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(content, context.RequestAborted);
        }
    }

    internal static Task ChecksumAsync(HttpContext context, string hex) =>
        BytesAsync(context, Encoding.ASCII.GetBytes(hex), "text/plain");

    private static string RawPath(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? string.Empty;
        var query = raw.IndexOf('?', StringComparison.Ordinal);
        return query >= 0 ? raw[..query] : raw;
    }
}

/// <summary>The token in a Maven request: HTTP Basic with user <c>aws</c> (settings.xml), or a bearer token.</summary>
internal static class MavenCredentials
{
    public static string? Token(string? authorization)
    {
        if (string.IsNullOrEmpty(authorization))
        {
            return null;
        }

        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization[7..].Trim();
        }

        if (!authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && decoded[..colon] == "aws" ? decoded[(colon + 1)..] : null;
    }
}
