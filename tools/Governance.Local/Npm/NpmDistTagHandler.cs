using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Governance.Local.CodeArtifact;
using Microsoft.AspNetCore.Http;

namespace Governance.Local.Npm;

/// <summary>
/// The npm registry's dist-tag endpoints, which <c>npm dist-tag ls/add/rm</c> call: <c>GET /-/package/{name}/dist-tags</c>
/// (the tags as one JSON object), <c>PUT /-/package/{name}/dist-tags/{tag}</c> with the version as a JSON string,
/// and <c>DELETE /-/package/{name}/dist-tags/{tag}</c>. The tags listed are the packument's: the repository's merged
/// with its upstream repositories' (user guide, "npm tag handling"), those naming a version the packument lists, with
/// <c>latest</c> falling back to the last listed version. Adding and removing change the repository's own tags only.
/// </summary>
public static class NpmDistTagHandler
{
    public const string PathPrefix = "-/package/";

    public static async Task HandleAsync(HttpContext context, CodeArtifactService service, PackageCoordinate coordinate, string? tag)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(service);
        var method = context.Request.Method;
        if (tag is null && HttpMethods.IsGet(method))
        {
            var tags = ListedTags(service, coordinate);
            if (tags.Count == 0)
            {
                await NpmErrors.WriteAsync(context, HttpStatusCode.NotFound, $"Not found: {coordinate.DisplayName}");
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(tags.ToJsonString(), context.RequestAborted);
            return;
        }

        if (tag is null || tag.Length is 0 or > 255 || tag.Any(char.IsControl))
        {
            await NpmErrors.WriteAsync(context, HttpStatusCode.BadRequest, "A dist-tag name must be 1 to 255 characters without control characters");
            return;
        }

        if (HttpMethods.IsPut(method))
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
            if (body.RootElement.ValueKind != JsonValueKind.String || body.RootElement.GetString() is not { Length: > 0 } version)
            {
                await NpmErrors.WriteAsync(context, HttpStatusCode.BadRequest, "The body of a dist-tag PUT must be the version as a JSON string");
                return;
            }

            service.SetNpmDistTag(coordinate, tag, version);
        }
        else if (HttpMethods.IsDelete(method))
        {
            if (tag == "latest")
            {
                // The latest tag is what npm install resolves by default; it is moved with dist-tag add, never removed.
                await NpmErrors.WriteAsync(context, HttpStatusCode.BadRequest, "The latest dist-tag cannot be removed; point it at another version with npm dist-tag add");
                return;
            }

            service.RemoveNpmDistTag(coordinate, tag);
        }
        else
        {
            await NpmErrors.WriteAsync(context, HttpStatusCode.MethodNotAllowed, $"{method} is not supported on dist-tags");
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("{\"ok\":true}", context.RequestAborted);
    }

    private static JsonObject ListedTags(CodeArtifactService service, PackageCoordinate coordinate)
    {
        // The packument's order: the repository's Published versions, then what its upstreams offer that it does not hold.
        var versions = service.NpmVersions(coordinate, out var distTags);
        var listed = versions.Where(v => v.Version.Status == VersionStatus.Published).Select(v => v.Version.Version)
            .Concat(service.ListUpstreamOffers(coordinate).Select(o => o.Version).Where(o => versions.All(v => v.Version.Version != o)))
            .ToList();
        var tags = new JsonObject();
        foreach (var (name, version) in distTags.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (listed.Contains(version, StringComparer.Ordinal))
            {
                tags[name] = version;
            }
        }

        if (!tags.ContainsKey("latest") && listed.Count > 0)
        {
            tags["latest"] = listed[^1];
        }

        return tags;
    }
}

/// <summary>npm-style error bodies (<c>{"error": "..."}</c>), the message escaped as JSON.</summary>
internal static class NpmErrors
{
    public static async Task WriteAsync(HttpContext context, HttpStatusCode status, string message)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("{\"error\":" + JsonSerializer.Serialize(message, NpmJsonContext.Default.String) + "}", context.RequestAborted);
    }
}
