using System.Globalization;
using System.Text.Json;

namespace Governance.Local.Sns;

/// <summary>
/// A subscription filter policy on message attributes (scope <c>MessageAttributes</c>, the default) or on the message
/// body (scope <c>MessageBody</c>). Supported: exact strings and numbers, <c>prefix</c>, <c>suffix</c>,
/// <c>equals-ignore-case</c>, <c>anything-but</c> (value, list or prefix), <c>numeric</c> ranges, <c>exists</c>,
/// and <c>$or</c>. Every key of the policy must match; within a key, any one condition matching is enough.
/// </summary>
public sealed class SnsFilterPolicy
{
    private const int MaxKeys = 5;
    private readonly JsonElement _policy;
    private readonly bool _bodyScope;

    private SnsFilterPolicy(JsonElement policy, bool bodyScope)
    {
        _policy = policy;
        _bodyScope = bodyScope;
    }

    /// <summary>Parses and validates a policy; bad policies raise InvalidParameter naming what is wrong.</summary>
    public static SnsFilterPolicy Parse(string policyJson, string? scope)
    {
        var bodyScope = scope switch
        {
            null or "" or "MessageAttributes" => false,
            "MessageBody" => true,
            _ => throw SnsException.InvalidParameter(
                "Invalid parameter: Attributes Reason: FilterPolicyScope: Invalid value [" + scope + "]. Please use either MessageBody or MessageAttributes"),
        };
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(policyJson);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw SnsException.InvalidParameter("Invalid parameter: FilterPolicy: failed to parse JSON. " + ex.Message);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw SnsException.InvalidParameter("Invalid parameter: FilterPolicy: Filter policy must be a JSON object");
        }

        var keys = CountLeafKeys(root, bodyScope, depth: 0);
        if (keys > MaxKeys)
        {
            throw SnsException.InvalidParameter($"Invalid parameter: FilterPolicy: Filter policy can not have more than {MaxKeys} keys");
        }

        return new SnsFilterPolicy(root, bodyScope);
    }

    public bool Matches(SnsPublishedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_bodyScope)
        {
            try
            {
                using var body = JsonDocument.Parse(message.DefaultMessage);
                return body.RootElement.ValueKind == JsonValueKind.Object && MatchesBody(_policy, body.RootElement);
            }
            catch (JsonException)
            {
                // A body that is not JSON never matches a body-scoped policy (SNS drops the message for that subscriber).
                return false;
            }
        }

        return MatchesAttributes(_policy, message.Attributes);
    }

    private static int CountLeafKeys(JsonElement policy, bool bodyScope, int depth)
    {
        var count = 0;
        foreach (var property in policy.EnumerateObject())
        {
            if (property.Name == "$or")
            {
                if (property.Value.ValueKind != JsonValueKind.Array)
                {
                    throw SnsException.InvalidParameter("Invalid parameter: FilterPolicy: \"$or\" must be an array of objects");
                }

                foreach (var branch in property.Value.EnumerateArray())
                {
                    if (branch.ValueKind != JsonValueKind.Object)
                    {
                        throw SnsException.InvalidParameter("Invalid parameter: FilterPolicy: \"$or\" must be an array of objects");
                    }

                    count = Math.Max(count, CountLeafKeys(branch, bodyScope, depth));
                }

                continue;
            }

            switch (property.Value.ValueKind)
            {
                case JsonValueKind.Array:
                    foreach (var condition in property.Value.EnumerateArray())
                    {
                        ValidateCondition(property.Name, condition);
                    }

                    count++;
                    break;
                case JsonValueKind.Object when bodyScope:
                    count += CountLeafKeys(property.Value, bodyScope, depth + 1);
                    break;
                default:
                    throw SnsException.InvalidParameter(
                        $"Invalid parameter: FilterPolicy: \"{property.Name}\" must be an array of match values"
                        + (bodyScope ? " or a nested object" : " (nested policies need FilterPolicyScope MessageBody)"));
            }
        }

        return count;
    }

    private static void ValidateCondition(string key, JsonElement condition)
    {
        if (condition.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var op in condition.EnumerateObject())
        {
            if (op.Name is not ("prefix" or "suffix" or "anything-but" or "numeric" or "exists" or "equals-ignore-case"))
            {
                throw SnsException.InvalidParameter($"Invalid parameter: FilterPolicy: Unrecognized match type {op.Name} for key \"{key}\"");
            }

            if (op.Name == "numeric")
            {
                ParseNumericRange(key, op.Value);
            }
        }
    }

    private static bool MatchesAttributes(JsonElement policy, IReadOnlyDictionary<string, SnsAttributeValue> attributes)
    {
        foreach (var property in policy.EnumerateObject())
        {
            if (property.Name == "$or")
            {
                if (!property.Value.EnumerateArray().Any(branch => MatchesAttributes(branch, attributes)))
                {
                    return false;
                }

                continue;
            }

            attributes.TryGetValue(property.Name, out var attribute);
            var values = AttributeValues(attribute);
            if (!property.Value.EnumerateArray().Any(condition => ConditionMatches(condition, values, attribute is not null)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool MatchesBody(JsonElement policy, JsonElement body)
    {
        foreach (var property in policy.EnumerateObject())
        {
            if (property.Name == "$or")
            {
                if (!property.Value.EnumerateArray().Any(branch => MatchesBody(branch, body)))
                {
                    return false;
                }

                continue;
            }

            var present = body.TryGetProperty(property.Name, out var value);
            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                if (!present || value.ValueKind != JsonValueKind.Object || !MatchesBody(property.Value, value))
                {
                    return false;
                }

                continue;
            }

            var values = present ? BodyValues(value) : [];
            if (!property.Value.EnumerateArray().Any(condition => ConditionMatches(condition, values, present)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A comparable value: the text, and the number when the value is numeric.</summary>
    private readonly record struct Candidate(string? Text, double? Number);

    private static List<Candidate> AttributeValues(SnsAttributeValue? attribute)
    {
        if (attribute is null || attribute.BaseType == "Binary")
        {
            return [];
        }

        if (attribute.BaseType == "String.Array")
        {
            try
            {
                using var array = JsonDocument.Parse(attribute.StringValue ?? "[]");
                return array.RootElement.ValueKind == JsonValueKind.Array ? BodyValues(array.RootElement) : [];
            }
            catch (JsonException)
            {
                return [];
            }
        }

        var text = attribute.StringValue ?? string.Empty;
        double? number = attribute.BaseType == "Number" && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;
        return [new Candidate(attribute.BaseType == "Number" ? null : text, number)];
    }

    private static List<Candidate> BodyValues(JsonElement value)
    {
        var result = new List<Candidate>();
        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                result.AddRange(BodyValues(item));
            }

            return result;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                result.Add(new Candidate(value.GetString(), null));
                break;
            case JsonValueKind.Number:
                result.Add(new Candidate(null, value.GetDouble()));
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
                result.Add(new Candidate(value.GetRawText(), null));
                break;
            case JsonValueKind.Null:
                result.Add(new Candidate(null, null));
                break;
            default:
                break;
        }

        return result;
    }

    private static bool ConditionMatches(JsonElement condition, List<Candidate> values, bool present)
    {
        switch (condition.ValueKind)
        {
            case JsonValueKind.String:
                var expected = condition.GetString();
                return values.Any(v => v.Text is not null && string.Equals(v.Text, expected, StringComparison.Ordinal));
            case JsonValueKind.Number:
                var number = condition.GetDouble();
                return values.Any(v => v.Number is { } n && Math.Abs(n - number) < 0.000005);
            case JsonValueKind.True:
            case JsonValueKind.False:
                var literal = condition.GetRawText();
                return values.Any(v => v.Text == literal);
            case JsonValueKind.Null:
                return values.Any(v => v.Text is null && v.Number is null);
            case JsonValueKind.Object:
                return OperatorMatches(condition, values, present);
            default:
                return false;
        }
    }

    private static bool OperatorMatches(JsonElement condition, List<Candidate> values, bool present)
    {
        foreach (var op in condition.EnumerateObject())
        {
            var matched = op.Name switch
            {
                "exists" => op.Value.ValueKind == JsonValueKind.True ? present : !present,
                "prefix" => values.Any(v => v.Text is not null && v.Text.StartsWith(op.Value.GetString() ?? string.Empty, StringComparison.Ordinal)),
                "suffix" => values.Any(v => v.Text is not null && v.Text.EndsWith(op.Value.GetString() ?? string.Empty, StringComparison.Ordinal)),
                "equals-ignore-case" => values.Any(v => v.Text is not null && string.Equals(v.Text, op.Value.GetString(), StringComparison.OrdinalIgnoreCase)),
                "numeric" => NumericMatches(op.Value, values),
                "anything-but" => present && values.Count > 0 && !values.Any(v => AnythingButExcludes(op.Value, v)),
                _ => false,
            };
            if (!matched)
            {
                return false;
            }
        }

        return true;
    }

    private static bool AnythingButExcludes(JsonElement excluded, Candidate value)
    {
        switch (excluded.ValueKind)
        {
            case JsonValueKind.Array:
                return excluded.EnumerateArray().Any(e => AnythingButExcludes(e, value));
            case JsonValueKind.Object when excluded.TryGetProperty("prefix", out var prefix):
                return value.Text is not null && value.Text.StartsWith(prefix.GetString() ?? string.Empty, StringComparison.Ordinal);
            case JsonValueKind.String:
                return string.Equals(value.Text, excluded.GetString(), StringComparison.Ordinal);
            case JsonValueKind.Number:
                return value.Number is { } n && Math.Abs(n - excluded.GetDouble()) < 0.000005;
            default:
                return false;
        }
    }

    private static bool NumericMatches(JsonElement range, List<Candidate> values)
    {
        var bounds = ParseNumericRange("numeric", range);
        return values.Any(v => v.Number is { } n && bounds.All(b => b.Operator switch
        {
            "=" => Math.Abs(n - b.Value) < 0.000005,
            "<" => n < b.Value,
            "<=" => n <= b.Value,
            ">" => n > b.Value,
            ">=" => n >= b.Value,
            _ => false,
        }));
    }

    private static List<(string Operator, double Value)> ParseNumericRange(string key, JsonElement range)
    {
        if (range.ValueKind != JsonValueKind.Array || range.GetArrayLength() is not (2 or 4))
        {
            throw SnsException.InvalidParameter($"Invalid parameter: FilterPolicy: numeric match for \"{key}\" must be [op, number] or [op, number, op, number]");
        }

        var items = range.EnumerateArray().ToList();
        var result = new List<(string, double)>();
        for (var i = 0; i < items.Count; i += 2)
        {
            var op = items[i].ValueKind == JsonValueKind.String ? items[i].GetString() : null;
            if (op is not ("=" or "<" or "<=" or ">" or ">=") || items[i + 1].ValueKind != JsonValueKind.Number)
            {
                throw SnsException.InvalidParameter($"Invalid parameter: FilterPolicy: numeric match for \"{key}\" needs an operator (=, <, <=, >, >=) followed by a number");
            }

            result.Add((op, items[i + 1].GetDouble()));
        }

        return result;
    }
}
