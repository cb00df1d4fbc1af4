using Governance.Core.Messages;
using Governance.Core.Packages;

namespace Governance.Core.Policy;

/// <summary>
/// Whether a package URL in the policy can name a package CodeArtifact can hold. A purl that cannot (a Maven package
/// without its group, a PyPI package with a namespace, a name holding '/' or 300 characters) would be accepted and then
/// match nothing, so the policy refuses it. The rules are CodeArtifact's (reference/codeartifact-api.md): a namespace
/// is required for Maven, Swift and generic packages and absent for PyPI, NuGet, Ruby and Cargo; namespace and name
/// are 1 to 255 characters matching <c>[^#/\s]+</c>.
/// </summary>
internal static class PackageUrlRules
{
    private const int MaxLength = 255;

    /// <summary>What keeps the purl from naming any package, or null when it can name one.</summary>
    public static string? Problem(string text, PackageUrlParts parts)
    {
        var needsNamespace = parts.Format is PackageFormats.Maven or PackageFormats.Swift or PackageFormats.Generic;
        var hasNone = parts.Format is PackageFormats.PyPI or PackageFormats.NuGet or PackageFormats.Ruby or PackageFormats.Cargo;
        if (needsNamespace && string.IsNullOrEmpty(parts.Namespace))
        {
            return $"'{Shown(text)}' has no namespace, and every {parts.Format} package has one ({Example(parts.Format)})";
        }
        if (hasNone && parts.Namespace is not null)
        {
            return $"'{Shown(text)}' has a namespace, and {parts.Format} packages have none (pkg:{(parts.Format == PackageFormats.Ruby ? "gem" : parts.Format)}/NAME)";
        }
        return Part(text, "namespace", parts.Namespace) ?? Part(text, "name", parts.Name);
    }

    private static string? Part(string text, string what, string? value)
    {
        if (value is null)
        {
            return null;
        }
        if (value.Length is 0 or > MaxLength)
        {
            return $"'{Shown(text)}' has a {what} of {value.Length} characters; CodeArtifact allows 1 to {MaxLength}";
        }
        var bad = value.FirstOrDefault(c => c is '#' or '/' || char.IsWhiteSpace(c));
        return bad == default
            ? null
            : $"'{Shown(text)}' has a {what} holding U+{(int)bad:X4} ('#', '/' and whitespace never occur in a CodeArtifact {what}; percent-encoding does not change that)";
    }

    private static string Example(string format) => format switch
    {
        PackageFormats.Maven => "pkg:maven/GROUP/ARTIFACT, e.g. pkg:maven/org.apache.commons/commons-lang3",
        PackageFormats.Swift => "pkg:swift/SCOPE/NAME",
        _ => "pkg:generic/NAMESPACE/NAME",
    };

    // The purl as echoed in an error: control characters and bidirectional overrides made visible, long text cut.
    private static string Shown(string text) => UntrustedText.Visible(text, 160);
}
