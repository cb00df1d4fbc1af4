using System.Text.Json;
using System.Text.Json.Nodes;

namespace Governance.Deployment.Tests.EventPatterns;

/// <summary>
/// EventBridge event-pattern matching, for the parts of the pattern language our rule uses and their neighbours:
/// exact values (string, number, boolean, null), prefix, suffix, equals-ignore-case, anything-but (values, or a
/// prefix), exists, numeric ranges, nested objects and $or.
/// <para>
/// As EventBridge's rule compiler (aws/event-ruler, <c>JsonRuleCompiler</c>) does, a pattern is first compiled into
/// alternatives: each alternative maps a field path (<c>detail.changes.assetsAdded</c>) to its matchers, and every
/// <c>$or</c> forks the alternatives built so far into one per branch (nested <c>$or</c> included). An event matches
/// when some alternative matches; an alternative matches when every path does; a path matches when any of its
/// matchers matches any of the event's values there (arrays in the event are transparent); a path the event lacks
/// matches only <c>{"exists": false}</c>.
/// </para>
/// <para>
/// What EventBridge refuses is refused here with a <see cref="FormatException"/>, in particular a path named twice in
/// one alternative (at the top of an object and again inside its <c>$or</c>, say): event-ruler silently keeps the
/// last one written, so such a pattern never means what it says. The same path in two branches of one <c>$or</c> is
/// fine: they are different alternatives.
/// </para>
/// </summary>
public static class EventPatternMatcher
{
    private const string Or = "$or";

    // Names event-ruler reserves for matchers: they cannot be field names inside $or.
    private static readonly HashSet<string> ReservedInOr = new(StringComparer.Ordinal)
    {
        "exactly", "equals-ignore-case", "prefix", "suffix", "anything-but", "exists", "wildcard", "numeric", "cidr",
        "=", "<", "<=", ">", ">=",
    };

    public static bool Matches(JsonObject pattern, JsonNode? @event) =>
        Compile(pattern).Any(alternative => alternative.All(field => MatchLeaf(field.Value, ValuesAt(@event, field.Key))));

    /// <summary>The pattern's alternatives, each a map from a dotted field path to that field's matchers.</summary>
    /// <exception cref="FormatException">EventBridge would refuse the pattern, or silently drop part of it.</exception>
    public static IReadOnlyList<IReadOnlyDictionary<string, JsonArray>> Compile(JsonObject pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var alternatives = new List<Dictionary<string, JsonArray>> { new(StringComparer.Ordinal) };
        CompileObject(pattern, "", insideOr: false, alternatives);
        return alternatives;
    }

    private static void CompileObject(JsonObject pattern, string prefix, bool insideOr, List<Dictionary<string, JsonArray>> alternatives)
    {
        if (pattern.Count == 0)
        {
            throw new FormatException($"Empty objects are not allowed ({Describe(prefix)}).");
        }

        foreach (var (key, rule) in pattern)
        {
            if (key == Or)
            {
                CompileOr(rule, prefix, alternatives);
                continue;
            }

            if (insideOr && ReservedInOr.Contains(key))
            {
                throw new FormatException($"'{key}' is a matcher name and cannot be a field name inside $or ({Describe(prefix)}).");
            }

            var path = prefix.Length == 0 ? key : prefix + "." + key;
            switch (rule)
            {
                case JsonObject nested:
                    CompileObject(nested, path, insideOr, alternatives);
                    break;
                case JsonArray matchers:
                    if (matchers.Count == 0)
                    {
                        throw new FormatException($"Empty arrays are not allowed ({path}).");
                    }

                    foreach (var alternative in alternatives)
                    {
                        if (!alternative.TryAdd(path, matchers))
                        {
                            throw new FormatException(
                                $"The pattern names {path} twice in one alternative (for example at the top of an object and again inside its $or): " +
                                "EventBridge would refuse it or keep only one of them. Name each path once, inside each $or branch that needs it.");
                        }
                    }

                    break;
                default:
                    throw new FormatException($"Pattern field '{path}' must be an array of matchers or a nested pattern.");
            }
        }
    }

    private static void CompileOr(JsonNode? rule, string prefix, List<Dictionary<string, JsonArray>> alternatives)
    {
        if (rule is not JsonArray branches)
        {
            throw new FormatException($"$or takes an array of patterns ({Describe(prefix)}).");
        }

        if (branches.Count < 2)
        {
            throw new FormatException($"$or needs at least 2 patterns ({Describe(prefix)}).");
        }

        var before = alternatives.ToList();
        alternatives.Clear();
        foreach (var branch in branches)
        {
            if (branch is not JsonObject branchPattern)
            {
                throw new FormatException($"$or items are patterns (objects) ({Describe(prefix)}).");
            }

            var forked = before.Select(a => new Dictionary<string, JsonArray>(a, StringComparer.Ordinal)).ToList();
            CompileObject(branchPattern, prefix, insideOr: true, forked);
            alternatives.AddRange(forked);
        }
    }

    private static string Describe(string prefix) => prefix.Length == 0 ? "at the top of the pattern" : "in " + prefix;

    /// <summary>
    /// The event's leaf values at a dotted path; arrays anywhere on the way are transparent (each element is followed),
    /// as in EventBridge's flattened view of an event. Objects are not leaf values: a path ending on one has none.
    /// </summary>
    private static List<JsonNode?> ValuesAt(JsonNode? @event, string path)
    {
        var current = new List<JsonNode?> { @event };
        foreach (var step in path.Split('.'))
        {
            var next = new List<JsonNode?>();
            foreach (var node in current.SelectMany(Flatten))
            {
                if (node is JsonObject obj && obj.TryGetPropertyValue(step, out var child))
                {
                    next.Add(child);
                }
            }

            current = next;
        }

        return current.SelectMany(Flatten).Where(v => v is not JsonObject).ToList();
    }

    private static IEnumerable<JsonNode?> Flatten(JsonNode? node) =>
        node is JsonArray array ? array.SelectMany(Flatten) : [node];

    private static bool MatchLeaf(JsonArray matchers, List<JsonNode?> values)
    {
        if (values.Count == 0)
        {
            return matchers.Any(m => m is JsonObject o && o.TryGetPropertyValue("exists", out var e) && e?.GetValue<bool>() == false);
        }

        return matchers.Any(matcher => values.Any(value => MatchOne(matcher, value)));
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
