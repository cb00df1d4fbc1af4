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
        var text = value.GetString()!;
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
        return value.GetString();
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
