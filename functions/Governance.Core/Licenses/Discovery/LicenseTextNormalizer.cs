using System.Runtime.CompilerServices;
using System.Collections.Frozen;
using System.Text;

namespace Governance.Core.Licenses.Discovery;

/// <summary>
/// Turns a license text into the word sequence the matcher compares, following the SPDX matching guidelines in
/// spirit: case, whitespace and line wrapping, punctuation and quotes, bullets and list numbering, British/American
/// spellings (<c>licence</c> → <c>license</c>), copyright notice lines and template placeholders
/// (<c>&lt;year&gt;</c>, <c>[name of copyright owner]</c>) carry no identity and are dropped.
/// </summary>
/// <remarks>
/// Every step works on whitespace-separated tokens (or whole lines, for notices), so re-wrapping a text never
/// changes its words; the same function runs over the SPDX texts and the candidate, so whatever it drops it drops on
/// both sides.
/// </remarks>
internal static class LicenseTextNormalizer
{
    private const int MaxPlaceholderLength = 80;

    private static readonly System.Buffers.SearchValues<char> PlaceholderOrTab = System.Buffers.SearchValues.Create("<[\t\u00A0\u2028\u2029\f\v");
    private static readonly System.Buffers.SearchValues<char> Bullets = System.Buffers.SearchValues.Create("*-•·–—§>");
    private static readonly System.Buffers.SearchValues<char> RomanDigits = System.Buffers.SearchValues.Create("ivxlcIVXLC");

    // Spelling variants the SPDX guidelines treat as the same word; each maps to one spelling.
    private static readonly FrozenDictionary<string, string> Equivalents = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["licence"] = "license",
        ["licences"] = "licenses",
        ["licenced"] = "licensed",
        ["licencee"] = "licensee",
        ["licencor"] = "licensor",
        ["sublicence"] = "sublicense",
        ["acknowledgement"] = "acknowledgment",
        ["acknowledgements"] = "acknowledgments",
        ["analogue"] = "analog",
        ["analyse"] = "analyze",
        ["artefact"] = "artifact",
        ["authorisation"] = "authorization",
        ["authorised"] = "authorized",
        ["calibre"] = "caliber",
        ["cancelled"] = "canceled",
        ["catalogue"] = "catalog",
        ["categorise"] = "categorize",
        ["centre"] = "center",
        ["emphasised"] = "emphasized",
        ["favour"] = "favor",
        ["favourite"] = "favorite",
        ["fulfil"] = "fulfill",
        ["fulfilment"] = "fulfillment",
        ["initialise"] = "initialize",
        ["judgement"] = "judgment",
        ["labelling"] = "labeling",
        ["labour"] = "labor",
        ["maximise"] = "maximize",
        ["modelled"] = "modeled",
        ["modelling"] = "modeling",
        ["offence"] = "offense",
        ["optimise"] = "optimize",
        ["organisation"] = "organization",
        ["organise"] = "organize",
        ["practise"] = "practice",
        ["programme"] = "program",
        ["realise"] = "realize",
        ["recognise"] = "recognize",
        ["signalling"] = "signaling",
        ["utilisation"] = "utilization",
        ["whilst"] = "while",
        ["wilful"] = "willful",
        ["https"] = "http",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The normalised words of <paramref name="text"/>, in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static List<string> Words(string text)
    {
        var words = new List<string>(text.Length / 6 + 4);
        var word = new StringBuilder(32);
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            var line = rawLine.Trim();
            if (line.IsEmpty || IsNoticeLine(line))
            {
                continue;
            }
            var cleaned = line.IndexOfAny(PlaceholderOrTab) >= 0 ? StripPlaceholders(line).AsSpan() : line;
            foreach (var range in cleaned.Split(' '))
            {
                var token = cleaned[range].Trim();
                if (token.IsEmpty || IsListMarker(token))
                {
                    continue;
                }
                AppendWords(token, word, words);
            }
        }
        return words;
    }

    /// <summary>
    /// A copyright notice (<c>Copyright (c) 2020 Jane</c>, <c>(C) 2001 Acme</c>, <c>© …</c>) or an
    /// <c>All rights reserved.</c> line: they name holders, not terms. A line that merely starts with the word
    /// (<c>copyright notice and this permission notice …</c>, after a re-wrap) is kept: the next token must look
    /// like a notice (a symbol, a year, a placeholder).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsNoticeLine(ReadOnlySpan<char> line)
    {
        if (line.StartsWith("(c)", StringComparison.OrdinalIgnoreCase) || line[0] == '©')
        {
            return true;
        }
        if (line.StartsWith("all rights reserved", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (!line.StartsWith("copyright", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var rest = line["copyright".Length..].TrimStart();
        if (rest.IsEmpty)
        {
            return true;
        }
        return rest.StartsWith("(c)", StringComparison.OrdinalIgnoreCase)
            || rest[0] is '©' or '<' or '[' or '{' or ':'
            || char.IsAsciiDigit(rest[0])
            || rest.StartsWith("yyyy", StringComparison.OrdinalIgnoreCase)
            || rest.StartsWith("year", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Removes <c>&lt;…&gt;</c> and <c>[…]</c> spans of one line (template fields), and turns tabs into spaces.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string StripPlaceholders(ReadOnlySpan<char> line)
    {
        var builder = new StringBuilder(line.Length);
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c is '<' or '[')
            {
                var close = c == '<' ? '>' : ']';
                var end = line[(i + 1)..].IndexOf(close);
                if (end >= 0 && end <= MaxPlaceholderLength)
                {
                    builder.Append(' ');
                    i += end + 1;
                    continue;
                }
            }
            builder.Append(char.IsWhiteSpace(c) ? ' ' : c);
        }
        return builder.ToString();
    }

    /// <summary>Bullets and list numbering: <c>*</c>, <c>-</c>, <c>•</c>, <c>1.</c>, <c>2.1.</c>, <c>(a)</c>, <c>b)</c>, <c>iv.</c>, <c>§</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool IsListMarker(ReadOnlySpan<char> token)
    {
        if (token.Length <= 2 && token.IndexOfAnyExcept(Bullets) < 0)
        {
            return true;
        }
        var body = token;
        var open = body[0] == '(';
        if (open)
        {
            body = body[1..];
        }
        if (body.Length < 2)
        {
            return false;
        }
        var last = body[^1];
        if (last is not ('.' or ')'))
        {
            return false;
        }
        if (open && last != ')')
        {
            return false;
        }
        body = body[..^1];
        if (body.IsEmpty || body.Length > 8)
        {
            return false;
        }
        if (body.Length == 1 && char.IsAsciiLetter(body[0]))
        {
            return true;
        }
        if (body.IndexOfAnyExcept(RomanDigits) < 0 && body.Length <= 5)
        {
            return true;
        }
        // 1  2.1  3.1.4 (digits with single dots between)
        var previousDot = true;
        foreach (var c in body)
        {
            if (char.IsAsciiDigit(c))
            {
                previousDot = false;
            }
            else if (c == '.' && !previousDot)
            {
                previousDot = true;
            }
            else
            {
                return false;
            }
        }
        return !previousDot;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AppendWords(ReadOnlySpan<char> token, StringBuilder word, List<string> words)
    {
        // "sub-license", "non-commercial": the hyphenated and the joined spellings are the same word.
        var joinHyphen = token.StartsWith("sub-", StringComparison.OrdinalIgnoreCase)
            || token.StartsWith("non-", StringComparison.OrdinalIgnoreCase);
        foreach (var c in token)
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (c == '-' && joinHyphen)
            {
                joinHyphen = false;
            }
            else
            {
                Flush(word, words);
                if (c == '&')
                {
                    words.Add("and");
                }
            }
        }
        Flush(word, words);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Flush(StringBuilder word, List<string> words)
    {
        if (word.Length == 0)
        {
            return;
        }
        var text = word.ToString();
        word.Clear();
        words.Add(Equivalents.TryGetValue(text, out var same) ? same : text);
    }
}
