using System.Text.Json;
using System.Text.Json.Nodes;

namespace Governance.Deployment.Tests.EventPatterns;

/// <summary>
/// EventBridge event-pattern matching, for the parts of the pattern language our rule uses and their neighbours:
/// exact values (string, number, boolean, null), prefix, suffix, equals-ignore-case, anything-but (values, or a
/// prefix), exists, numeric ranges, nested objects and $or. Semantics as EventBridge documents them: every field of
/// the pattern must match; a field matches when any of its listed values does; an array in the event matches when
/// any element does; a missing field matches only <c>{"exists": false}</c>.
/// </summary>
public static class EventPatternMatcher
{
    public static bool Matches(JsonObject pattern, JsonNode? @event)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return MatchObject(pattern, @event as JsonObject);
    }

    private static bool MatchObject(JsonObject pattern, JsonObject? @event)
    {
        foreach (var (key, rule) in pattern)
        {
            if (key == "$or")
            {
                var alternatives = rule as JsonArray
                    ?? throw new FormatException("$or takes an array of patterns.");
                if (!alternatives.Any(a => MatchObject(a as JsonObject ?? throw new FormatException("$or items are patterns."), @event)))
                {
                    return false;
                }

                continue;
            }

            JsonNode? value = null;
            var present = @event is not null && @event.TryGetPropertyValue(key, out value);
            switch (rule)
            {
                case JsonObject nested:
                    if (!present || value is not JsonObject child || !MatchObject(nested, child))
                    {
                        // A nested pattern whose every leaf is {"exists": false} also matches a missing object.
                        if (!(present && value is JsonObject) && AllowsAbsence(nested))
                        {
                            continue;
                        }

                        return false;
                    }

                    break;
                case JsonArray matchers:
                    if (!MatchLeaf(matchers, present, value))
                    {
                        return false;
                    }

                    break;
                default:
                    throw new FormatException($"Pattern field '{key}' must be an array of matchers or a nested pattern.");
            }
        }

        return true;
    }

    private static bool AllowsAbsence(JsonObject pattern) =>
        pattern.All(p => p.Value switch
        {
            JsonObject nested => AllowsAbsence(nested),
            JsonArray matchers => matchers.Any(m => m is JsonObject o && o.TryGetPropertyValue("exists", out var e) && e?.GetValue<bool>() == false),
            _ => false,
        });

    private static bool MatchLeaf(JsonArray matchers, bool present, JsonNode? value)
    {
        if (!present)
        {
            return matchers.Any(m => m is JsonObject o && o.TryGetPropertyValue("exists", out var e) && e?.GetValue<bool>() == false);
        }

        // An array in the event matches when any of its elements does.
        var candidates = value is JsonArray array ? array.ToList() : [value];
        return matchers.Any(matcher => candidates.Any(candidate => MatchOne(matcher, candidate)));
    }

    private static bool MatchOne(JsonNode? matcher, JsonNode? value)
    {
        if (matcher is not JsonObject content)
        {
            return ScalarEquals(matcher, value);
        }

        if (content.Count != 1)
        {
            throw new FormatException($"A content filter has exactly one operator: {content.ToJsonString()}.");
        }

        var (op, argument) = content.First();
        return op switch
        {
            "exists" => argument!.GetValue<bool>(),
            "prefix" => AsString(value) is { } s && s.StartsWith(argument!.GetValue<string>(), StringComparison.Ordinal),
            "suffix" => AsString(value) is { } s2 && s2.EndsWith(argument!.GetValue<string>(), StringComparison.Ordinal),
            "equals-ignore-case" => AsString(value) is { } s3 && string.Equals(s3, argument!.GetValue<string>(), StringComparison.OrdinalIgnoreCase),
            "anything-but" => AnythingBut(argument, value),
            "numeric" => Numeric(argument as JsonArray ?? throw new FormatException("numeric takes an array."), value),
            _ => throw new NotSupportedException($"The test matcher does not implement '{op}'."),
        };
    }

    private static bool AnythingBut(JsonNode? argument, JsonNode? value) => argument switch
    {
        JsonArray excluded => !excluded.Any(e => ScalarEquals(e, value)),
        JsonObject { Count: 1 } inner when inner.TryGetPropertyValue("prefix", out var prefix) =>
            AsString(value) is not { } s || !s.StartsWith(prefix!.GetValue<string>(), StringComparison.Ordinal),
        JsonObject => throw new NotSupportedException($"The test matcher does not implement anything-but {argument.ToJsonString()}."),
        _ => !ScalarEquals(argument, value),
    };

    private static bool Numeric(JsonArray conditions, JsonNode? value)
    {
        if (value is not JsonValue number || number.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }

        var actual = ToDouble(number);
        if (conditions.Count is 0 || conditions.Count % 2 != 0)
        {
            throw new FormatException("numeric takes operator/value pairs.");
        }

        for (var i = 0; i < conditions.Count; i += 2)
        {
            var bound = ToDouble(conditions[i + 1]!);
            var holds = conditions[i]!.GetValue<string>() switch
            {
                "=" => actual == bound,
                ">" => actual > bound,
                ">=" => actual >= bound,
                "<" => actual < bound,
                "<=" => actual <= bound,
                var other => throw new FormatException($"Unknown numeric operator '{other}'."),
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }

    // Works for numbers parsed from text and for numbers created from long or double values alike.
    private static double ToDouble(JsonNode number) =>
        double.Parse(number.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);

    private static string? AsString(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static bool ScalarEquals(JsonNode? expected, JsonNode? actual)
    {
        if (expected is null || actual is null)
        {
            return expected is null && actual is null;
        }

        var expectedKind = expected.GetValueKind();
        var actualKind = actual.GetValueKind();
        if (expectedKind == JsonValueKind.Number && actualKind == JsonValueKind.Number)
        {
            return ToDouble(expected) == ToDouble(actual);
        }

        return expectedKind == actualKind && expectedKind is JsonValueKind.String or JsonValueKind.True or JsonValueKind.False
            && expected.ToJsonString() == actual.ToJsonString();
    }
}
