using System.Text.Json;
using Microsoft.AspNetCore.Http;
using static Governance.Local.CodeArtifact.RestJsonIo;

namespace Governance.Local.CodeArtifact;

/// <summary>
/// The restJson1 bindings of TagResource, UntagResource and ListTagsForResource (the ARN in the query string, as the
/// model binds <c>resourceArn</c>), and the reader of the model's TagList that the create operations share.
/// </summary>
internal static class TagHandlers
{
    /// <summary>The handler of a tagging request, or null when the request is for another operation.</summary>
    public static Task? Route(HttpContext context, CodeArtifactService service) => (context.Request.Method, context.Request.Path.Value) switch
    {
        ("POST", "/v1/tag") => TagAsync(context, service),
        ("POST", "/v1/untag") => UntagAsync(context, service),
        ("POST", "/v1/tags") => ListAsync(context, service),
        _ => null,
    };

    public static async Task TagAsync(HttpContext context, CodeArtifactService service)
    {
        var body = await ReadJsonAsync(context);
        var tags = Tags(body) ?? throw InputRules.Missing("tags");
        service.TagResource(Q(context, "resourceArn"), tags);
        await WriteAsync(context, EmptyObject);
    }

    public static async Task UntagAsync(HttpContext context, CodeArtifactService service)
    {
        var body = await ReadJsonAsync(context);
        var keys = Strings(body, "tagKeys") ?? throw InputRules.Missing("tagKeys");
        service.UntagResource(Q(context, "resourceArn"), keys);
        await WriteAsync(context, EmptyObject);
    }

    public static Task ListAsync(HttpContext context, CodeArtifactService service)
    {
        var tags = service.ListTagsForResource(Q(context, "resourceArn"));
        return WriteAsync(context, json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("tags");
            foreach (var tag in tags)
            {
                json.WriteStartObject();
                json.WriteString("key", tag.Key);
                json.WriteString("value", tag.Value);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    /// <summary>The body's <c>tags</c> (a list of <c>{key, value}</c>), or null when the member is absent.</summary>
    public static List<ResourceTag>? Tags(JsonElement? body)
    {
        if (body is not { ValueKind: JsonValueKind.Object } b || !b.TryGetProperty("tags", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw WrongType("tags", "a list", list);
        }

        return list.EnumerateArray()
            .Select(item => item.ValueKind == JsonValueKind.Object
                ? new ResourceTag(String(item, "key") ?? throw InputRules.Missing("tags.member.key"), String(item, "value") ?? throw InputRules.Missing("tags.member.value"))
                : throw WrongType("tags[]", "an object", item))
            .ToList();
    }

    private static List<string>? Strings(JsonElement? body, string name)
    {
        if (body is not { ValueKind: JsonValueKind.Object } b || !b.TryGetProperty(name, out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : throw WrongType($"{name}[]", "a string", v)).ToList()
            : throw WrongType(name, "a list", list);
    }

    private static void EmptyObject(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteEndObject();
    }
}
