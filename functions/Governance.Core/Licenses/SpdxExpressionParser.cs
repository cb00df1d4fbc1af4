namespace Governance.Core.Licenses;

/// <summary>
/// Parses SPDX license expressions (SPDX spec annex D): <c>AND</c>, <c>OR</c>, <c>WITH</c>, parentheses, the
/// <c>+</c> suffix, <c>LicenseRef-…</c> and <c>DocumentRef-…:LicenseRef-…</c>. Ids and operators are matched
/// case-insensitively and printed in canonical form; deprecated ids are replaced by their current form
/// (<c>GPL-2.0+</c> → <c>GPL-2.0-or-later</c>, <c>GPL-2.0-with-classpath-exception</c> →
/// <c>GPL-2.0-only WITH Classpath-exception-2.0</c>). Never throws: bad input gives an error and a position.
/// </summary>
public sealed class SpdxExpressionParser
{
    // Deep nesting is legal but useless; the limit keeps a hostile string from exhausting the stack.
    private const int MaxDepth = 64;
    private const int MaxLength = 4096;

    private readonly SpdxLicenseList _list;

    public SpdxExpressionParser(SpdxLicenseList list) => _list = list;

    /// <summary>A parser over the embedded SPDX list.</summary>
    public static SpdxExpressionParser Default { get; } = new(SpdxLicenseList.Default);

    public SpdxParseResult Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return SpdxParseResult.Fail("the license expression is empty", 0);
        }
        if (text.Length > MaxLength)
        {
            return SpdxParseResult.Fail($"the license expression is longer than {MaxLength} characters", MaxLength);
        }
        var tokens = SpdxTokenizer.Tokenize(text, out var tokenError);
        if (tokenError is not null)
        {
            return SpdxParseResult.Fail(tokenError.Value.Message, tokenError.Value.Position);
        }
        var state = new ParserState(tokens, text.Length);
        var expression = ParseOr(ref state, 0);
        if (state.Error is not null)
        {
            return SpdxParseResult.Fail(state.Error, state.ErrorPosition);
        }
        if (!state.AtEnd)
        {
            var token = state.Current;
            return SpdxParseResult.Fail($"unexpected '{token.Text}' after a complete expression", token.Position);
        }
        return SpdxParseResult.Ok(expression!);
    }

    private SpdxExpression? ParseOr(ref ParserState state, int depth)
    {
        var left = ParseAnd(ref state, depth);
        while (left is not null && state.Error is null && state.IsOperator("OR"))
        {
            state.Advance();
            var right = ParseAnd(ref state, depth);
            if (right is null)
            {
                return null;
            }
            left = new SpdxOr(left, right);
        }
        return left;
    }

    private SpdxExpression? ParseAnd(ref ParserState state, int depth)
    {
        var left = ParseWith(ref state, depth);
        while (left is not null && state.Error is null && state.IsOperator("AND"))
        {
            state.Advance();
            var right = ParseWith(ref state, depth);
            if (right is null)
            {
                return null;
            }
            left = new SpdxAnd(left, right);
        }
        return left;
    }

    private SpdxExpression? ParseWith(ref ParserState state, int depth)
    {
        var primary = ParsePrimary(ref state, depth);
        if (primary is null || !state.IsOperator("WITH"))
        {
            return primary;
        }
        var withPosition = state.Current.Position;
        state.Advance();
        if (primary is not SpdxLicenseReference license)
        {
            state.SetError("WITH must follow a single license, not an expression or another WITH", withPosition);
            return null;
        }
        if (state.AtEnd || state.Current.Kind != TokenKind.Word || IsOperatorWord(state.Current.Text))
        {
            state.SetError("WITH must be followed by a license exception id", state.AtEnd ? state.Length : state.Current.Position);
            return null;
        }
        var exceptionText = state.Current.Text;
        state.Advance();
        if (exceptionText.EndsWith('+'))
        {
            state.SetError($"'{exceptionText}': a license exception cannot take '+'", withPosition);
            return null;
        }
        var canonical = _list.CanonicalExceptionId(exceptionText);
        return new SpdxWith(license, canonical ?? exceptionText, canonical is not null);
    }

    private SpdxExpression? ParsePrimary(ref ParserState state, int depth)
    {
        if (state.AtEnd)
        {
            state.SetError("the expression ends where a license id or '(' is expected", state.Length);
            return null;
        }
        var token = state.Current;
        if (token.Kind == TokenKind.Open)
        {
            if (depth >= MaxDepth)
            {
                state.SetError($"parentheses are nested deeper than {MaxDepth} levels", token.Position);
                return null;
            }
            state.Advance();
            var inner = ParseOr(ref state, depth + 1);
            if (inner is null)
            {
                return null;
            }
            if (state.AtEnd || state.Current.Kind != TokenKind.Close)
            {
                state.SetError("a '(' is not closed", state.AtEnd ? state.Length : state.Current.Position);
                return null;
            }
            state.Advance();
            return inner;
        }
        if (token.Kind == TokenKind.Close)
        {
            state.SetError("unexpected ')'", token.Position);
            return null;
        }
        if (IsOperatorWord(token.Text))
        {
            state.SetError($"'{token.Text}' is an operator where a license id is expected", token.Position);
            return null;
        }
        state.Advance();
        return ResolveLicense(token.Text, token.Position, ref state);
    }

    private SpdxExpression? ResolveLicense(string word, int position, ref ParserState state)
    {
        var orLater = word.EndsWith('+');
        var id = orLater ? word[..^1] : word;
        if (id.Length == 0 || id.Contains('+', StringComparison.Ordinal))
        {
            state.SetError($"'{word}' is not a license id ('+' may only end one)", position);
            return null;
        }
        if (id.Contains(':', StringComparison.Ordinal) || id.StartsWith("LicenseRef-", StringComparison.OrdinalIgnoreCase))
        {
            if (!IsLicenseRef(id))
            {
                state.SetError($"'{word}' is not a valid LicenseRef (use LicenseRef-name or DocumentRef-name:LicenseRef-name)", position);
                return null;
            }
            return new SpdxLicenseReference(id, orLater, IsListed: false);
        }
        // A deprecated id with '+' (GPL-2.0+) is itself listed as deprecated: look the whole word up first.
        if (orLater && DeprecatedIds.TryReplace(word, _list, out var replacedWhole))
        {
            return replacedWhole;
        }
        if (DeprecatedIds.TryReplace(id, _list, out var replaced))
        {
            if (!orLater)
            {
                return replaced;
            }
            if (replaced is SpdxLicenseReference replacedLicense)
            {
                return DeprecatedIds.OrLaterOf(replacedLicense, _list);
            }
            state.SetError($"'{word}': '+' cannot apply to {replaced}", position);
            return null;
        }
        if (_list.TryGetLicense(id, out var info))
        {
            var listed = new SpdxLicenseReference(info.Id, OrLater: false, IsListed: true);
            return orLater ? DeprecatedIds.OrLaterOf(listed, _list) : listed;
        }
        return new SpdxLicenseReference(id, orLater, IsListed: false);
    }

    private static bool IsLicenseRef(string id)
    {
        var parts = id.Split(':');
        if (parts.Length > 2)
        {
            return false;
        }
        var licenseRef = parts[^1];
        if (!licenseRef.StartsWith("LicenseRef-", StringComparison.OrdinalIgnoreCase) || licenseRef.Length == "LicenseRef-".Length)
        {
            return false;
        }
        return parts.Length == 1
            || (parts[0].StartsWith("DocumentRef-", StringComparison.OrdinalIgnoreCase) && parts[0].Length > "DocumentRef-".Length);
    }

    private static bool IsOperatorWord(string word) =>
        word.Equals("AND", StringComparison.OrdinalIgnoreCase)
        || word.Equals("OR", StringComparison.OrdinalIgnoreCase)
        || word.Equals("WITH", StringComparison.OrdinalIgnoreCase);

    private struct ParserState(IReadOnlyList<SpdxToken> tokens, int length)
    {
        private int _index;

        public string? Error { get; private set; }

        public int ErrorPosition { get; private set; }

        public readonly int Length => length;

        public readonly bool AtEnd => _index >= tokens.Count;

        public readonly SpdxToken Current => tokens[_index];

        public readonly bool IsOperator(string name) =>
            !AtEnd && tokens[_index].Kind == TokenKind.Word && tokens[_index].Text.Equals(name, StringComparison.OrdinalIgnoreCase);

        public void Advance() => _index++;

        public void SetError(string message, int position)
        {
            if (Error is null)
            {
                Error = message;
                ErrorPosition = position;
            }
        }
    }
}
