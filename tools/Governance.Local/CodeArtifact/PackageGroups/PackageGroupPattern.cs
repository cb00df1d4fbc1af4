using System.Globalization;
using System.Text;

namespace Governance.Local.CodeArtifact.PackageGroups;

/// <summary>What a package group pattern names, from the least to the most specific.</summary>
public enum PatternKind
{
    /// <summary><c>/*</c>: every package of the domain (the root group).</summary>
    All,

    /// <summary><c>/npm/*</c>: every package of a format.</summary>
    Format,

    /// <summary><c>/maven/com.anycompany~</c>: namespaces starting with a prefix.</summary>
    NamespacePrefix,

    /// <summary><c>/npm/space/*</c>: every package of one namespace (an empty one for formats without namespaces).</summary>
    Namespace,

    /// <summary><c>/npm/space/anycompany-ui~</c>: names starting with a prefix in one namespace.</summary>
    NamePrefix,

    /// <summary><c>/maven/org.apache.logging.log4j/log4j-core$</c>: one package.</summary>
    Exact,
}

/// <summary>
/// A package group pattern as the user guide's "Package group definition syntax and matching behavior" defines it: a
/// package path (<c>/format/namespace/name</c>) cut short and ended by a suffix, <c>$</c> (the full coordinate),
/// <c>~</c> (a prefix of the last component) or <c>*</c> (after a slash: every value of the next component).
/// Formats without namespaces (pypi, nuget, ruby, cargo) have an empty namespace component (<c>/pypi//requests$</c>);
/// formats whose packages always have one (maven, generic, swift) must name it. A <c>~</c> prefix matches only where
/// a word ends (the page's "Words, word boundaries, and prefix matching": <c>/npm/space/foo~</c> matches <c>foo</c>
/// and <c>foo-bar</c>, never <c>food</c>), so it must itself end in a word: <c>foo-~</c> is refused.
/// </summary>
public sealed record PackageGroupPattern(string Text, PatternKind Kind, string? Format, string? Namespace, string? Name)
{
    public const string Root = "/*";

    private static readonly string[] NoNamespaceFormats = ["pypi", "nuget", "ruby", "cargo"];
    private static readonly string[] NamespacedFormats = ["maven", "generic", "swift"];

    public static PackageGroupPattern Parse(string? text, string field = "packageGroup")
    {
        if (string.IsNullOrEmpty(text))
        {
            throw InputRules.Missing(field);
        }

        if (text.Length is < 2 or > 520)
        {
            throw Invalid(text, field, "it must be between 2 and 520 characters long");
        }

        if (text.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            throw Invalid(text, field, "it must not contain whitespace or control characters");
        }

        if (text[0] != '/')
        {
            throw Invalid(text, field, "it must start with '/'");
        }

        var parts = text[1..].Split('/');
        return parts.Length switch
        {
            1 when parts[0] == "*" => new PackageGroupPattern(text, PatternKind.All, null, null, null),
            2 => ParseTwo(text, field, parts),
            3 => ParseThree(text, field, parts),
            _ => throw Invalid(text, field, "it must look like /*, /format/*, /format/namespace~, /format/namespace/*, /format/namespace/name~ or /format/namespace/name$"),
        };
    }

    private static PackageGroupPattern ParseTwo(string text, string field, string[] parts)
    {
        var format = FormatOf(text, field, parts[0]);
        if (parts[1] == "*")
        {
            return new PackageGroupPattern(text, PatternKind.Format, format, null, null);
        }

        if (parts[1].Length > 1 && parts[1][^1] == '~')
        {
            if (NoNamespaceFormats.Contains(format))
            {
                throw Invalid(text, field, $"{format} packages have no namespace, so a namespace prefix cannot match them");
            }

            return new PackageGroupPattern(text, PatternKind.NamespacePrefix, format, WordPrefix(text, field, parts[1][..^1], "namespace"), null);
        }

        throw Invalid(text, field, "after the format it must end with '/*' or a namespace prefix ending in '~'");
    }

    private static PackageGroupPattern ParseThree(string text, string field, string[] parts)
    {
        var format = FormatOf(text, field, parts[0]);
        var ns = parts[1].Length == 0 ? string.Empty : Component(text, field, parts[1], "namespace");
        if (ns.Length > 0 && NoNamespaceFormats.Contains(format))
        {
            throw Invalid(text, field, $"{format} packages have no namespace; leave the namespace component empty (/{format}//name$)");
        }

        if (ns.Length == 0 && NamespacedFormats.Contains(format))
        {
            throw Invalid(text, field, $"{format} packages always have a namespace; the pattern must name it");
        }

        var last = parts[2];
        if (last == "*")
        {
            return new PackageGroupPattern(text, PatternKind.Namespace, format, ns, null);
        }

        if (last.Length > 1 && last[^1] is '~' or '$')
        {
            var name = last[^1] == '~' ? WordPrefix(text, field, last[..^1], "name") : Component(text, field, last[..^1], "name");
            return new PackageGroupPattern(text, last[^1] == '~' ? PatternKind.NamePrefix : PatternKind.Exact, format, ns, name);
        }

        throw Invalid(text, field, "the last component must be '*', a name prefix ending in '~' or a name ending in '$'");
    }

    /// <summary>Whether the package (namespace null or empty when it has none) matches this pattern.</summary>
    public bool Matches(string format, string? ns, string name)
    {
        ns ??= string.Empty;
        return Kind switch
        {
            PatternKind.All => true,
            PatternKind.Format => Format == format,
            PatternKind.NamespacePrefix => Format == format && PackageGroupWords.StartsWithWords(ns, Namespace!),
            PatternKind.Namespace => Format == format && ns == Namespace,
            PatternKind.NamePrefix => Format == format && ns == Namespace && PackageGroupWords.StartsWithWords(name, Name!),
            _ => Format == format && ns == Namespace && name == Name,
        };
    }

    /// <summary>
    /// Orders patterns by specificity (user guide, "Package group hierarchy and pattern specificity"): a package is
    /// associated with the most specific group whose pattern it matches; among prefixes, the longer is more specific.
    /// </summary>
    public int Specificity => ((int)Kind * 1000) + (Kind switch
    {
        PatternKind.NamespacePrefix => Namespace!.Length,
        PatternKind.NamePrefix => Name!.Length,
        _ => 0,
    });

    /// <summary>Whether every package this pattern matches also matches <paramref name="parent"/>: the hierarchy's edge.</summary>
    public bool IsWithin(PackageGroupPattern parent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        if (parent.Text == Text || parent.Specificity >= Specificity)
        {
            return false;
        }

        return parent.Kind switch
        {
            PatternKind.All => true,
            PatternKind.Format => Format == parent.Format,
            PatternKind.NamespacePrefix => Format == parent.Format && Namespace is not null && PackageGroupWords.StartsWithWords(Namespace, parent.Namespace!),
            PatternKind.Namespace => Format == parent.Format && Namespace == parent.Namespace && Kind is PatternKind.NamePrefix or PatternKind.Exact,
            PatternKind.NamePrefix => Format == parent.Format && Namespace == parent.Namespace && Name is not null && PackageGroupWords.StartsWithWords(Name, parent.Name!),
            _ => false,
        };
    }

    private static string FormatOf(string text, string field, string format) =>
        InputRules.Formats.Contains(format)
            ? format
            : throw Invalid(text, field, $"'{format}' is not a package format (one of {string.Join(", ", InputRules.Formats)})");

    private static string Component(string text, string field, string value, string what)
    {
        if (value.Length is 0 or > 255)
        {
            throw Invalid(text, field, $"the {what} component must be 1 to 255 characters long");
        }

        var bad = value.IndexOfAny(['*', '~', '$', '#']);
        if (bad >= 0)
        {
            throw Invalid(text, field, $"the {what} component must not contain '{value[bad]}'");
        }

        return value;
    }

    /// <summary>A component before <c>~</c>: a valid component whose last character ends a word.</summary>
    private static string WordPrefix(string text, string field, string value, string what)
    {
        Component(text, field, value, what);
        return PackageGroupWords.EndsInWord(value)
            ? value
            : throw Invalid(text, field, $"'~' must follow a word character (a letter, number or mark): the {what} prefix '{value}' does not end in a word");
    }

    private static CodeArtifactException Invalid(string text, string field, string reason) =>
        CodeArtifactException.Validation($"Invalid package group pattern '{text}' in {field}: {reason}");
}

/// <summary>
/// Words as the user guide's "Words, word boundaries, and prefix matching" defines them: a word is
/// <c>[\p{L}\p{N}][\p{L}\p{N}\p{M}]*</c> (a letter or number, then letters, numbers or marks), and a word boundary is
/// where such a match ends. Not dictionary words nor camelCase: <c>OneWord</c> has no boundary inside. Read by runes,
/// so letters outside the Basic Multilingual Plane count as letters.
/// </summary>
internal static class PackageGroupWords
{
    /// <summary>Whether <paramref name="value"/> is <paramref name="prefix"/>, or starts with it and a word boundary follows it.</summary>
    public static bool StartsWithWords(string value, string prefix)
    {
        if (!value.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        // An unpaired surrogate decodes to U+FFFD, a symbol: not part of a word.
        Rune.DecodeFromUtf16(value.AsSpan(prefix.Length), out var next, out _);
        return value.Length == prefix.Length || (EndsInWord(prefix) && !IsWordCharacter(next, continuesWord: true));
    }

    /// <summary>Whether the last character of <paramref name="value"/> belongs to a word (a match of the word pattern).</summary>
    public static bool EndsInWord(string value)
    {
        var inWord = false;
        foreach (var rune in value.EnumerateRunes())
        {
            inWord = IsWordCharacter(rune, inWord);
        }

        return inWord;
    }

    // A letter or number starts or continues a word; a mark only continues one.
    private static bool IsWordCharacter(Rune rune, bool continuesWord) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter
            or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark => continuesWord,
        _ => false,
    };
}
