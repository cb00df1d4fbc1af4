using System.Globalization;
using System.Net;
using System.Text.Json;
using Governance.Local.Edge;
using Governance.Local.Faults;
using Governance.Local.CodeArtifact.PackageGroups;
using Governance.Local.Storage;
using Microsoft.AspNetCore.Http;
using static Governance.Local.CodeArtifact.RestJsonIo;

namespace Governance.Local.CodeArtifact;

/// <summary>
/// The restJson1 binding of <see cref="CodeArtifactService"/>: routes method + path to the operation, reads the
/// query-string members under their wire names, writes the JSON shapes, and encodes errors as restJson1 does.
/// </summary>
public sealed class CodeArtifactEndpoint(
    CodeArtifactService service,
    BlobStore blobs,
    AuthorizationTokens tokens,
    FaultInjector faults,
    Func<Uri> baseUri) : IServiceEndpoint
{
    public string SigningName => "codeartifact";

    public async Task HandleAsync(HttpContext context, CallerIdentity caller)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(caller);
        try
        {
            await DispatchAsync(context, caller);
        }
        catch (CodeArtifactException error) when (!context.Response.HasStarted)
        {
            await WriteErrorAsync(context, error);
        }
        catch (PayloadHashMismatchException mismatch) when (!context.Response.HasStarted)
        {
            await WriteErrorAsync(context, HashMismatch(mismatch.Declared, mismatch.Calculated));
        }
        catch (JsonException bad) when (!context.Response.HasStarted)
        {
            // A body that is not JSON at all: AWS's JSON services answer 400 SerializationException (a client error,
            // so SDKs do not retry it), never a 500.
            await WriteErrorAsync(context, Serialization("The request body is not valid JSON: " + bad.Message));
        }

    }

    private Task DispatchAsync(HttpContext context, CallerIdentity caller)
    {
        var request = context.Request;
        var route = (request.Method, request.Path.Value);
        return route switch
        {
            ("POST", "/v1/domain") => CreateDomainAsync(context, caller),
            ("GET", "/v1/domain") => WriteAsync(context, json => Wrap(json, "domain", w => WireJson.Domain(w, service.DescribeDomain(Q(context, "domain")!, Q(context, "domain-owner")), false))),
            ("POST", "/v1/domains") => ListDomainsAsync(context),
            ("POST", "/v1/repository") => CreateRepositoryAsync(context),
            ("GET", "/v1/repository") => WriteAsync(context, json => Wrap(json, "repository", w => WireJson.Repository(w, service.DescribeRepository(Req(context, "domain"), Q(context, "domain-owner"), Req(context, "repository")), false))),
            ("PUT", "/v1/repository") => UpdateRepositoryAsync(context),
            ("POST", "/v1/repository/external-connection") => WriteAsync(context, json => Wrap(json, "repository", w => WireJson.Repository(w,
                service.AssociateExternalConnection(Req(context, "domain"), Q(context, "domain-owner"), Req(context, "repository"), Req(context, "external-connection")), false))),
            ("POST", "/v1/repositories") => ListRepositoriesAsync(context, inDomain: false),
            ("POST", "/v1/domain/repositories") => ListRepositoriesAsync(context, inDomain: true),
            ("POST", "/v1/authorization-token") => AuthorizationTokenAsync(context),
            ("GET", "/v1/repository/endpoint") => RepositoryEndpointAsync(context),
            ("POST", "/v1/package/version/publish") => PublishAsync(context),
            ("POST", "/v1/packages") => ListPackagesAsync(context),
            ("GET", "/v1/package") => WriteAsync(context, json => Wrap(json, "package", w => PackageDescription(w, service.DescribePackage(Coordinate(context))))),
            ("POST", "/v1/package") => PutOriginConfigurationAsync(context),
            ("POST", "/v1/package/versions") => ListVersionsAsync(context),
            ("GET", "/v1/package/version") => WriteAsync(context, json => Wrap(json, "packageVersion", w => WireJson.VersionDescription(w, service.DescribePackageVersion(Coordinate(context), Version(context))))),
            ("POST", "/v1/package/version/assets") => ListAssetsAsync(context),
            ("GET", "/v1/package/version/asset") => GetAssetAsync(context),
            ("POST", "/v1/package/versions/update_status") => UpdateStatusAsync(context),
            ("POST", "/v1/package/versions/delete") => BatchAsync(context, (c, body) => service.DeletePackageVersions(c, Versions(body), String(body, "expectedStatus"))),
            ("POST", "/v1/package/versions/dispose") => BatchAsync(context, (c, body) => service.DisposePackageVersions(c, Versions(body), Map(body, "versionRevisions"), String(body, "expectedStatus"))),
            ("DELETE", "/v1/domain") => WriteAsync(context, json => Wrap(json, "domain", w => WireJson.Domain(w, service.DeleteDomain(Req(context, "domain"), Q(context, "domain-owner")), false))),
            ("DELETE", "/v1/repository") => WriteAsync(context, json => Wrap(json, "repository", w => WireJson.Repository(w,
                service.DeleteRepository(Req(context, "domain"), Q(context, "domain-owner"), Req(context, "repository")), false))),
            ("DELETE", "/v1/repository/external-connection") => WriteAsync(context, json => Wrap(json, "repository", w => WireJson.Repository(w,
                service.DisassociateExternalConnection(Req(context, "domain"), Q(context, "domain-owner"), Req(context, "repository"), Req(context, "external-connection")), false))),
            ("DELETE", "/v1/package") => WriteAsync(context, json => Wrap(json, "deletedPackage", w => PackageSummary(w, service.DeletePackage(Coordinate(context))))),
            ("GET", "/v1/package/version/readme") => ReadmeAsync(context),
            ("POST", "/v1/package/version/dependencies") => DependenciesAsync(context),
            ("POST", "/v1/package/versions/copy") => CopyPackageVersionsHandler.HandleAsync(context, service),
            ("POST", "/v1/package-group") => PackageGroupHandlers.CreateAsync(context, service),
            ("GET", "/v1/package-group") => PackageGroupHandlers.DescribeAsync(context, service),
            ("PUT", "/v1/package-group") => PackageGroupHandlers.UpdateAsync(context, service),
            ("DELETE", "/v1/package-group") => PackageGroupHandlers.DeleteAsync(context, service),
            ("POST", "/v1/package-groups") => PackageGroupHandlers.ListAsync(context, service),
            ("PUT", "/v1/package-group-origin-configuration") => PackageGroupHandlers.UpdateOriginConfigurationAsync(context, service),
            ("GET", "/v1/get-associated-package-group") => PackageGroupHandlers.GetAssociatedAsync(context, service),
            ("GET", "/v1/package-group-allowed-repositories") => PackageGroupHandlers.ListAllowedRepositoriesAsync(context, service),
            ("POST", "/v1/package-groups/sub-groups") => PackageGroupHandlers.ListSubGroupsAsync(context, service),
            ("GET", "/v1/list-associated-packages") => PackageGroupHandlers.ListAssociatedPackagesAsync(context, service),
            _ when (ResourcePolicyHandlers.Route(context, service) ?? TagHandlers.Route(context, service)) is { } handled => handled,
            _ => throw new CodeArtifactException("UnknownOperationException", HttpStatusCode.NotFound,
                $"The local CodeArtifact endpoint does not implement {request.Method} {request.Path}", reason: "UNKNOWN_OPERATION"),
        };
    }

    // ---------------------------------------------------------------- operations

    private async Task CreateDomainAsync(HttpContext context, CallerIdentity caller)
    {
        var body = await ReadJsonAsync(context);
        var domain = service.CreateDomain(caller.AccountId, Req(context, "domain"), String(body, "encryptionKey"), TagHandlers.Tags(body));
        await WriteAsync(context, json => Wrap(json, "domain", w => WireJson.Domain(w, domain, false)));
    }

    private async Task ListDomainsAsync(HttpContext context)
    {
        var body = await ReadJsonAsync(context);
        int? max = body is { ValueKind: JsonValueKind.Object } b && b.TryGetProperty("maxResults", out var m) && m.ValueKind != JsonValueKind.Null
            ? m.ValueKind == JsonValueKind.Number && m.TryGetInt32(out var n) ? n : throw WrongType("maxResults", "an integer", m)
            : null;
        var page = service.ListDomains(max, String(body, "nextToken"));
        await WriteAsync(context, json => ListBody(json, "domains", page, (w, d) => WireJson.Domain(w, d, true)));
    }

    private async Task CreateRepositoryAsync(HttpContext context)
    {
        var body = await ReadJsonAsync(context);
        var repository = service.CreateRepository(Req(context, "domain"), Q(context, "domain-owner"), Req(context, "repository"), String(body, "description"), Upstreams(body), TagHandlers.Tags(body));
        await WriteAsync(context, json => Wrap(json, "repository", w => WireJson.Repository(w, repository, false)));
    }

    private async Task UpdateRepositoryAsync(HttpContext context)
    {
        var body = await ReadJsonAsync(context);
        var repository = service.UpdateRepository(Req(context, "domain"), Q(context, "domain-owner"), Req(context, "repository"), String(body, "description"), Upstreams(body));
        await WriteAsync(context, json => Wrap(json, "repository", w => WireJson.Repository(w, repository, false)));
    }

    private Task ListRepositoriesAsync(HttpContext context, bool inDomain)
    {
        var page = service.ListRepositories(
            inDomain ? Req(context, "domain") : null,
            Q(context, "domain-owner"),
            Q(context, "repository-prefix"),
            Int(context, "max-results"),
            Q(context, "next-token"));
        return WriteAsync(context, json => ListBody(json, "repositories", page, (w, r) => WireJson.Repository(w, r, true)));
    }

    private Task AuthorizationTokenAsync(HttpContext context)
    {
        var domain = service.DescribeDomain(Req(context, "domain"), Q(context, "domain-owner"));
        var duration = Q(context, "duration") is { } text
            ? long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) ? seconds : throw CodeArtifactException.Validation($"duration must be a whole number of seconds, not '{text}'")
            : (long?)null;
        var (token, expiration) = tokens.Issue(domain.Name, domain.Owner, duration);
        return WriteAsync(context, json =>
        {
            json.WriteStartObject();
            json.WriteString("authorizationToken", token);
            json.WriteNumber("expiration", expiration.ToUnixTimeSeconds());
            json.WriteEndObject();
        });
    }

    private Task RepositoryEndpointAsync(HttpContext context)
    {
        var format = InputRules.Format(Q(context, "format"));
        if (Q(context, "endpointType") is { } endpointType)
        {
            InputRules.Enum(endpointType, "endpointType", ["dualstack", "ipv4"]);
        }

        var repository = service.RequireRepository(Req(context, "domain"), Q(context, "domain-owner"), Req(context, "repository"));
        var url = RepositoryEndpoints.For(baseUri(), format, repository.DomainName, repository.DomainOwner, repository.Name);
        return WriteAsync(context, json =>
        {
            json.WriteStartObject();
            json.WriteString("repositoryEndpoint", url);
            json.WriteEndObject();
        });
    }

    private async Task PublishAsync(HttpContext context)
    {
        var coordinate = Coordinate(context);
        if (coordinate.Format != "generic")
        {
            throw CodeArtifactException.Validation(
                $"PublishPackageVersion supports only the generic format, not {coordinate.Format}; publish {coordinate.Format} packages with their package manager");
        }

        if (coordinate.Namespace is null)
        {
            throw CodeArtifactException.Validation("namespace is required for generic packages; pass --namespace");
        }

        var version = Version(context);
        InputRules.PublishTarget(coordinate.Namespace, coordinate.Package, version);
        var assetName = InputRules.GenericAssetName(Q(context, "asset"), "assetName");
        var declared = InputRules.Sha256(context.Request.Headers["x-amz-content-sha256"].FirstOrDefault() is { Length: > 0 } h ? h : null);
        var unfinished = Q(context, "unfinished") switch
        {
            null or "false" => false,
            "true" => true,
            var other => throw CodeArtifactException.Validation($"unfinished must be true or false, not '{other}'"),
        };
        service.CheckPublishAllowed(coordinate, version, assetName);
        AssetHashes hashes;
        try
        {
            hashes = await blobs.PutAsync(context.Request.Body, declared, context.RequestAborted);
        }
        catch (BlobHashMismatchException mismatch)
        {
            throw HashMismatch(mismatch.ExpectedSha256, mismatch.ActualSha256);
        }

        var result = service.CommitPublish(coordinate, version, assetName, hashes, unfinished);
        await WriteAsync(context, json =>
        {
            json.WriteStartObject();
            WireJson.PackageCoordinates(json, result.Version.Format, result.Version.Namespace, result.Version.Package, result.Version.Version, result.Version.Revision);
            json.WriteString("status", result.Version.Status);
            json.WritePropertyName("asset");
            WireJson.Asset(json, result.Asset);
            json.WriteEndObject();
        });
    }

    private Task ListPackagesAsync(HttpContext context)
    {
        var format = Q(context, "format") is { } f ? InputRules.Format(f) : null;
        var page = service.ListPackages(
            Req(context, "domain"),
            Q(context, "domain-owner"),
            Req(context, "repository"),
            format,
            InputRules.OptionalCoordinate(Q(context, "namespace"), "namespace"),
            InputRules.OptionalCoordinate(Q(context, "package-prefix"), "packagePrefix"),
            Q(context, "publish"),
            Q(context, "upstream"),
            Int(context, "max-results"),
            Q(context, "next-token"));
        return WriteAsync(context, json => ListBody(json, "packages", page, PackageSummary));
    }

    /// <summary>The model's PackageSummary: ListPackages' items and DeletePackage's deletedPackage.</summary>
    private static void PackageSummary(Utf8JsonWriter json, PackageView p)
    {
        json.WriteStartObject();
        json.WriteString("format", p.Format);
        if (p.Namespace is not null)
        {
            json.WriteString("namespace", p.Namespace);
        }

        json.WriteString("package", p.Name);
        json.WritePropertyName("originConfiguration");
        WireJson.OriginConfiguration(json, p);
        json.WriteEndObject();
    }

    private async Task PutOriginConfigurationAsync(HttpContext context)
    {
        var body = await ReadJsonAsync(context);
        if (body is not { } b || !b.TryGetProperty("restrictions", out var restrictions) || restrictions.ValueKind != JsonValueKind.Object)
        {
            throw InputRules.Missing("restrictions");
        }

        var package = service.PutPackageOriginConfiguration(Coordinate(context), String(restrictions, "publish")!, String(restrictions, "upstream")!);
        await WriteAsync(context, json => Wrap(json, "originConfiguration", w => WireJson.OriginConfiguration(w, package)));
    }

    private Task ListVersionsAsync(HttpContext context)
    {
        var status = Q(context, "status") is { } s ? InputRules.Enum(s, "status", InputRules.Statuses) : null;
        var origin = Q(context, "originType") is { } o ? InputRules.Enum(o, "originType", ["INTERNAL", "EXTERNAL", "UNKNOWN"]) : null;
        var sortBy = Q(context, "sortBy") is { } sort ? InputRules.Enum(sort, "sortBy", ["PUBLISHED_TIME"]) : null;
        var list = service.ListPackageVersions(Coordinate(context), status, origin, Int(context, "max-results"), Q(context, "next-token"), sortBy);
        return WriteAsync(context, json =>
        {
            json.WriteStartObject();
            if (list.DefaultDisplayVersion is not null)
            {
                json.WriteString("defaultDisplayVersion", list.DefaultDisplayVersion);
            }

            json.WriteString("format", list.Format);
            if (list.Namespace is not null)
            {
                json.WriteString("namespace", list.Namespace);
            }

            json.WriteString("package", list.Package);
            json.WriteStartArray("versions");
            foreach (var version in list.Versions)
            {
                WireJson.VersionSummary(json, version);
            }

            json.WriteEndArray();
            if (list.NextToken is not null)
            {
                json.WriteString("nextToken", list.NextToken);
            }

            json.WriteEndObject();
        });
    }

    private Task ListAssetsAsync(HttpContext context)
    {
        var (version, page) = service.ListPackageVersionAssets(Coordinate(context), Version(context), Int(context, "max-results"), Q(context, "next-token"));
        return WriteAsync(context, json =>
        {
            json.WriteStartObject();
            WireJson.PackageCoordinates(json, version.Format, version.Namespace, version.Package, version.Version, version.Revision);
            if (page.NextToken is not null)
            {
                json.WriteString("nextToken", page.NextToken);
            }

            json.WriteStartArray("assets");
            foreach (var asset in page.Items)
            {
                WireJson.Asset(json, asset);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private async Task GetAssetAsync(HttpContext context)
    {
        var coordinate = Coordinate(context);
        var (version, asset) = service.ResolveAsset(coordinate, Version(context), InputRules.AssetName(Q(context, "asset"), "asset"), Q(context, "revision"));
        await using var source = blobs.OpenRead(asset.Hashes.Sha256);
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "application/octet-stream";
        response.ContentLength = source.Length;
        response.Headers["X-AssetName"] = InputRules.ResponseHeader(asset.Name);
        response.Headers["X-PackageVersion"] = InputRules.ResponseHeader(version.Version);
        response.Headers["X-PackageVersionRevision"] = version.Revision;
        await FaultyDownloadWriter.CopyAsync(source, context, faults.DownloadFault(source.Length), context.RequestAborted);
    }

    private Task ReadmeAsync(HttpContext context)
    {
        var (version, readme) = service.GetPackageVersionReadme(Coordinate(context), Version(context));
        return WriteAsync(context, json =>
        {
            json.WriteStartObject();
            WireJson.PackageCoordinates(json, version.Format, version.Namespace, version.Package, version.Version, version.Revision);
            json.WriteString("readme", readme);
            json.WriteEndObject();
        });
    }

    private Task DependenciesAsync(HttpContext context)
    {
        var (version, page) = service.ListPackageVersionDependencies(Coordinate(context), Version(context), Q(context, "next-token"));
        return WriteAsync(context, json =>
        {
            json.WriteStartObject();
            WireJson.PackageCoordinates(json, version.Format, version.Namespace, version.Package, version.Version, version.Revision);
            if (page.NextToken is not null)
            {
                json.WriteString("nextToken", page.NextToken);
            }

            json.WriteStartArray("dependencies");
            foreach (var dependency in page.Items)
            {
                json.WriteStartObject();
                if (dependency.Namespace is not null)
                {
                    json.WriteString("namespace", dependency.Namespace);
                }

                json.WriteString("package", dependency.Package);
                json.WriteString("dependencyType", dependency.DependencyType);
                if (dependency.VersionRequirement is not null)
                {
                    json.WriteString("versionRequirement", dependency.VersionRequirement);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private async Task UpdateStatusAsync(HttpContext context)
    {
        await BatchAsync(context, (c, body) => service.UpdatePackageVersionsStatus(
            c,
            Versions(body),
            Map(body, "versionRevisions"),
            String(body, "expectedStatus"),
            String(body, "targetStatus") ?? throw InputRules.Missing("targetStatus")));
    }

    private static async Task BatchAsync(HttpContext context, Func<PackageCoordinate, JsonElement?, BatchResult> run)
    {
        var coordinate = Coordinate(context);
        var body = await ReadJsonAsync(context);
        var result = run(coordinate, body);
        await WriteAsync(context, json => WireJson.Batch(json, result));
    }

    // ---------------------------------------------------------------- input helpers (the rest are RestJsonIo)

    private static List<string>? Upstreams(JsonElement? body)
    {
        if (body is not { ValueKind: JsonValueKind.Object } b || !b.TryGetProperty("upstreams", out var upstreams) || upstreams.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        return upstreams.EnumerateArray().Select(u => String(u, "repositoryName") ?? throw InputRules.Missing("upstreams.repositoryName")).ToList();
    }

    // ---------------------------------------------------------------- output helpers (the rest are RestJsonIo)

    private static void PackageDescription(Utf8JsonWriter json, PackageView p)
    {
        json.WriteStartObject();
        json.WriteString("format", p.Format);
        if (p.Namespace is not null)
        {
            json.WriteString("namespace", p.Namespace);
        }

        json.WriteString("name", p.Name);
        json.WritePropertyName("originConfiguration");
        WireJson.OriginConfiguration(json, p);
        json.WriteEndObject();
    }

    private static CodeArtifactException HashMismatch(string expected, string calculated) =>
        CodeArtifactException.Validation(
            $"The provided content hashes do not match the calculated content hashes. Hash algorithm 'SHA-256', Expected hash '{expected}', Calculated hash '{calculated}'");

    private static Task WriteErrorAsync(HttpContext context, CodeArtifactException error)
    {
        var members = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["resourceId"] = error.ResourceId,
            ["resourceType"] = error.ResourceType,
            ["reason"] = error.Reason,
        };
        return RestJsonErrors.WriteAsync(context, new AwsError(error.Status, error.ErrorCode, error.Message), members);
    }
}
