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

    /// <summary>
    /// The one check every write path applies before it stores anything: PublishPackageVersion
    /// (<c>CodeArtifactEndpoint</c>), the npm publish (<c>NpmRegistryHandler</c>) and the Maven PUT
    /// (<c>MavenRepositoryHandler</c>), and <see cref="CodeArtifactService.CheckPublishAllowed"/> and
    /// <see cref="CodeArtifactService.CommitPublish"/> again as a backstop. The rules, in order:
    /// <list type="number">
    /// <item><c>namespace</c>, <c>package</c>, <c>packageVersion</c>: length 1..255 and pattern <c>[^#/\s]+</c>
    /// (the API model's PackageNamespace, PackageName and PackageVersion shapes, codeartifact.service-2.json).</item>
    /// <item>No control character (Unicode Cc, NUL included) and no unpaired UTF-16 surrogate: a Maven asset name is
    /// built from the name and version (<c>{artifactId}-{version}.jar</c>; an npm tarball is always <c>package.tgz</c>) and
    /// the model's AssetName shape is <c>\P{C}+</c>, so a name or version outside it could never be stored as an
    /// asset by CodeArtifact; a lone surrogate has no UTF-8 form and cannot go over the wire to the API at all.</item>
    /// </list>
    /// Every refusal is a ValidationException (400) whose message names the field and the rule.
    /// </summary>
    public static void PublishTarget(string? ns, string package, string version)
    {
        PublishName(ns, package);
        Printable(Coordinate(version, "packageVersion"), "packageVersion");
    }

    /// <summary><see cref="PublishTarget"/> for the namespace and package alone, when the version is not known yet.</summary>
    public static void PublishName(string? ns, string package)
    {
        Printable(OptionalCoordinate(ns, "namespace"), "namespace");
        Printable(Coordinate(package, "package"), "package");
    }

    /// <summary>
    /// The refusal for a value that cannot even be decoded to a string (a JSON escape of a lone surrogate, which
    /// System.Text.Json will not turn into text): the same rule as <see cref="PublishTarget"/>'s, named the same way.
    /// </summary>
    public static CodeArtifactException Undecodable(string field, string reason) =>
        CodeArtifactException.Validation(
            $"1 validation error detected: Value at '{field}' failed to satisfy constraint: Member must not contain a control character or an unpaired surrogate (unpaired surrogate: {reason}): asset names built from it must satisfy \\P{{C}}+");

    private static void Printable(string? value, string field)
    {
        if (value is null)
        {
            return;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var problem = char.IsControl(c) ? $"control character U+{(int)c:X4}"
                : char.IsHighSurrogate(c) && (i + 1 == value.Length || !char.IsLowSurrogate(value[i + 1])) ? $"unpaired surrogate U+{(int)c:X4}"
                : char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(value[i - 1])) ? $"unpaired surrogate U+{(int)c:X4}"
                : null;
            if (problem is not null)
            {
                throw CodeArtifactException.Validation(
                    $"1 validation error detected: Value '{Shown(value)}' at '{field}' failed to satisfy constraint: Member must not contain a control character or an unpaired surrogate ({problem} at index {i}): asset names built from it must satisfy \\P{{C}}+");
            }
        }
    }

    /// <summary>The value as echoed in a message: control characters and lone surrogates escaped, at most 300 characters.</summary>
    private static string Shown(string value)
    {
        var builder = new System.Text.StringBuilder(Math.Min(value.Length, 300) + 16);
        foreach (var c in value.Length > 300 ? value[..300] : value)
        {
            if (char.IsControl(c) || char.IsSurrogate(c))
            {
                builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return value.Length > 300 ? builder.Append('…').ToString() : builder.ToString();
    }

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
                $"1 validation error detected: Value '{Shown(value)}' at '{field}' failed to satisfy constraint: Member must have length between {min} and {max}");
        }

        if (!pattern.IsMatch(value))
        {
            throw CodeArtifactException.Validation(
                $"1 validation error detected: Value '{Shown(value)}' at '{field}' failed to satisfy constraint: Member must satisfy regular expression pattern: {patternText}");
        }

        return value;
    }
}
