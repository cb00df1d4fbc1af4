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
            foreach (var part in alternative.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
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
                    error = $"'{part}' is not a version comparator (use *, 1.2.3, >=1.0.0, <2.0.0, joined by spaces or ||)";
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
