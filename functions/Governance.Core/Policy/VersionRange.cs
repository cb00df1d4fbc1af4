using System.Diagnostics.CodeAnalysis;

namespace Governance.Core.Policy;

/// <summary>
/// A version range for deny-list entries: <c>*</c> (every version), an exact version (<c>1.2.3</c> or <c>=1.2.3</c>),
/// comparators joined by spaces (all must hold: <c>&gt;=1.0.0 &lt;1.4.2</c>), alternatives joined by <c>||</c>.
/// </summary>
public sealed class VersionRange
{
    private readonly IReadOnlyList<IReadOnlyList<(string Op, string Version)>> _alternatives;

    private VersionRange(string text, IReadOnlyList<IReadOnlyList<(string, string)>> alternatives)
    {
        Text = text;
        _alternatives = alternatives;
    }

    public string Text { get; }

    /// <summary>Every version (<c>*</c>).</summary>
    public static VersionRange Any { get; } = new("*", [[("*", "")]]);

    public static bool TryParse(string text, [NotNullWhen(true)] out VersionRange? range, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        range = null;
        error = null;
        var alternatives = new List<IReadOnlyList<(string, string)>>();
        foreach (var alternative in text.Split("||"))
        {
            var comparators = new List<(string, string)>();
            var parts = alternative.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Contains("-"))
            {
                var hint = parts is [var low, "-", var high] && HyphenEquivalent(low, high) is { } equivalent ? $" write it as '{equivalent}';" : "";
                error = $"'{alternative.Trim()}' is an npm hyphen range, which is not supported here;{hint} {Accepted}";
                return false;
            }
            foreach (var part in parts)
            {
                if (part == "*")
                {
                    comparators.Add(("*", ""));
                    continue;
                }
                var op = part.StartsWith(">=", StringComparison.Ordinal) ? ">="
                    : part.StartsWith("<=", StringComparison.Ordinal) ? "<="
                    : part.StartsWith('>') ? ">"
                    : part.StartsWith('<') ? "<"
                    : part.StartsWith('=') ? "="
                    : "";
                var version = part[op.Length..];
                if (version.Length == 0 || version.Any(c => c is '<' or '>' or '=' or '*'))
                {
                    error = $"'{part}' is not a version comparator; {Accepted}";
                    return false;
                }
                if (Refuse(part, version) is { } refusal)
                {
                    error = refusal;
                    return false;
                }
                comparators.Add((op.Length == 0 ? "=" : op, version));
            }
            if (comparators.Count == 0)
            {
                error = $"the version range '{text}' has an empty alternative; {Accepted}";
                return false;
            }
            alternatives.Add(comparators);
        }
        range = new VersionRange(text.Trim(), alternatives);
        return true;
    }

    /// <summary>The forms a range may take, for error messages.</summary>
    public const string Accepted =
        "accepted: * (every version), an exact version (1.2.3 or =1.2.3), comparators >=, >, <=, < joined by spaces (all must hold: >=1.0.0 <2.0.0), alternatives joined by ||";

    // Forms other tools give a meaning to but this range would read as an exact version that never matches:
    // npm caret, tilde and x-ranges, PEP 440 operators, Maven/NuGet interval notation.
    private static string? Refuse(string part, string version)
    {
        if (version[0] is '^' or '~')
        {
            var kind = version[0] == '^' ? "caret" : "tilde";
            var hint = NpmEquivalent(version) is { } equivalent ? $" write it as '{equivalent}';" : "";
            return $"'{part}' is an npm {kind} range, which is not supported here;{hint} {Accepted}";
        }
        var release = version.Split('-', '+')[0].Split('.');
        if (release.Any(p => p is "x" or "X" or "*"))
        {
            var hint = NpmEquivalent(version) is { } equivalent ? $" write it as '{equivalent}';" : "";
            return $"'{part}' is an npm x-range, which is not supported here;{hint} {Accepted}";
        }
        if (!char.IsAsciiLetterOrDigit(version[0]) || version.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '+' or '_' or '!')))
        {
            return $"'{part}' is not a version (a version holds letters, digits and . - + _ ! only, and starts with a letter or digit); {Accepted}";
        }
        return null;
    }

    // The comparator form of an npm hyphen range on numeric parts, or null. npm reads a partial low end with zeros
    // (1.2 - … is >=1.2.0) and a partial high end as every version it stands for (… - 2.3 is <2.4.0, … - 2 is
    // <3.0.0); only a full high end is inclusive (… - 2.3.4 is <=2.3.4). An x or * part makes the end partial.
    private static string? HyphenEquivalent(string low, string high)
    {
        if (NumericParts(low) is not { } from || NumericParts(high) is not { } to)
        {
            return null;
        }
        var lower = from.Count == 0 ? null : $">={string.Join('.', from.Concat(Enumerable.Repeat(0L, 3 - from.Count)))}";
        var upper = to.Count switch
        {
            0 => null,
            3 => $"<={string.Join('.', to)}",
            _ => $"<{string.Join('.', Bump(to, to.Count - 1))}",
        };
        return lower is null && upper is null ? "*" : string.Join(' ', new[] { lower, upper }.Where(p => p is not null));
    }

    // The leading numeric parts of a version of at most three parts whose remaining parts are x, X or *; null otherwise.
    private static List<long>? NumericParts(string version)
    {
        var parts = version.Split('.');
        var numbers = new List<long>();
        foreach (var p in parts)
        {
            if (p is "x" or "X" or "*")
            {
                break;
            }
            if (!long.TryParse(p, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n == long.MaxValue)
            {
                return null;
            }
            numbers.Add(n);
        }
        return parts.Length > 3 || parts[numbers.Count..].Any(p => p is not ("x" or "X" or "*")) ? null : numbers;
    }

    // The comparator form of a simple npm caret/tilde/x-range on numeric parts (^1.2.3 → >=1.2.3 <2.0.0), or null.
    private static string? NpmEquivalent(string version)
    {
        var op = version[0] is '^' or '~' ? version[0] : ' ';
        if (NumericParts(op == ' ' ? version : version[1..]) is not { } numbers)
        {
            return null;
        }
        if (numbers.Count == 0)
        {
            return "*";
        }
        var low = string.Join('.', numbers.Concat(Enumerable.Repeat(0L, 3 - numbers.Count)));
        long[] high;
        if (op == '^')
        {
            var firstNonZero = numbers.FindIndex(n => n != 0);
            var bump = firstNonZero < 0 ? numbers.Count - 1 : firstNonZero;
            high = Bump(numbers, bump);
        }
        else if (op == '~')
        {
            high = Bump(numbers, numbers.Count == 1 ? 0 : 1);
        }
        else
        {
            if (numbers.Count == 3)
            {
                return null;
            }
            high = Bump(numbers, numbers.Count - 1);
        }
        return $">={low} <{string.Join('.', high)}";
    }

    private static long[] Bump(List<long> numbers, int index)
    {
        var result = new long[3];
        for (var i = 0; i < index; i++)
        {
            result[i] = numbers[i];
        }
        result[index] = numbers[index] + 1;
        return result;
    }

    public bool Contains(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return _alternatives.Any(all => all.All(c => Holds(c.Op, c.Version, version)));
    }

    public override string ToString() => Text;

    private static bool Holds(string op, string bound, string version)
    {
        if (op == "*")
        {
            return true;
        }
        var cmp = VersionComparer.Instance.Compare(version, bound);
        return op switch
        {
            ">=" => cmp >= 0,
            "<=" => cmp <= 0,
            ">" => cmp > 0,
            "<" => cmp < 0,
            _ => cmp == 0,
        };
    }
}
