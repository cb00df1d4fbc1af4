using System.Globalization;
using System.Text;
using CsCheck;

namespace Governance.Core.Tests.Properties;

/// <summary>
/// Generators of the text an attacker (or a careless publisher) can put in a name, a version or a license: path
/// separators, encoded <c>..</c>, quotes, control characters, NUL, bidirectional overrides, byte-order marks,
/// combining marks (NFC and NFD spellings of the same letter), emoji, 300-character and 100 KB strings.
/// </summary>
public static class HostileText
{
    private static readonly string[] Pieces =
    [
        "a", "Z", "0", "9", "-", ".", "_", "@", "~", "+", "/", "\\", "..", "../", "%2e%2e", "%2F", "%00", "\"", "'", "{", "]", " ",
        "\t", "\n", "\r", "\0", "\u0001", "\u001b[31m", "\u007f", "\u0085", "\u009b", "\u202e", "\u200f", "\u2066", "\ufeff", "\u0301",
        "e\u0301", "\u00e9", "U\u0308", "\u00dc", "\U0001F600", "\u4e2d", "\uffff", "\ufffd", "\u2028", "\U0001D400",
    ];

    /// <summary>One to forty pieces; never a lone surrogate (see <see cref="WithLoneSurrogate"/>).</summary>
    public static Gen<string> Brief { get; } = Gen.OneOf(Pieces).Array[1, 40].Select(string.Concat);

    /// <summary>Short hostile text, a 300-character name, or a 100 KB string built from hostile pieces.</summary>
    public static Gen<string> Any { get; } = Gen.Frequency(
        (8, (IGen<string>)Brief),
        (1, Gen.Select(Brief, s => Repeat(s, 300))),
        (1, Gen.Select(Brief, s => Repeat(s, 100_000))));

    /// <summary>Text from <paramref name="text"/> with one unpaired UTF-16 surrogate inserted where it stays unpaired.</summary>
    public static Gen<string> WithLoneSurrogate(Gen<string> text) =>
        Gen.Select(text, Gen.OneOf('\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uD83D'), Gen.Int[0, int.MaxValue],
                (t, s, at) => t.Insert(at % (t.Length + 1), s.ToString()))
            .Where(TestText.HasLoneSurrogate);

    public static string Repeat(string piece, int length)
    {
        var builder = new StringBuilder(length + piece.Length);
        while (builder.Length < length)
        {
            builder.Append(piece);
        }
        // Never cut a surrogate pair in half: the generator's promise is "no lone surrogate".
        var end = Math.Min(length, builder.Length);
        if (end < builder.Length && char.IsHighSurrogate(builder[end - 1]))
        {
            end--;
        }
        return builder.ToString(0, end);
    }
}
