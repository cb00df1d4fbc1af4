using System.Text.Json;

namespace Governance.Local.Slack;

/// <summary>
/// A minimal Block Kit check, enough to catch what Slack rejects most often: at most 50 blocks, known block types,
/// text objects of type plain_text/mrkdwn, section text ≤ 3000 characters (fields ≤ 10, each ≤ 2000), header text
/// plain_text ≤ 150, context elements ≤ 10, actions elements ≤ 25, block_id ≤ 255. Returns null when valid, else the
/// reason (Slack's own answer is just <c>invalid_blocks</c>; the reason goes to the capture log).
/// </summary>
public static class BlockKitValidator
{
    public const int MaxBlocks = 50;
    public const int MaxSectionText = 3000;
    public const int MaxHeaderText = 150;

    private static readonly HashSet<string> KnownTypes = new(StringComparer.Ordinal)
    {
        "section", "header", "divider", "context", "actions", "image", "rich_text", "input", "file", "video", "markdown", "call",
    };

    public static string? Validate(JsonElement blocks)
    {
        if (blocks.ValueKind != JsonValueKind.Array)
        {
            return "blocks must be an array";
        }

        var count = blocks.GetArrayLength();
        if (count > MaxBlocks)
        {
            return $"too many blocks: {count} (at most {MaxBlocks})";
        }

        var index = 0;
        foreach (var block in blocks.EnumerateArray())
        {
            var problem = ValidateBlock(block);
            if (problem is not null)
            {
                return $"blocks[{index}]: {problem}";
            }

            index++;
        }

        return null;
    }

    private static string? ValidateBlock(JsonElement block)
    {
        if (block.ValueKind != JsonValueKind.Object)
        {
            return "a block must be an object";
        }

        if (!block.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            return "missing type";
        }

        var type = typeElement.GetString()!;
        if (!KnownTypes.Contains(type))
        {
            return $"unknown block type '{type}'";
        }

        if (block.TryGetProperty("block_id", out var blockId) && (blockId.ValueKind != JsonValueKind.String || blockId.GetString()!.Length > 255))
        {
            return "block_id must be a string of at most 255 characters";
        }

        return type switch
        {
            "header" => block.TryGetProperty("text", out var header)
                ? TextObject(header, MaxHeaderText, plainOnly: true, "header text")
                : "header needs text",
            "section" => Section(block),
            "context" => Elements(block, 10, "context", element =>
                element.TryGetProperty("type", out var t) && t.GetString() is "plain_text" or "mrkdwn"
                    ? TextObject(element, MaxSectionText, plainOnly: false, "context text")
                    : null),
            "actions" => Elements(block, 25, "actions", _ => null),
            "image" => (block.TryGetProperty("image_url", out _) || block.TryGetProperty("slack_file", out _))
                       && block.TryGetProperty("alt_text", out var alt) && alt.ValueKind == JsonValueKind.String && alt.GetString()!.Length <= 2000
                ? null
                : "image needs image_url (or slack_file) and alt_text of at most 2000 characters",
            "markdown" => block.TryGetProperty("text", out var md) && md.ValueKind == JsonValueKind.String && md.GetString()!.Length <= 12000
                ? null
                : "markdown needs text (a string of at most 12000 characters)",
            "rich_text" => block.TryGetProperty("elements", out var rich) && rich.ValueKind == JsonValueKind.Array ? null : "rich_text needs elements",
            _ => null,
        };
    }

    private static string? Section(JsonElement block)
    {
        var hasText = block.TryGetProperty("text", out var text);
        var hasFields = block.TryGetProperty("fields", out var fields);
        if (!hasText && !hasFields)
        {
            return "section needs text or fields";
        }

        if (hasText)
        {
            var problem = TextObject(text, MaxSectionText, plainOnly: false, "section text");
            if (problem is not null)
            {
                return problem;
            }
        }

        if (hasFields)
        {
            if (fields.ValueKind != JsonValueKind.Array || fields.GetArrayLength() is 0 or > 10)
            {
                return "section fields must be an array of 1 to 10 text objects";
            }

            foreach (var field in fields.EnumerateArray())
            {
                var problem = TextObject(field, 2000, plainOnly: false, "section field");
                if (problem is not null)
                {
                    return problem;
                }
            }
        }

        return null;
    }

    private static string? Elements(JsonElement block, int max, string name, Func<JsonElement, string?> check)
    {
        if (!block.TryGetProperty("elements", out var elements) || elements.ValueKind != JsonValueKind.Array || elements.GetArrayLength() is 0)
        {
            return $"{name} needs a non-empty elements array";
        }

        if (elements.GetArrayLength() > max)
        {
            return $"{name} has {elements.GetArrayLength()} elements (at most {max})";
        }

        foreach (var element in elements.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                return $"{name} elements must be objects";
            }

            var problem = check(element);
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? TextObject(JsonElement text, int maxLength, bool plainOnly, string what)
    {
        if (text.ValueKind != JsonValueKind.Object
            || !text.TryGetProperty("type", out var type)
            || !text.TryGetProperty("text", out var value)
            || value.ValueKind != JsonValueKind.String)
        {
            return $"{what} must be a text object {{\"type\":\"plain_text\"|\"mrkdwn\",\"text\":\"...\"}}";
        }

        var typeName = type.GetString();
        if (plainOnly ? typeName != "plain_text" : typeName is not ("plain_text" or "mrkdwn"))
        {
            return $"{what} has type '{typeName}' (allowed: {(plainOnly ? "plain_text" : "plain_text, mrkdwn")})";
        }

        var length = value.GetString()!.Length;
        if (length == 0 || length > maxLength)
        {
            return $"{what} is {length} characters long (1 to {maxLength} allowed)";
        }

        return null;
    }
}
