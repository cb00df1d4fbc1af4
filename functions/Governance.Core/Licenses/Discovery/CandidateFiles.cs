namespace Governance.Core.Licenses.Discovery;

internal enum CandidateKind
{
    LicenseText,
    PackageJson,
    PythonMetadata,
    Nuspec,
}

/// <summary>Which archive entries are worth reading.</summary>
internal static class CandidateFiles
{
    public static CandidateKind? Classify(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
        {
            return null;
        }
        var file = segments[^1];
        var depth = segments.Length;
        if (IsLicenseName(file))
        {
            // At the root or one directory down (npm's package/LICENSE, META-INF/LICENSE.txt, x.dist-info/LICENSE);
            // PEP 639 wheels keep them under x.dist-info/licenses/.
            if (depth <= 2)
            {
                return CandidateKind.LicenseText;
            }
            if (depth <= 4 && segments[0].EndsWith(".dist-info", StringComparison.OrdinalIgnoreCase)
                && segments[1].Equals("licenses", StringComparison.OrdinalIgnoreCase))
            {
                return CandidateKind.LicenseText;
            }
            return null;
        }
        if (depth == 2 && file.Equals("package.json", StringComparison.Ordinal))
        {
            return CandidateKind.PackageJson;
        }
        if (depth <= 2 && file.Equals("PKG-INFO", StringComparison.Ordinal))
        {
            return CandidateKind.PythonMetadata;
        }
        if (depth == 2 && file.Equals("METADATA", StringComparison.Ordinal)
            && segments[0].EndsWith(".dist-info", StringComparison.OrdinalIgnoreCase))
        {
            return CandidateKind.PythonMetadata;
        }
        if (depth == 1 && file.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase))
        {
            return CandidateKind.Nuspec;
        }
        return null;
    }

    /// <summary>LICENSE, LICENCE, COPYING in any case, alone or followed by an extension or a suffix (.txt, .md, -MIT, _APACHE).</summary>
    internal static bool IsLicenseName(string file)
    {
        foreach (var stem in (ReadOnlySpan<string>)["license", "licence", "copying"])
        {
            if (file.StartsWith(stem, StringComparison.OrdinalIgnoreCase)
                && (file.Length == stem.Length || file[stem.Length] is '.' or '-' or '_'))
            {
                return true;
            }
        }
        return false;
    }
}
