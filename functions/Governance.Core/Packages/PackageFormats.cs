namespace Governance.Core.Packages;

/// <summary>
/// The package formats CodeArtifact knows, in their wire spelling (lower case). Kept as strings rather than an
/// enum because CodeArtifact adds formats over time and an event for a new one must still parse and be triaged.
/// </summary>
public static class PackageFormats
{
    public const string Npm = "npm";
    public const string PyPI = "pypi";
    public const string Maven = "maven";
    public const string NuGet = "nuget";
    public const string Generic = "generic";
    public const string Ruby = "ruby";
    public const string Swift = "swift";
    public const string Cargo = "cargo";

    public static IReadOnlyList<string> All { get; } = [Npm, PyPI, Maven, NuGet, Generic, Ruby, Swift, Cargo];

    public static bool IsKnown(string format) => All.Contains(format, StringComparer.Ordinal);
}
