using System.Globalization;

namespace Governance.Local.Osv;

/// <summary>
/// Orders versions well enough to evaluate OSV ranges for the local endpoint. npm (and any SEMVER range) uses
/// SemVer 2.0 precedence; everything else a reasonable reading of Maven's ordering: numeric parts compare as numbers,
/// qualifiers rank dev &lt; alpha &lt; beta &lt; milestone &lt; rc &lt; snapshot &lt; release &lt; sp/post, and a missing
/// part counts as 0 (numbers) or as the release (qualifiers), so <c>2.0-beta9 &lt; 2.0 = 2.0.0 &lt; 2.0.1</c>.
/// Limits (documented in the README): not Maven's full ComparableVersion, not PEP 440 (no epochs, local versions),
/// not RubyGems' or NuGet's exact rules; versions that are not SemVer in a SEMVER range fall back to this order.
/// </summary>
internal static class OsvVersionOrder
{
    public static int Compare(string left, string right, bool semver)
    {
        if (semver && SemVer.TryParse(left, out var a) && SemVer.TryParse(right, out var b))
        {
            return a.CompareTo(b);
        }

        return Lenient(left, right);
    }

    private static int Lenient(string left, string right)
    {
        var a = Tokens(left);
        var b = Tokens(right);
        for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            var x = i < a.Count ? a[i] : null;
            var y = i < b.Count ? b[i] : null;
            var order = CompareToken(x, y);
            if (order != 0)
            {
                return order;
            }
        }

        return 0;
    }

    /// <summary>A number beats any qualifier (1.0.1 &gt; 1.0-sp1 as in Maven); a missing part is 0 against a number and
    /// the release against a qualifier.</summary>
    private static int CompareToken(string? x, string? y)
    {
        var xNumber = x is not null && IsNumber(x);
        var yNumber = y is not null && IsNumber(y);
        if (xNumber || yNumber)
        {
            if (xNumber && yNumber)
            {
                return CompareNumbers(x!, y!);
            }

            if (x is null)
            {
                return CompareNumbers("0", y!);
            }

            if (y is null)
            {
                return CompareNumbers(x, "0");
            }

            return xNumber ? 1 : -1;
        }

        var rank = Rank(x).CompareTo(Rank(y));
        return rank != 0 ? rank : string.Compare(x ?? "", y ?? "", StringComparison.OrdinalIgnoreCase);
    }

    private static int Rank(string? qualifier) => qualifier?.ToLowerInvariant() switch
    {
        null or "" or "ga" or "final" or "release" => 6,
        "dev" => 0,
        "alpha" or "a" => 1,
        "beta" or "b" => 2,
        "milestone" or "m" => 3,
        "rc" or "cr" or "c" or "pre" or "preview" => 4,
        "snapshot" => 5,
        "sp" or "post" => 7,
        _ => 8,
    };

    private static int CompareNumbers(string x, string y)
    {
        var a = x.TrimStart('0');
        var b = y.TrimStart('0');
        return a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
    }

    private static bool IsNumber(string token) => token.Length > 0 && token.All(char.IsAsciiDigit);

    /// <summary>Splits at separators and at every switch between digits and letters: 2.0-beta9 → 2, 0, beta, 9.</summary>
    private static List<string> Tokens(string version)
    {
        var tokens = new List<string>();
        var start = 0;
        for (var i = 0; i <= version.Length; i++)
        {
            var boundary = i == version.Length || version[i] is '.' or '-' or '_' or '+' or '~'
                || (i > start && char.IsAsciiDigit(version[i]) != char.IsAsciiDigit(version[i - 1]));
            if (!boundary)
            {
                continue;
            }

            if (i > start)
            {
                tokens.Add(version[start..i]);
            }

            start = i < version.Length && !char.IsAsciiLetterOrDigit(version[i]) ? i + 1 : i;
        }

        // Trailing zeros and release markers say nothing: 1.0.0 = 1.0 = 1 = 1.0-final.
        while (tokens.Count > 0 && (tokens[^1].All(c => c == '0') || (Rank(tokens[^1]) == 6 && !IsNumber(tokens[^1]))))
        {
            tokens.RemoveAt(tokens.Count - 1);
        }

        return tokens;
    }

    /// <summary>SemVer 2.0: MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]; build metadata does not order.</summary>
    private sealed record SemVer(long Major, long Minor, long Patch, string[] PreRelease) : IComparable<SemVer>
    {
        public static bool TryParse(string text, out SemVer version)
        {
            version = null!;
            var core = text.StartsWith('v') ? text[1..] : text;
            var plus = core.IndexOf('+', StringComparison.Ordinal);
            if (plus >= 0)
            {
                core = core[..plus];
            }

            var dash = core.IndexOf('-', StringComparison.Ordinal);
            var pre = dash >= 0 ? core[(dash + 1)..].Split('.') : [];
            var numbers = (dash >= 0 ? core[..dash] : core).Split('.');
            if (numbers.Length != 3 || pre.Any(p => p.Length == 0))
            {
                return false;
            }

            var parsed = new long[3];
            for (var i = 0; i < 3; i++)
            {
                if (!long.TryParse(numbers[i], NumberStyles.None, CultureInfo.InvariantCulture, out parsed[i]))
                {
                    return false;
                }
            }

            version = new SemVer(parsed[0], parsed[1], parsed[2], pre);
            return true;
        }

        public int CompareTo(SemVer? other)
        {
            ArgumentNullException.ThrowIfNull(other);
            var order = Major != other.Major ? Major.CompareTo(other.Major)
                : Minor != other.Minor ? Minor.CompareTo(other.Minor)
                : Patch.CompareTo(other.Patch);
            if (order != 0 || (PreRelease.Length == 0 && other.PreRelease.Length == 0))
            {
                return order;
            }

            // A pre-release precedes its release; identifiers compare numerically when both are numbers, numbers first.
            if (PreRelease.Length == 0 || other.PreRelease.Length == 0)
            {
                return PreRelease.Length == 0 ? 1 : -1;
            }

            for (var i = 0; i < Math.Min(PreRelease.Length, other.PreRelease.Length); i++)
            {
                var x = PreRelease[i];
                var y = other.PreRelease[i];
                var xNumber = IsNumber(x);
                var yNumber = IsNumber(y);
                var step = xNumber && yNumber ? CompareNumbers(x, y)
                    : xNumber != yNumber ? (xNumber ? -1 : 1)
                    : string.CompareOrdinal(x, y);
                if (step != 0)
                {
                    return step;
                }
            }

            return PreRelease.Length.CompareTo(other.PreRelease.Length);
        }
    }
}
