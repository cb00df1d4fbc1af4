namespace Governance.Core.Licenses;

internal enum TokenKind
{
    Word,
    Open,
    Close,
}

internal readonly record struct SpdxToken(TokenKind Kind, string Text, int Position);

internal readonly record struct SpdxTokenError(string Message, int Position);

/// <summary>Splits an SPDX expression into words and parentheses; rejects characters SPDX ids cannot contain.</summary>
internal static class SpdxTokenizer
{
    public static List<SpdxToken> Tokenize(string text, out SpdxTokenError? error)
    {
        var tokens = new List<SpdxToken>();
        error = null;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            if (c is '(' or ')')
            {
                tokens.Add(new SpdxToken(c == '(' ? TokenKind.Open : TokenKind.Close, c.ToString(), i));
                i++;
                continue;
            }
            if (!IsIdChar(c))
            {
                error = new SpdxTokenError($"character '{Printable(c)}' cannot appear in a license expression", i);
                return tokens;
            }
            var start = i;
            while (i < text.Length && IsIdChar(text[i]))
            {
                i++;
            }
            tokens.Add(new SpdxToken(TokenKind.Word, text[start..i], start));
        }
        return tokens;
    }

    // SPDX idstring = 1*(ALPHA / DIGIT / "-" / "." ); ':' joins DocumentRef to LicenseRef; '+' ends an id.
    private static bool IsIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '+' or ':';

    private static string Printable(char c) => char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString();
}
