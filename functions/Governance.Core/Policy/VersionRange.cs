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
                var hint = parts is [var low, "-", var high] && IsPlainVersion(low) && IsPlainVersion(high) ? $" write it as '>={low} <={high}';" : "";
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
                error = $"the version range '{text}' has an empty alternative";
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

    private static bool IsPlainVersion(string text) =>
        text.Length > 0 && char.IsAsciiLetterOrDigit(text[0]) && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '+' or '_');

    // The comparator form of a simple npm caret/tilde/x-range on numeric parts (^1.2.3 → >=1.2.3 <2.0.0), or null.
    private static string? NpmEquivalent(string version)
    {
        var op = version[0] is '^' or '~' ? version[0] : ' ';
        var parts = (op == ' ' ? version : version[1..]).Split('.');
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
        if (numbers.Count > 3 || parts.Length > 3 || numbers.Count < parts.Length && parts[numbers.Count..].Any(p => p is not ("x" or "X" or "*")))
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

/// <summary>
/// Orders versions the way most ecosystems agree on: dot-separated parts compared numerically when both are numbers,
/// ordinally otherwise; a pre-release (<c>1.0.0-rc.1</c>) sorts before its release; build metadata (<c>+…</c>) is ignored.
/// </summary>
public sealed class VersionComparer : IComparer<string>
{
    public static VersionComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return string.CompareOrdinal(x, y);
        }
        var (xRelease, xPre) = Split(x);
        var (yRelease, yPre) = Split(y);
        var cmp = CompareParts(xRelease, yRelease);
        if (cmp != 0)
        {
            return cmp;
        }
        if (xPre is null || yPre is null)
        {
            return xPre is null ? (yPre is null ? 0 : 1) : -1;
        }
        return CompareParts(xPre, yPre);
    }

    private static (string Release, string? PreRelease) Split(string version)
    {
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            version = version[..plus];
        }
        var dash = version.IndexOf('-', StringComparison.Ordinal);
        return dash >= 0 ? (version[..dash], version[(dash + 1)..]) : (version, null);
    }

    private static int CompareParts(string x, string y)
    {
        var xs = x.Split('.');
        var ys = y.Split('.');
        for (var i = 0; i < Math.Max(xs.Length, ys.Length); i++)
        {
            var a = i < xs.Length ? xs[i] : "0";
            var b = i < ys.Length ? ys[i] : "0";
            var aNumeric = long.TryParse(a, out var an);
            var bNumeric = long.TryParse(b, out var bn);
            var cmp = aNumeric && bNumeric ? an.CompareTo(bn)
                : aNumeric ? -1
                : bNumeric ? 1
                : string.CompareOrdinal(a, b);
            if (cmp != 0)
            {
                return cmp;
            }
        }
        return 0;
    }
}
