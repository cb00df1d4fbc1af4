using System.Text;

namespace Governance.Core.Messages;

/// <summary>
/// Package names, versions and license strings come from whoever published the package. Before they are rendered
/// anywhere, control characters are removed (they could forge lines in an email or a log) and length is bounded.
/// </summary>
public static class UntrustedText
{
    /// <summary>Removes control characters (including line breaks) and truncates to <paramref name="maxLength"/> with an ellipsis.</summary>
    public static string SingleLine(string? text, int maxLength = 200)
    {
        var builder = new StringBuilder();
        foreach (var c in text ?? "")
        {
            if (!char.IsControl(c) && c is not '\u2028' and not '\u2029')
            {
                builder.Append(c);
            }
        }
        return Truncate(builder.ToString(), maxLength);
    }

    /// <summary>Like <see cref="SingleLine"/> but keeps <c>\n</c> (remedies are multi-line YAML we wrote ourselves).</summary>
    public static string MultiLine(string? text, int maxLength = 4000)
    {
        var builder = new StringBuilder();
        foreach (var c in text ?? "")
        {
            if (c == '\n' || (!char.IsControl(c) && c is not '\u2028' and not '\u2029'))
            {
                builder.Append(c);
            }
        }
        return Truncate(builder.ToString(), maxLength);
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

    public static string Truncate(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= maxLength)
        {
            return text;
        }
        var cut = maxLength - 1;
        // Never split a surrogate pair: half a character renders as garbage (or breaks strict JSON consumers).
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }
        return text[..cut] + "…";
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
