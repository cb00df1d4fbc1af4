using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Governance.Local.CodeArtifact;

/// <summary>
/// The restJson1 request and response plumbing every CodeArtifact handler shares: query-string members under their
/// wire names, JSON body members with the model's types (a wrong type is a SerializationException, as on AWS),
/// and the JSON writers.
/// </summary>
internal static class RestJsonIo
{
    // ---------------------------------------------------------------- input helpers

    internal static string? Q(HttpContext context, string name) =>
        context.Request.Query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    internal static string Req(HttpContext context, string name) => Q(context, name) ?? throw InputRules.Missing(name);

    internal static int? Int(HttpContext context, string name)
    {
        var text = Q(context, name);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw CodeArtifactException.Validation($"{name} must be an integer, not '{text}'");
    }

    internal static PackageCoordinate Coordinate(HttpContext context) => new(
        InputRules.Domain(Q(context, "domain")),
        InputRules.OptionalAccount(Q(context, "domain-owner")),
        InputRules.Repository(Q(context, "repository")),
        InputRules.Format(Q(context, "format")),
        InputRules.OptionalCoordinate(Q(context, "namespace"), "namespace"),
        InputRules.Coordinate(Q(context, "package"), "package"));

    internal static string Version(HttpContext context) => InputRules.Coordinate(Q(context, "version"), "packageVersion");

    internal static async Task<JsonElement?> ReadJsonAsync(HttpContext context)
    {
        if (context.Request.ContentLength == 0)
        {
            return null;
        }

        using var document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
        return document.RootElement.ValueKind switch
        {
            JsonValueKind.Undefined or JsonValueKind.Null => null,
            JsonValueKind.Object => document.RootElement.Clone(),
            _ => throw WrongType("the request body", "a JSON object", document.RootElement),
        };
    }

    internal static string? String(JsonElement? body, string name) =>
        body is { ValueKind: JsonValueKind.Object } b && b.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : throw WrongType(name, "a string", value)
            : null;

    internal static List<string> Versions(JsonElement? body)
    {
        if (body is not { ValueKind: JsonValueKind.Object } b || !b.TryGetProperty("versions", out var versions) || versions.ValueKind != JsonValueKind.Array)
        {
            throw InputRules.Missing("versions");
        }

        return versions.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : throw WrongType("versions[]", "a string", v)).ToList();
    }

    internal static Dictionary<string, string>? Map(JsonElement? body, string name)
    {
        if (body is not { ValueKind: JsonValueKind.Object } b || !b.TryGetProperty(name, out var map) || map.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return map.EnumerateObject().ToDictionary(
            p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw WrongType($"{name}.{p.Name}", "a string", p.Value), StringComparer.Ordinal);
    }

    // ---------------------------------------------------------------- output helpers

    internal static async Task WriteAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = buffer.Length;
        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
    }

    internal static void Wrap(Utf8JsonWriter json, string name, Action<Utf8JsonWriter> inner)
    {
        json.WriteStartObject();
        json.WritePropertyName(name);
        inner(json);
        json.WriteEndObject();
    }

    internal static void ListBody<T>(Utf8JsonWriter json, string name, Page<T> page, Action<Utf8JsonWriter, T> item)
    {
        json.WriteStartObject();
        json.WriteStartArray(name);
        foreach (var entry in page.Items)
        {
            item(json, entry);
        }

        json.WriteEndArray();
        if (page.NextToken is not null)
        {
            json.WriteString("nextToken", page.NextToken);
        }

        json.WriteEndObject();
    }

    internal static CodeArtifactException Serialization(string message) =>
        new("SerializationException", HttpStatusCode.BadRequest, message);

    /// <summary>A body member of the wrong JSON type: AWS's JSON deserializer refuses it as it refuses unparsable JSON.</summary>
    internal static CodeArtifactException WrongType(string member, string expected, JsonElement found) =>
        Serialization($"Cannot deserialize '{member}': expected {expected}, found a JSON {found.ValueKind.ToString().ToLowerInvariant()}");

    internal static bool? Bool(JsonElement? body, string name) =>
        body is { ValueKind: JsonValueKind.Object } b && b.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw WrongType(name, "a boolean", value),
            }
            : null;
}
