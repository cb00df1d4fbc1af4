using System.Globalization;
using System.Text;

namespace Governance.Core.Tests.Properties;

/// <summary>
/// Text helpers the property tests of every project share (linked into Local.Tests and Functions.Tests): spotting a
/// lone surrogate, writing any text as an ASCII-only JSON literal, and showing it in a failure message.
/// </summary>
public static class TestText
{
    public static bool HasLoneSurrogate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A JSON string literal of the text, every non-ASCII character escaped (a lone surrogate as its escape).</summary>
    public static string JsonLiteral(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            if (c is '"' or '\\')
            {
                builder.Append('\\').Append(c);
            }
            else if (c is < ' ' or > '~')
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.Append('"').ToString();
    }

    /// <summary>Shows text in a failure message: every character outside printable ASCII as \uXXXX, long text cut.</summary>
    public static string Show(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder();
        foreach (var c in text.Length > 200 ? text[..200] : text)
        {
            if (c is >= ' ' and < '\u007f')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
        }
        return text.Length > 200 ? builder.Append(CultureInfo.InvariantCulture, $"…({text.Length} chars)").ToString() : builder.ToString();
    }
}
