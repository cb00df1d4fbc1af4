using System.Globalization;
using System.Text;
using CsCheck;
using Governance.Core.Tests.Properties;

namespace Governance.Local.Tests.Properties;

/// <summary>
/// Package names an attacker or a careless script sends: separators, encoded <c>..</c>, control characters, NUL,
/// 300 characters, the NFC and NFD spellings of the same letter, combining marks, bidirectional overrides, lone
/// surrogates; plus the independent statement of CodeArtifact's rule a name must satisfy to be stored.
/// </summary>
public static class HostileNames
{
    private static readonly string[] Pieces =
    [
        "a", "Z", "0", "-", ".", "_", "~", "@", "+", "!", "/", "\\", "..", "../", "%2e%2e", "%2F", "%00", "%", "#", "?", ":", "\"", "'",
        " ", "\t", "\n", "\r", "\0", "\u0001", "\u001b[31m", "\u007f", "\u0085", "\u009b", "\u202e", "\u200f", "\ufeff", "\u0301",
        "caf\u00e9", "cafe\u0301", "U\u0308", "\u00dc", "\u212b", "\u00c5", "\U0001F600", "\u4e2d", "\uffff", "\U0001D400",
    ];

    /// <summary>A name of one to twelve pieces, sometimes with a lone surrogate, or a name of exactly 255, 256 or 300 characters.</summary>
    public static Gen<string> Any { get; } = Gen.Frequency(
        (6, (IGen<string>)Gen.OneOf(Pieces).Array[1, 12].Select(string.Concat)),
        (1, Gen.Select(Gen.OneOf(Pieces).Array[1, 12].Select(string.Concat), Gen.OneOf('\uD800', '\uDBFF', '\uDC00', '\uDFFF'), Gen.Int[0, 12],
            (t, s, at) => t.Insert(Math.Min(at, t.Length), s.ToString()))),
        (1, Gen.Select(Gen.OneOf("a", "é", "z-"), Gen.OneOf(255, 256, 300), (p, n) => Repeat(p, n))));

    /// <summary>
    /// Names in the Maven repository layout's own alphabet (ASCII letters, digits and <c>._-+~</c>, which is all that
    /// endpoint takes), with its edge cases (<c>.</c>, <c>..</c>, 255 and 256 characters), mixed with <see cref="Any"/>.
    /// </summary>
    public static Gen<string> MavenLike { get; } = Gen.Frequency(
        (3, (IGen<string>)Gen.String[Gen.Char["abcXYZ019._-+~"], 1, 16]),
        (1, Gen.OneOf(".", "..", "...", Repeat("a", 255), Repeat("a", 256))),
        (3, Any));

    private static string Repeat(string piece, int length)
    {
        var builder = new StringBuilder();
        while (builder.Length < length)
        {
            builder.Append(piece);
        }
        return builder.ToString(0, length);
    }

    /// <summary>
    /// CodeArtifact's rule for a namespace, package name and version, as the API model and the user guide state it:
    /// 1 to 255 characters matching <c>[^#/\s]+</c>; and, since asset names built from them must satisfy <c>\P{C}+</c>,
    /// no control character and no unpaired surrogate.
    /// </summary>
    public static bool Storable(string name)
    {
        if (name.Length is < 1 or > 255)
        {
            return false;
        }
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c is '#' or '/' || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return false;
            }
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The API model's pattern for a namespace, package name or version in any operation (reads included): 1 to 255
    /// characters matching <c>[^#/\s]+</c>, and text (no unpaired surrogate, which has no UTF-8 form to send).
    /// </summary>
    public static bool MatchesModel(string name) =>
        name.Length is >= 1 and <= 255 && !name.Any(c => c is '#' or '/' || char.IsWhiteSpace(c)) && !TestText.HasLoneSurrogate(name);

    /// <summary>
    /// Percent-encodes every byte but RFC 3986's unreserved characters. A lone surrogate has no UTF-8 form: it is sent
    /// as the three bytes UTF-8 would give it (<c>%ED%A0%80</c>), which is not UTF-8, as a hostile client would.
    /// </summary>
    public static string Encode(string text)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            byte[] bytes;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                bytes = Encoding.UTF8.GetBytes(text.Substring(i++, 2));
            }
            else if (char.IsSurrogate(text[i]))
            {
                int c = text[i];
                bytes = [(byte)(0xE0 | (c >> 12)), (byte)(0x80 | ((c >> 6) & 0x3F)), (byte)(0x80 | (c & 0x3F))];
            }
            else
            {
                bytes = Encoding.UTF8.GetBytes(text[i].ToString());
            }
            foreach (var b in bytes)
            {
                if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
                {
                    builder.Append((char)b);
                }
                else
                {
                    builder.Append(CultureInfo.InvariantCulture, $"%{b:X2}");
                }
            }
        }
        return builder.ToString();
    }
}
