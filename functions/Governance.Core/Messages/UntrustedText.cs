using System.Globalization;
using System.Text;

namespace Governance.Core.Messages;

/// <summary>
/// Package names, versions, license strings, asset names and evidence come from whoever published the package. Before
/// they are copied anywhere (a verdict, an email, a Slack message, a log line), their length is bounded and lone
/// UTF-16 surrogates are replaced; for text people read, control characters are removed too (they could forge lines in
/// an email or a log).
/// </summary>
/// <remarks>
/// A cut is visible: <see cref="Bound"/> ends the text with <c>… (truncated, 35,012 more characters)</c>, counting the
/// characters (Unicode scalar values) removed, and a text cut again keeps counting from the first cut. A cut never
/// splits a surrogate pair.
/// </remarks>
public static class UntrustedText
{
    /// <summary>Below this cap the marker would take most of the room: the cut ends with a bare ellipsis instead.</summary>
    public const int MinimumLengthForMarker = 64;

    private const string MarkerStart = "… (truncated, ";
    private const string MarkerEndPlural = " more characters)";
    private const string MarkerEndSingular = " more character)";

    /// <summary>
    /// At most <paramref name="maxLength"/> UTF-16 characters of <paramref name="text"/>, cut with the visible
    /// marker <c>… (truncated, N more characters)</c> when longer. Control characters are kept (for machine
    /// documents, where JSON escapes them); lone surrogates become U+FFFD.
    /// </summary>
    public static string Bound(string? text, int maxLength) => Cut(RepairSurrogates(text ?? ""), maxLength, marker: true);

    /// <summary>Removes control characters (including line breaks) and bounds the length with the marker (<see cref="Bound"/>).</summary>
    public static string SingleLine(string? text, int maxLength = 200) => Cut(Clean(text, keepNewLines: false), maxLength, marker: true);

    /// <summary>Like <see cref="SingleLine"/> but keeps <c>\n</c> (remedies are multi-line YAML we wrote ourselves).</summary>
    public static string MultiLine(string? text, int maxLength = 4000) => Cut(Clean(text, keepNewLines: true), maxLength, marker: true);

    /// <summary>
    /// For a terminal: control characters (C0, DEL, C1), line and paragraph separators and bidirectional overrides are
    /// shown as visible escapes (<c>\r</c>, <c>\n</c>, <c>\t</c>, <c>\x1b</c>, <c>\u202e</c>) instead of being removed,
    /// so a reader sees that they were there but they cannot move the cursor, forge a line or recolour the screen.
    /// Lone surrogates become U+FFFD; the length is bounded like <see cref="Bound"/>.
    /// </summary>
    public static string Visible(string? text, int maxLength = 4000)
    {
        text = RepairSurrogates(text ?? "");
        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var escape = c switch
            {
                '\r' => "\\r",
                '\n' => "\\n",
                '\t' => "\\t",
                _ when c <= '\u00FF' && char.IsControl(c) => string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ when c is '\u2028' or '\u2029' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069')
                    => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => null,
            };
            if (escape is null)
            {
                builder?.Append(c);
                continue;
            }
            builder ??= new StringBuilder(text.Length + 16).Append(text, 0, i);
            builder.Append(escape);
        }
        return Cut(builder?.ToString() ?? text, maxLength, marker: true);
    }

    /// <summary>Only printable ASCII (SNS subjects allow nothing else); anything else becomes '?'.</summary>
    public static string Ascii(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c is >= ' ' and <= '~' ? c : '?');
        }
        return builder.ToString();
    }

    /// <summary>
    /// At most <paramref name="maxLength"/> characters ending in a bare <c>…</c> when cut: for places where every
    /// character counts (an SNS subject, a Slack header), never splitting a surrogate pair.
    /// </summary>
    public static string Truncate(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Cut(text, maxLength, marker: false);
    }

    /// <summary>Unicode scalar values in <paramref name="text"/>: a surrogate pair counts once.</summary>
    public static long CountCharacters(ReadOnlySpan<char> text)
    {
        long count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            count++;
        }
        return count;
    }

    private static string Cut(string text, int maxLength, bool marker)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (text.Length <= maxLength)
        {
            return text;
        }

        if (!marker || maxLength < MinimumLengthForMarker)
        {
            return text[..SafeCut(text, maxLength - 1)] + "…";
        }

        // A text cut before (a verdict field, cut again for an email line) keeps the count of the first cut.
        var (body, alreadyRemoved) = SplitMarker(text);
        // The marker for the largest possible count is at least as long as the real one: the result always fits.
        var room = maxLength - Marker(CountCharacters(body) + alreadyRemoved).Length;
        var cut = SafeCut(body, Math.Max(room, 0));
        var end = Marker(CountCharacters(body.AsSpan(cut)) + alreadyRemoved);
        // The real count may have fewer digits: give the room back to the text (a smaller count never needs more).
        if (maxLength - cut - end.Length is > 0 and var spare)
        {
            cut = SafeCut(body, cut + spare);
            end = Marker(CountCharacters(body.AsSpan(cut)) + alreadyRemoved);
        }
        return string.Concat(body.AsSpan(0, cut), end);
    }

    /// <summary>The marker for <paramref name="removed"/> characters: <c>… (truncated, 1,234 more characters)</c>.</summary>
    public static string Marker(long removed) =>
        MarkerStart + removed.ToString("N0", CultureInfo.InvariantCulture) + (removed == 1 ? MarkerEndSingular : MarkerEndPlural);

    /// <summary>A cut position at or before <paramref name="cut"/> that does not end the kept text with a high surrogate.</summary>
    private static int SafeCut(string text, int cut)
    {
        cut = Math.Clamp(cut, 0, text.Length);
        if (cut > 0 && cut < text.Length && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }
        return cut;
    }

    /// <summary>The text before a trailing marker and the count the marker gave (0 when there is none).</summary>
    private static (string Body, long Removed) SplitMarker(string text)
    {
        var end = text.EndsWith(MarkerEndPlural, StringComparison.Ordinal) ? MarkerEndPlural
            : text.EndsWith(MarkerEndSingular, StringComparison.Ordinal) ? MarkerEndSingular
            : null;
        var start = end is null ? -1 : text.LastIndexOf(MarkerStart, StringComparison.Ordinal);
        if (start < 0)
        {
            return (text, 0);
        }

        var digits = text.AsSpan(start + MarkerStart.Length, text.Length - start - MarkerStart.Length - end!.Length);
        return long.TryParse(digits, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var removed) && removed is >= 0 and < int.MaxValue
            ? (text[..start], removed)
            : (text, 0);
    }

    private static string Clean(string? text, bool keepNewLines)
    {
        text ??= "";
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                builder.Append('\uFFFD');
            }
            else if ((keepNewLines && c == '\n') || (!char.IsControl(c) && c is not '\u2028' and not '\u2029'))
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    private static string RepairSurrogates(string text)
    {
        var i = 0;
        for (; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                break;
            }
        }
        if (i == text.Length)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var j = 0; j < text.Length; j++)
        {
            var c = text[j];
            if (char.IsHighSurrogate(c) && j + 1 < text.Length && char.IsLowSurrogate(text[j + 1]))
            {
                builder.Append(c).Append(text[++j]);
            }
            else
            {
                builder.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return builder.ToString();
    }
}

/// <summary>Slack mrkdwn escaping: Slack requires <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> to be entity-encoded.</summary>
public static class SlackText
{
    public static string Escape(string? text, int maxLength = 200) =>
        UntrustedText.SingleLine(text, maxLength)
            .Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>Escapes multi-line text (a remedy) for a code block; backticks are neutralised so the block cannot be closed early.</summary>
    public static string EscapeBlock(string? text, int maxLength) =>
        UntrustedText.MultiLine(text, maxLength)
            .Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("```", "'''", StringComparison.Ordinal);
}
