using System.Globalization;
using System.Text.Json;

namespace Governance.Core.Events;

/// <summary>Thrown inside the parsers only, to unwind to the single place that turns it into a result.</summary>
internal sealed class EventFieldException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>
/// Strict field readers over <see cref="JsonElement"/>: each names the JSON path of the field it reads, so a
/// missing or mistyped field produces an error a person can act on.
/// </summary>
internal readonly struct JsonFields(JsonElement element, string path)
{
    public string Path => path;

    public static JsonFields Root(JsonElement element, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new EventFieldException("$", $"{what} must be a JSON object, found {Describe(element.ValueKind)}");
        }
        return new JsonFields(element, "$");
    }

    public string RequiredString(string name)
    {
        var value = Required(name, JsonValueKind.String, "a string");
        var text = Text(value, PathOf(name));
        if (text.Length == 0)
        {
            throw new EventFieldException(PathOf(name), "must not be empty");
        }
        return text;
    }

    public string? OptionalString(string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new EventFieldException(PathOf(name), $"must be a string or null, found {Describe(value.ValueKind)}");
        }
        return Text(value, PathOf(name));
    }

    /// <summary>A field that must be present but may be null (packageNamespace).</summary>
    public string? RequiredNullableString(string name)
    {
        if (!element.TryGetProperty(name, out _))
        {
            throw new EventFieldException(PathOf(name), "is missing (it may be null, but must be present)");
        }
        return OptionalString(name);
    }

    public int RequiredInt(string name)
    {
        var value = Required(name, JsonValueKind.Number, "an integer");
        if (!value.TryGetInt32(out var number) || number < 0)
        {
            throw new EventFieldException(PathOf(name), $"must be a non-negative integer, found {value.GetRawText()}");
        }
        return number;
    }

    public long RequiredLong(string name)
    {
        var value = Required(name, JsonValueKind.Number, "an integer");
        if (!value.TryGetInt64(out var number) || number < 0)
        {
            throw new EventFieldException(PathOf(name), $"must be a non-negative integer, found {value.GetRawText()}");
        }
        return number;
    }

    public bool RequiredBool(string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            throw new EventFieldException(PathOf(name), "is missing (expected true or false)");
        }
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new EventFieldException(PathOf(name), $"must be true or false, found {Describe(value.ValueKind)}"),
        };
    }

    public DateTimeOffset RequiredTimestamp(string name)
    {
        var text = RequiredString(name);
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            throw new EventFieldException(PathOf(name), $"must be an ISO-8601 timestamp (2025-11-25T21:46:34Z), found '{text}'");
        }
        return time;
    }

    public TEnum RequiredEnum<TEnum>(string name)
        where TEnum : struct, Enum
    {
        var text = RequiredString(name);
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(candidate.ToString(), text, StringComparison.Ordinal))
            {
                return candidate;
            }
        }
        throw new EventFieldException(PathOf(name), $"'{text}' is not one of {string.Join(", ", Enum.GetNames<TEnum>())}");
    }

    public JsonFields RequiredObject(string name) => new(Required(name, JsonValueKind.Object, "an object"), PathOf(name));

    public JsonElement RequiredArray(string name) => Required(name, JsonValueKind.Array, "an array");

    public JsonElement? OptionalObject(string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    public string PathOf(string name) => $"{path}.{name}";

    /// <summary>
    /// The text of a JSON string. A string holding a lone UTF-16 surrogate (<c>"\ud800"</c>) is not text: it is
    /// reported against <paramref name="fieldPath"/> instead of escaping as an exception that would fail the batch.
    /// </summary>
    public static string Text(JsonElement value, string fieldPath)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new EventFieldException(fieldPath, "is not valid Unicode text (it holds a lone UTF-16 surrogate such as \\ud800)");
        }
    }

    /// <summary>A property's name; a name holding a lone UTF-16 surrogate is reported against <paramref name="fieldPath"/>.</summary>
    public static string PropertyName(JsonProperty property, string fieldPath)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            throw new EventFieldException(fieldPath, "has a key that is not valid Unicode text (it holds a lone UTF-16 surrogate such as \\ud800)");
        }
    }

    /// <summary>
    /// Rewrites each lone UTF-16 surrogate in raw JSON text as its <c>\uXXXX</c> escape, which inside a JSON string
    /// denotes the same code unit. The text can then be parsed (a raw lone surrogate cannot be transcoded to UTF-8, which
    /// would fail the whole document) and the string holding it fails alone, naming its field. A surrogate right after
    /// an escaping backslash is left as it is: that text is invalid JSON either way.
    /// </summary>
    public static string EscapeLoneSurrogates(string json)
    {
        var first = -1;
        for (var i = 0; i < json.Length; i++)
        {
            if (IsLoneSurrogate(json, i))
            {
                first = i;
                break;
            }
            if (char.IsHighSurrogate(json[i]))
            {
                i++;
            }
        }
        if (first < 0)
        {
            return json;
        }
        var builder = new System.Text.StringBuilder(json.Length + 16);
        builder.Append(json, 0, first);
        var backslashes = 0;
        for (var i = first - 1; i >= 0 && json[i] == '\\'; i--)
        {
            backslashes++;
        }
        for (var i = first; i < json.Length; i++)
        {
            var c = json[i];
            if (IsLoneSurrogate(json, i) && backslashes % 2 == 0)
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
                if (char.IsHighSurrogate(c) && i + 1 < json.Length && char.IsLowSurrogate(json[i + 1]))
                {
                    builder.Append(json[++i]);
                }
            }
            backslashes = c == '\\' ? backslashes + 1 : 0;
        }
        return builder.ToString();
    }

    private static bool IsLoneSurrogate(string text, int i) =>
        char.IsHighSurrogate(text[i]) ? i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])
        : char.IsLowSurrogate(text[i]) && (i == 0 || !char.IsHighSurrogate(text[i - 1]));

    /// <summary>Like <see cref="Text"/>, but null when the string is not valid Unicode text (for optional, advisory fields).</summary>
    public static string? TextOrNull(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private JsonElement Required(string name, JsonValueKind kind, string expected)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            throw new EventFieldException(PathOf(name), $"is missing (expected {expected})");
        }
        if (value.ValueKind != kind)
        {
            throw new EventFieldException(PathOf(name), $"must be {expected}, found {Describe(value.ValueKind)}");
        }
        return value;
    }

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
