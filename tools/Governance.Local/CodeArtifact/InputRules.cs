using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Governance.Local.CodeArtifact;

/// <summary>The model's constraints (length, pattern, enum) on the inputs, checked with messages that name the field.</summary>
public static partial class InputRules
{
    // The patterns end with \z, not $: in .NET, $ also matches before a final newline, so "name\n" would pass.
    public static readonly string[] Formats = ["npm", "pypi", "maven", "nuget", "generic", "ruby", "swift", "cargo"];
    public static readonly string[] Statuses = VersionStatus.All;

    [GeneratedRegex("^[a-z][a-z0-9\\-]{0,48}[a-z0-9]\\z")]
    private static partial Regex DomainPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._\\-]{1,99}\\z")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._\\-:]{1,99}\\z")]
    private static partial Regex ExternalConnectionPattern();

    [GeneratedRegex("^[^#/\\s]+\\z")]
    private static partial Regex CoordinatePattern();

    [GeneratedRegex("^[0-9]{12}\\z")]
    private static partial Regex AccountPattern();

    [GeneratedRegex("^[0-9a-f]{64}\\z")]
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

    /// <summary>
    /// The model's AssetName shape: length 1..255 and <c>\P{C}+</c>. The model's pattern is over code points (Java
    /// regular expressions), so a character outside the BMP (an emoji, U+1D400) is one letter, not the two surrogate
    /// (Cs) code units a .NET regex would see; the check walks runes, and a lone surrogate is refused.
    /// </summary>
    public static string AssetName(string? value, string field = "assetName")
    {
        if (value is null)
        {
            throw Missing(field);
        }

        if (value.Length is < 1 or > 255)
        {
            throw CodeArtifactException.Validation(
                $"1 validation error detected: Value '{Shown(value)}' at '{field}' failed to satisfy constraint: Member must have length between 1 and 255");
        }

        for (var i = 0; i < value.Length;)
        {
            if (Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var consumed) != System.Buffers.OperationStatus.Done
                || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                    or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                throw CodeArtifactException.Validation(
                    $"1 validation error detected: Value '{Shown(value)}' at '{field}' failed to satisfy constraint: Member must satisfy regular expression pattern: \\P{{C}}+");
            }

            i += consumed;
        }

        return value;
    }

    /// <summary>The punctuation a generic asset name may hold besides Unicode letters, digits and single inner spaces.</summary>
    public const string GenericAssetPunctuation = "~!@^&()-_+[]{};,.";

    /// <summary>
    /// A generic package's asset name, as the user guide ("Generic packages overview", generic package constraints)
    /// states the rules, on top of the model's AssetName shape (length 1..255, <c>\P{C}+</c>):
    /// <list type="number">
    /// <item>Unicode letters and digits: categories Ll, Lm, Lo, Lt, Lu, Nl and Nd (so no combining mark: an NFD
    /// name such as <c>U+0055 U+0308</c> is refused, its NFC form <c>U+00DC</c> is accepted and kept as sent);</item>
    /// <item>the special characters <c>~!@^&amp;()-_+[]{};,.</c>;</item>
    /// <item>never <c>.</c> or <c>..</c>;</item>
    /// <item>the one whitespace character is the space, never leading, trailing or doubled.</item>
    /// </list>
    /// Everything else (separators <c>/</c> and <c>\</c>, <c>%</c>, <c>#</c>, <c>:</c>, control characters, NUL, lone
    /// surrogates) is refused with a ValidationException naming the field, the character and its index.
    /// </summary>
    public static string GenericAssetName(string? value, string field = "assetName")
    {
        AssetName(value, field);
        var name = value!;
        if (name is "." or "..")
        {
            throw CodeArtifactException.Validation(
                $"1 validation error detected: Value '{name}' at '{field}' failed to satisfy constraint: Asset name cannot be '.' or '..'");
        }

        if (name[0] == ' ' || name[^1] == ' ' || name.Contains("  ", StringComparison.Ordinal))
        {
            throw CodeArtifactException.Validation(
                $"1 validation error detected: Value '{Shown(name)}' at '{field}' failed to satisfy constraint: Asset name cannot start or end with a space or contain consecutive spaces");
        }

        for (var i = 0; i < name.Length; i++)
        {
            var allowed = char.IsSurrogatePair(name, i)
                ? IsGenericLetterOrDigit(System.Globalization.CharUnicodeInfo.GetUnicodeCategory(name, i))
                : !char.IsSurrogate(name[i]) && (name[i] == ' ' || GenericAssetPunctuation.Contains(name[i], StringComparison.Ordinal)
                    || IsGenericLetterOrDigit(char.GetUnicodeCategory(name[i])));
            if (!allowed)
            {
                throw CodeArtifactException.Validation(
                    $"1 validation error detected: Value '{Shown(name)}' at '{field}' failed to satisfy constraint: Asset name may contain only Unicode letters and digits (Ll, Lm, Lo, Lt, Lu, Nl, Nd), single spaces and the characters {GenericAssetPunctuation} (U+{(char.IsSurrogatePair(name, i) ? char.ConvertToUtf32(name, i) : name[i]):X4} at index {i} is not allowed)");
            }

            if (char.IsSurrogatePair(name, i))
            {
                i++;
            }
        }

        return name;
    }

    private static bool IsGenericLetterOrDigit(System.Globalization.UnicodeCategory category) => category is
        System.Globalization.UnicodeCategory.LowercaseLetter or System.Globalization.UnicodeCategory.ModifierLetter
        or System.Globalization.UnicodeCategory.OtherLetter or System.Globalization.UnicodeCategory.TitlecaseLetter
        or System.Globalization.UnicodeCategory.UppercaseLetter or System.Globalization.UnicodeCategory.LetterNumber
        or System.Globalization.UnicodeCategory.DecimalDigitNumber;

    /// <summary>
    /// The <c>X-AssetName</c> (and <c>X-PackageVersion</c>) response header of GetPackageVersionAsset. An HTTP header carries only visible ASCII
    /// safely (Kestrel refuses anything else, and botocore decodes header bytes as ISO-8859-1, so raw UTF-8 would
    /// reach the caller as mojibake): every UTF-8 byte outside visible ASCII (an inner space stays as it is), and
    /// <c>%</c> itself, is percent-encoded (RFC 3986 style, upper-case hex). A plain ASCII name is sent unchanged, and any header value
    /// decodes back to the exact name with a percent-decoder (<c>urllib.parse.unquote</c>, <c>Uri.UnescapeDataString</c>).
    /// </summary>
    public static string ResponseHeader(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new System.Text.StringBuilder(name.Length);
        var bytes = System.Text.Encoding.UTF8.GetBytes(name);
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if ((b is > 0x20 and < 0x7F && b != (byte)'%') || (b == 0x20 && i > 0 && i < bytes.Length - 1))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"%{b:X2}");
            }
        }

        return builder.ToString();
    }

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
                $"1 validation error detected: Value '{Shown(value)}' at '{field}' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", allowed)}]");
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
