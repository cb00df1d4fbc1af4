using System.Diagnostics.CodeAnalysis;

namespace Governance.Core.Packages;

/// <summary>
/// Package URLs (purl, https://github.com/package-url/purl-spec) for CodeArtifact coordinates:
/// <c>pkg:npm/%40scope/name@1.0.0</c>, <c>pkg:maven/group/artifact@1.0</c>, <c>pkg:generic/namespace/name@1.0</c>.
/// </summary>
public static class PackageUrl
{
    /// <summary>The purl of a package version.</summary>
    public static string For(PackageVersionId id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return ForPackage(id.Format, id.Namespace, id.Name) + "@" + Uri.EscapeDataString(id.Version);
    }

    /// <summary>The purl of a package (no version): what deny-list entries and waivers name.</summary>
    public static string ForPackage(string format, string? ns, string name)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(name);
        var type = TypeOf(format);
        var purlNamespace = ns is null ? null : format == PackageFormats.Npm ? "@" + ns : ns;
        var path = purlNamespace is null
            ? Uri.EscapeDataString(name)
            : EscapeNamespace(purlNamespace) + "/" + Uri.EscapeDataString(name);
        return $"pkg:{type}/{path}";
    }

    /// <summary>
    /// Parses a purl (with or without version). The npm scope loses its <c>@</c>, as CodeArtifact stores namespaces.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out PackageUrlParts? parts, [NotNullWhen(false)] out string? error)
    {
        parts = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text) || !text.StartsWith("pkg:", StringComparison.OrdinalIgnoreCase))
        {
            error = "a package URL starts with 'pkg:' (for example pkg:npm/%40scope/name or pkg:maven/group/artifact)";
            return false;
        }
        var rest = text[4..].TrimStart('/');
        var hash = rest.IndexOfAny(['?', '#']);
        if (hash >= 0)
        {
            rest = rest[..hash];
        }
        string? version = null;
        var at = rest.LastIndexOf('@');
        var slashBeforeAt = at >= 0 ? rest.LastIndexOf('/', at) : -1;
        // '@' introduces the version only after the name; a raw '@' starting the npm scope is not a version.
        if (at > 0 && slashBeforeAt >= 0 && at > slashBeforeAt + 1)
        {
            version = Uri.UnescapeDataString(rest[(at + 1)..]);
            rest = rest[..at];
        }
        var segments = rest.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2)
        {
            error = $"'{text}' has no package name (expected pkg:TYPE/[NAMESPACE/]NAME)";
            return false;
        }
        var format = FormatOf(segments[0].ToLowerInvariant());
        var name = Uri.UnescapeDataString(segments[^1]);
        string? ns = null;
        if (segments.Length > 2)
        {
            ns = string.Join('/', segments[1..^1].Select(Uri.UnescapeDataString));
            if (format == PackageFormats.Npm)
            {
                ns = ns.TrimStart('@');
            }
        }
        if (version is { Length: 0 })
        {
            error = $"'{text}' has an empty version after '@'";
            return false;
        }
        parts = new PackageUrlParts(format, ns, name, version);
        return true;
    }

    private static string EscapeNamespace(string ns) => string.Join('/', ns.Split('/').Select(Uri.EscapeDataString));

    private static string TypeOf(string format) => format == PackageFormats.Ruby ? "gem" : format;

    private static string FormatOf(string type) => type == "gem" ? PackageFormats.Ruby : type;
}

/// <summary>The parts of a purl in CodeArtifact terms: format, namespace (npm scope without '@'), name, version.</summary>
public sealed record PackageUrlParts(string Format, string? Namespace, string Name, string? Version);
