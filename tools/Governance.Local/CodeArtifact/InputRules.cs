using System.Text.RegularExpressions;

namespace Governance.Local.CodeArtifact;

/// <summary>The model's constraints (length, pattern, enum) on the inputs, checked with messages that name the field.</summary>
public static partial class InputRules
{
    public static readonly string[] Formats = ["npm", "pypi", "maven", "nuget", "generic", "ruby", "swift", "cargo"];
    public static readonly string[] Statuses = VersionStatus.All;

    [GeneratedRegex("^[a-z][a-z0-9\\-]{0,48}[a-z0-9]$")]
    private static partial Regex DomainPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._\\-]{1,99}$")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._\\-:]{1,99}$")]
    private static partial Regex ExternalConnectionPattern();

    [GeneratedRegex("^[^#/\\s]+$")]
    private static partial Regex CoordinatePattern();

    [GeneratedRegex("^\\P{C}+$")]
    private static partial Regex AssetNamePattern();

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountPattern();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();

    public static string Domain(string? value, string field = "domain") =>
        Check(value, field, DomainPattern(), 2, 50, "[a-z][a-z0-9\\-]{0,48}[a-z0-9]");

    public static string Repository(string? value, string field = "repository") =>
        Check(value, field, RepositoryPattern(), 2, 100, "[A-Za-z0-9][A-Za-z0-9._\\-]{1,99}");

    public static string ExternalConnection(string? value) =>
        Check(value, "externalConnection", ExternalConnectionPattern(), 2, 100, "[A-Za-z0-9][A-Za-z0-9._\\-:]{1,99}");

    public static string Coordinate(string? value, string field) =>
        Check(value, field, CoordinatePattern(), 1, 255, "[^#/\\s]+");

    public static string? OptionalCoordinate(string? value, string field) =>
        value is null ? null : Coordinate(value, field);

    public static string AssetName(string? value, string field = "assetName") =>
        Check(value, field, AssetNamePattern(), 1, 255, "\\P{C}+");

    public static string? OptionalAccount(string? value, string field = "domainOwner") =>
        value is null ? null : Check(value, field, AccountPattern(), 12, 12, "[0-9]{12}");

    public static string Sha256(string? value, string field = "assetSHA256") =>
        Check(value, field, Sha256Pattern(), 64, 64, "[0-9a-f]+");

    public static string Format(string? value, string field = "format") => Enum(value, field, Formats);

    public static string Enum(string? value, string field, IReadOnlyList<string> allowed)
    {
        if (value is null)
        {
            throw Missing(field);
        }

        if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            throw CodeArtifactException.Validation(
                $"1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", allowed)}]");
        }

        return value;
    }

    public static CodeArtifactException Missing(string field) =>
        CodeArtifactException.Validation($"1 validation error detected: Value null at '{field}' failed to satisfy constraint: Member must not be null");

    private static string Check(string? value, string field, Regex pattern, int min, int max, string patternText)
    {
        if (value is null)
        {
            throw Missing(field);
        }

        if (value.Length < min || value.Length > max)
        {
            throw CodeArtifactException.Validation(
                $"1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: Member must have length between {min} and {max}");
        }

        if (!pattern.IsMatch(value))
        {
            throw CodeArtifactException.Validation(
                $"1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: Member must satisfy regular expression pattern: {patternText}");
        }

        return value;
    }
}
