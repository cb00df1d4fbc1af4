using System.Text.Json;
using Microsoft.AspNetCore.Http;
using static Governance.Local.CodeArtifact.RestJsonIo;

namespace Governance.Local.CodeArtifact;

/// <summary>The restJson1 binding of CopyPackageVersions (<c>POST /v1/package/versions/copy</c>).</summary>
internal static class CopyPackageVersionsHandler
{
    public static async Task HandleAsync(HttpContext context, CodeArtifactService service)
    {
        var source = new PackageCoordinate(
            InputRules.Domain(Q(context, "domain")),
            InputRules.OptionalAccount(Q(context, "domain-owner")),
            InputRules.Repository(Q(context, "source-repository"), "sourceRepository"),
            InputRules.Format(Q(context, "format")),
            InputRules.OptionalCoordinate(Q(context, "namespace"), "namespace"),
            InputRules.Coordinate(Q(context, "package"), "package"));
        var destination = InputRules.Repository(Q(context, "destination-repository"), "destinationRepository");
        var body = await ReadJsonAsync(context);
        var request = new CopyRequest(
            source,
            destination,
            OptionalVersions(body),
            Map(body, "versionRevisions"),
            Bool(body, "allowOverwrite") ?? false,
            Bool(body, "includeFromUpstream") ?? false);
        var result = service.CopyPackageVersions(request);
        await WriteAsync(context, json => WireJson.Batch(json, result));
    }

    private static List<string>? OptionalVersions(JsonElement? body)
    {
        if (body is not { ValueKind: JsonValueKind.Object } b || !b.TryGetProperty("versions", out var versions) || versions.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return versions.ValueKind == JsonValueKind.Array
            ? versions.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : throw WrongType("versions[]", "a string", v)).ToList()
            : throw WrongType("versions", "a list", versions);
    }
}
