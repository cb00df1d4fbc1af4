using System.Diagnostics.CodeAnalysis;

namespace Governance.Core.Licenses;

/// <summary>The outcome of parsing an SPDX expression: the tree, or an error with the character position it refers to.</summary>
public sealed record SpdxParseResult(SpdxExpression? Expression, string? Error, int ErrorPosition)
{
    [MemberNotNullWhen(true, nameof(Expression))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Success => Expression is not null;

    internal static SpdxParseResult Ok(SpdxExpression expression) => new(expression, null, -1);

    internal static SpdxParseResult Fail(string error, int position) => new(null, error, position);
}
