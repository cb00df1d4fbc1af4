namespace Governance.Core.Policy;

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
