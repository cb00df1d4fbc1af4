namespace Governance.Local.Osv;

/// <summary>
/// The package URLs osv.dev accepts for the ecosystems the product governs (<c>pkg:npm/%40scope/name@1.0.0</c>,
/// <c>pkg:maven/group/artifact@2.14.1</c>, <c>pkg:pypi/name</c>, <c>pkg:nuget/…</c>, <c>pkg:gem/…</c>,
/// <c>pkg:cargo/…</c>). Qualifiers and subpaths are dropped; other types are refused.
/// </summary>
internal static class OsvPurl
{
    public static OsvQuery Parse(string purl)
    {
        if (!purl.StartsWith("pkg:", StringComparison.Ordinal))
        {
            throw new FormatException("Invalid query: a purl starts with 'pkg:'.");
        }

        var body = purl[4..].Split('?', '#')[0];
        var at = body.LastIndexOf('@');
        var version = at > 0 ? Uri.UnescapeDataString(body[(at + 1)..]) : null;
        var path = (at > 0 ? body[..at] : body).Split('/').Select(Uri.UnescapeDataString).ToArray();
        if (path.Length < 2 || path.Any(p => p.Length == 0))
        {
            throw new FormatException($"Invalid query: '{purl}' is not a purl with a type and a name.");
        }

        var name = string.Join('/', path[1..]);
        var (ecosystem, osvName) = path[0].ToLowerInvariant() switch
        {
            "npm" => ("npm", name),
            "maven" when path.Length == 3 => ("Maven", $"{path[1]}:{path[2]}"),
            "pypi" => ("PyPI", name),
            "nuget" => ("NuGet", name),
            "gem" => ("RubyGems", name),
            "cargo" => ("crates.io", name),
            _ => throw new FormatException($"Invalid query: the purl type in '{purl}' is not supported by the local OSV endpoint."),
        };
        return new OsvQuery(ecosystem, osvName, string.IsNullOrEmpty(version) ? null : version);
    }
}
