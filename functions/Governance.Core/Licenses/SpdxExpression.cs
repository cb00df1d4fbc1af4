using System.Text;

namespace Governance.Core.Licenses;

/// <summary>
/// A parsed SPDX license expression. Nodes are records, so two expressions are equal when their trees are; printing
/// (<see cref="ToString"/>) adds exactly the parentheses needed for the printed text to parse back to the same tree.
/// </summary>
public abstract record SpdxExpression
{
    /// <summary>Binding strength: OR (1) is weaker than AND (2), which is weaker than WITH and single licenses (3).</summary>
    internal abstract int Precedence { get; }

    internal abstract void Print(StringBuilder builder);

    public sealed override string ToString()
    {
        var builder = new StringBuilder();
        Print(builder);
        return builder.ToString();
    }

    /// <summary>Every license leaf, left to right.</summary>
    public IEnumerable<SpdxLicenseReference> Licenses() => this switch
    {
        SpdxLicenseReference license => [license],
        SpdxWith with => [with.License],
        SpdxBinary binary => binary.Left.Licenses().Concat(binary.Right.Licenses()),
        _ => [],
    };
}

/// <summary>
/// A single license: an SPDX id (<see cref="IsListed"/> when the SPDX list has it), a <c>LicenseRef-…</c>
/// (optionally <c>DocumentRef-…:LicenseRef-…</c>), or an id the list does not know. <see cref="OrLater"/> is the
/// <c>+</c> suffix.
/// </summary>
public sealed record SpdxLicenseReference(string Id, bool OrLater, bool IsListed) : SpdxExpression
{
    public bool IsLicenseRef => Id.Contains("LicenseRef-", StringComparison.OrdinalIgnoreCase);

    internal override int Precedence => 3;

    internal override void Print(StringBuilder builder) => builder.Append(Id).Append(OrLater ? "+" : "");
}

/// <summary><c>license WITH exception</c>; <see cref="IsListedException"/> when the SPDX exception list has it.</summary>
public sealed record SpdxWith(SpdxLicenseReference License, string ExceptionId, bool IsListedException) : SpdxExpression
{
    internal override int Precedence => 3;

    internal override void Print(StringBuilder builder)
    {
        License.Print(builder);
        builder.Append(" WITH ").Append(ExceptionId);
    }
}

/// <summary>A binary operator node; AND and OR associate to the left when parsed.</summary>
public abstract record SpdxBinary(SpdxExpression Left, SpdxExpression Right) : SpdxExpression
{
    internal abstract string Operator { get; }

    internal override void Print(StringBuilder builder)
    {
        // Left operand: needs parentheses only when it binds weaker. Right operand: also when it is the same
        // operator, because the parser associates to the left and the tree must survive the round trip.
        PrintOperand(builder, Left, Left.Precedence < Precedence);
        builder.Append(' ').Append(Operator).Append(' ');
        PrintOperand(builder, Right, Right.Precedence <= Precedence);
    }

    private static void PrintOperand(StringBuilder builder, SpdxExpression operand, bool parenthesise)
    {
        if (parenthesise)
        {
            builder.Append('(');
        }
        operand.Print(builder);
        if (parenthesise)
        {
            builder.Append(')');
        }
    }
}

public sealed record SpdxAnd(SpdxExpression Left, SpdxExpression Right) : SpdxBinary(Left, Right)
{
    internal override int Precedence => 2;

    internal override string Operator => "AND";
}

public sealed record SpdxOr(SpdxExpression Left, SpdxExpression Right) : SpdxBinary(Left, Right)
{
    internal override int Precedence => 1;

    internal override string Operator => "OR";
}
