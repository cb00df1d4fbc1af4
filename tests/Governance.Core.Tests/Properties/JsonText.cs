using System.Globalization;
using System.Text;

namespace Governance.Core.Tests.Properties;

/// <summary>How <see cref="JsonText"/> writes the characters of a string.</summary>
public enum Escaping
{
    /// <summary>Only what JSON requires is escaped (quote, backslash, control characters); the rest is written raw.</summary>
    Minimal,

    /// <summary>Every character outside printable ASCII as <c>\uXXXX</c> (so a lone surrogate travels as its escape).</summary>
    AllNonAscii,

    /// <summary>Like <see cref="Minimal"/>, but control characters raw: the text is then not JSON.</summary>
    RawControls,
}

/// <summary>Raw JSON text placed as is (a number spelling System.Text.Json would not write, e.g. <c>1e400</c>).</summary>
public sealed record RawJson(string Text);

/// <summary>
/// Writes a small JSON tree (ordered key lists, lists, strings, numbers, booleans, null) as text, with control over
/// escaping. A writer of our own because System.Text.Json refuses to write the hostile text the tests need (a lone
/// surrogate, a raw control character).
/// </summary>
public static class JsonText
{
    public static string Write(object? node, Escaping escaping = Escaping.Minimal)
    {
        var builder = new StringBuilder();
        Append(builder, node, escaping);
        return builder.ToString();
    }

    private static void Append(StringBuilder b, object? node, Escaping escaping)
    {
        switch (node)
        {
            case null:
                b.Append("null");
                break;
            case bool flag:
                b.Append(flag ? "true" : "false");
                break;
            case string text:
                AppendString(b, text, escaping);
                break;
            case RawJson raw:
                b.Append(raw.Text);
                break;
            case int or long:
                b.Append(Convert.ToString(node, CultureInfo.InvariantCulture));
                break;
            case double number:
                b.Append(number.ToString("R", CultureInfo.InvariantCulture));
                break;
            case List<KeyValuePair<string, object?>> members:
                b.Append('{');
                for (var i = 0; i < members.Count; i++)
                {
                    b.Append(i == 0 ? "" : ",");
                    AppendString(b, members[i].Key, escaping);
                    b.Append(':');
                    Append(b, members[i].Value, escaping);
                }
                b.Append('}');
                break;
            case List<object?> items:
                b.Append('[');
                for (var i = 0; i < items.Count; i++)
                {
                    b.Append(i == 0 ? "" : ",");
                    Append(b, items[i], escaping);
                }
                b.Append(']');
                break;
            default:
                throw new ArgumentException($"no JSON form for {node.GetType()}", nameof(node));
        }
    }

    private static void AppendString(StringBuilder b, string text, Escaping escaping)
    {
        b.Append('"');
        foreach (var c in text)
        {
            if (c is '"' or '\\')
            {
                b.Append('\\').Append(c);
            }
            else if (c < ' ' && escaping != Escaping.RawControls)
            {
                b.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else if (c > '\u007e' && escaping == Escaping.AllNonAscii)
            {
                b.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                b.Append(c);
            }
        }
        b.Append('"');
    }
}
