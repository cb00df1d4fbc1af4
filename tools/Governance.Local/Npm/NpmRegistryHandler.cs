using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Governance.Local.CodeArtifact;
using Governance.Local.Faults;
using Governance.Local.Storage;
using Governance.Local.Upstream;
using Microsoft.AspNetCore.Http;

namespace Governance.Local.Npm;

/// <summary>
/// The npm registry protocol on a repository's npm endpoint (<c>/npm/{domain}-{owner}/{repository}/</c>), as
/// CodeArtifact serves it: <c>PUT /{package}</c> publishes, <c>GET /{package}</c> returns the packument (listed
/// versions only), <c>GET /{package}/-/{file}.tgz</c> streams the tarball. Every call needs the bearer token
/// from GetAuthorizationToken for the repository's domain.
/// </summary>
public sealed class NpmRegistryHandler(CodeArtifactService service, BlobStore blobs, AuthorizationTokens tokens, UpstreamResolver upstreams, FaultInjector faults)
{
    public const string PathPrefix = "/npm/";

    /// <summary>CodeArtifact caps npm publish requests at 2 GB.</summary>
    private const long MaxPublishBody = 2L * 1024 * 1024 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = NpmTarget.Parse(context);
        if (target is null)
        {
            await ErrorAsync(context, HttpStatusCode.NotFound, "Not found: npm endpoints look like /npm/{domain}-{owner}/{repository}/{package}");
            return;
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        var token = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
        if (!tokens.IsValid(token, target.Domain, target.Owner))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"codeartifact\"";
            await ErrorAsync(context, HttpStatusCode.Unauthorized, "Unable to authenticate: use the authorization token from GetAuthorizationToken for this domain");
            return;
        }

        try
        {
            if (target.Package is null)
            {
                await ErrorAsync(context, HttpStatusCode.NotFound, "Not found");
            }
            else if (target.IsDistTags)
            {
                await NpmDistTagHandler.HandleAsync(context, service, target.Coordinate, target.DistTag);
            }
            else if (target.TarballFile is not null && HttpMethods.IsGet(context.Request.Method))
            {
                await TarballAsync(context, target);
            }
            else if (HttpMethods.IsGet(context.Request.Method))
            {
                await PackumentAsync(context, target);
            }
            else if (HttpMethods.IsPut(context.Request.Method) && target.TarballFile is not null)
            {
                // npm publishes to the package's path; a PUT to a tarball path would publish under a name the
                // client did not send.
                await ErrorAsync(context, HttpStatusCode.MethodNotAllowed, "PUT is not supported on a tarball path: npm publishes to the package's path");
            }
            else if (HttpMethods.IsPut(context.Request.Method))
            {
                await PublishAsync(context, target);
            }
            else
            {
                await ErrorAsync(context, HttpStatusCode.MethodNotAllowed, $"{context.Request.Method} is not supported on this path");
            }
        }
        catch (JsonException bad) when (!context.Response.HasStarted)
        {
            await ErrorAsync(context, HttpStatusCode.BadRequest, "The publish document is not valid JSON: " + bad.Message);
        }
        catch (CodeArtifactException error) when (!context.Response.HasStarted)
        {
            var status = error.Status switch
            {
                HttpStatusCode.Conflict when target.TarballFile is not null => HttpStatusCode.NotFound,
                HttpStatusCode.Conflict => HttpStatusCode.Forbidden,
                var other => other,
            };
            await ErrorAsync(context, status, error.Message);
        }
    }

    /// <summary>
    /// The repository's listed versions (Published only: Unlisted, Archived, Disposed and Unfinished are hidden from
    /// package managers) plus, unless the package's upstream is BLOCK here, what its upstreams and public registries
    /// offer that the repository does not hold in any status. The dist-tags are merged with the upstream repositories'
    /// (user guide, "npm tag handling").
    /// </summary>
    private async Task PackumentAsync(HttpContext context, NpmTarget target)
    {
        var coordinate = target.Coordinate;
        var own = service.NpmVersions(coordinate, out var distTags);
        var entries = own
            .Where(v => v.Version.Status == VersionStatus.Published)
            .Select(v => Entry(v.Version, v.Manifest))
            .ToList();
        // Each public registry's versions are read once for the whole listing, outside the service lock.
        var registryVersions = new Dictionary<IExternalRegistry, Dictionary<string, ExternalPackageVersion>>();
        foreach (var offer in service.ListUpstreamOffers(coordinate).Where(o => own.All(v => v.Version.Version != o.Version)))
        {
            if (offer.Held is not null)
            {
                entries.Add(Entry(offer.Held, offer.HeldNpmManifestJson));
            }
            else if (RegistryVersions(registryVersions, offer.Registry!, coordinate).GetValueOrDefault(offer.Version) is { } external)
            {
                var dist = external.Metadata.NpmManifestJson is { } json ? JsonNode.Parse(json)?["dist"] : null;
                entries.Add(new NpmPackumentEntry(offer.Version, external.Metadata.NpmManifestJson,
                    dist?["shasum"]?.GetValue<string>(), dist?["integrity"]?.GetValue<string>(), external.PublishedTime));
            }
        }

        if (entries.Count == 0)
        {
            await ErrorAsync(context, HttpStatusCode.NotFound, $"Not found: {target.Package!.FullName}");
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(NpmPackument.Write(target.Package!, target.RepositoryBase, entries, distTags), context.RequestAborted);
    }

    private static Dictionary<string, ExternalPackageVersion> RegistryVersions(
        Dictionary<IExternalRegistry, Dictionary<string, ExternalPackageVersion>> read, IExternalRegistry registry, PackageCoordinate coordinate)
    {
        if (!read.TryGetValue(registry, out var versions))
        {
            versions = registry.FindVersions(coordinate.Namespace, coordinate.Package).ToDictionary(v => v.Version, StringComparer.Ordinal);
            read[registry] = versions;
        }

        return versions;
    }

    private static NpmPackumentEntry Entry(VersionView version, string? manifest)
    {
        var asset = version.Assets.FirstOrDefault(a => a.Name.EndsWith(".tgz", StringComparison.Ordinal));
        return new NpmPackumentEntry(version.Version, manifest, asset?.Hashes.Sha1, asset is null ? null : NpmPackument.IntegrityOf(asset.Hashes.Sha512),
            DateTimeOffset.FromUnixTimeMilliseconds((long)(version.PublishedTime * 1000)));
    }

    private async Task TarballAsync(HttpContext context, NpmTarget target)
    {
        var file = target.TarballFile!;
        var prefix = target.Package!.Name + "-";
        if (!file.StartsWith(prefix, StringComparison.Ordinal) || !file.EndsWith(".tgz", StringComparison.Ordinal))
        {
            await ErrorAsync(context, HttpStatusCode.NotFound, $"Not found: {file}");
            return;
        }

        var version = file[prefix.Length..^4];
        if (!await upstreams.EnsureAvailableAsync(target.Coordinate, version, context.RequestAborted))
        {
            await ErrorAsync(context, HttpStatusCode.NotFound, $"Not found: {file}");
            return;
        }

        // Stored as package.tgz (CodeArtifact's name, for published and ingested versions alike): the version's one tarball.
        var assetName = service.DescribePackageVersion(target.Coordinate, version).Assets
            .Select(a => a.Name).FirstOrDefault(n => n == file || n.EndsWith(".tgz", StringComparison.Ordinal)) ?? file;
        var (resolved, asset) = service.ResolveAsset(target.Coordinate, version, assetName, null);
        if (resolved.Status is not (VersionStatus.Published or VersionStatus.Unlisted))
        {
            await ErrorAsync(context, HttpStatusCode.NotFound, $"Not found: {file} (version status {resolved.Status})");
            return;
        }

        await using var source = blobs.OpenRead(asset.Hashes.Sha256);
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = source.Length;
        await FaultyDownloadWriter.CopyAsync(source, context, faults.DownloadFault(source.Length), context.RequestAborted);
    }

    private async Task PublishAsync(HttpContext context, NpmTarget target)
    {
        if (context.Request.ContentLength is > MaxPublishBody)
        {
            await ErrorAsync(context, HttpStatusCode.RequestEntityTooLarge, "npm publish requests are limited to 2 GB");
            return;
        }

        // The shared input rules, before a byte is read: the name from the path now, the version once the document is read.
        InputRules.PublishName(target.Package!.Scope, target.Package.Name);

        using var document = await NpmPublishDocumentReader.ReadAsync(context.Request.Body, blobs.NewScratchPath(), context.RequestAborted);
        var root = document.Metadata.RootElement;
        if (!root.TryGetProperty("versions", out var versions) || versions.ValueKind != JsonValueKind.Object || !versions.EnumerateObject().Any())
        {
            await ErrorAsync(context, HttpStatusCode.BadRequest, "The publish document has no 'versions' object");
            return;
        }

        if (document.TarballPath is null)
        {
            // No tarball: npm deprecate writing the packument back with the versions' deprecated messages.
            service.SetNpmDeprecations(target.Coordinate, NpmDeprecation.Messages(versions));
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"ok\":true}", context.RequestAborted);
            return;
        }

        var distTags = root.TryGetProperty("dist-tags", out var tags) && tags.ValueKind == JsonValueKind.Object
            ? tags.EnumerateObject().Where(t => t.Value.ValueKind == JsonValueKind.String).ToDictionary(t => t.Name, t => t.Value.GetString()!, StringComparer.Ordinal)
            : null;
        var manifestProperty = versions.EnumerateObject().First();
        string version;
        try
        {
            version = manifestProperty.Name;
        }
        catch (InvalidOperationException undecodable)
        {
            throw InputRules.Undecodable("packageVersion", undecodable.Message);
        }

        InputRules.PublishTarget(target.Package.Scope, target.Package.Name, version);
        var manifest = manifestProperty.Value;
        // CodeArtifact stores an npm version's one tarball as package.tgz, whatever the tarball URL calls it.
        var assetName = NpmRegistryDirectory.TarballAssetName;

        if (TryDescribe(target.Coordinate, version) is not null)
        {
            await ErrorAsync(context, HttpStatusCode.Forbidden, $"You cannot publish over the previously published versions: {version}.");
            return;
        }

        AssetHashes hashes;
        await using (var tarball = new FileStream(document.TarballPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true))
        {
            hashes = await blobs.PutAsync(tarball, null, context.RequestAborted);
        }

        if (manifest.TryGetProperty("dist", out var dist) && dist.TryGetProperty("shasum", out var shasum) && shasum.GetString() is { } sha1
            && !string.Equals(sha1, hashes.Sha1, StringComparison.OrdinalIgnoreCase))
        {
            await ErrorAsync(context, HttpStatusCode.BadRequest, $"The tarball's SHA-1 {hashes.Sha1} does not match dist.shasum {sha1}");
            return;
        }

        var metadata = NpmManifestMetadata.Read(manifest, manifest.GetRawText(), distTags);
        service.CommitPublish(target.Coordinate, version, assetName, hashes, unfinished: false, metadata);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("{\"ok\":true,\"success\":true}", context.RequestAborted);
    }

    private VersionView? TryDescribe(PackageCoordinate coordinate, string version)
    {
        try
        {
            return service.DescribePackageVersion(coordinate, version);
        }
        catch (CodeArtifactException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static Task ErrorAsync(HttpContext context, HttpStatusCode status, string message) => NpmErrors.WriteAsync(context, status, message);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class NpmJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
