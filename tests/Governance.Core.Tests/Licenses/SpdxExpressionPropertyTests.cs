using CsCheck;
using Governance.Core.Licenses;

namespace Governance.Core.Tests.Licenses;

public class SpdxExpressionPropertyTests
{
    private static readonly string[] Ids = ["MIT", "Apache-2.0", "GPL-2.0+", "gpl-3.0", "ISC", "LicenseRef-X", "Foo-1", "BSD-3-Clause", "EPL-1.0+"];
    private static readonly string[] Exceptions = ["Classpath-exception-2.0", "LLVM-exception", "Made-Up-exception"];

    // Random well-formed expressions: leaves, WITH, AND/OR in any nesting, printed with redundant parentheses and
    // random case so the parser's normalisation is exercised too.
    private static readonly Gen<string> Expression = Gen.Recursive<string>((depth, self) =>
    {
        var leaf = Gen.OneOf(Ids);
        var with = Gen.Select(Gen.OneOf(Ids).Where(i => !i.Contains("LicenseRef")), Gen.OneOf(Exceptions), (l, e) => $"{l} WITH {e}");
        if (depth >= 4)
        {
            return Gen.OneOf(leaf, with);
        }
        var binary = Gen.Select(self, Gen.OneOf(" AND ", " OR ", " and ", " or "), self, Gen.Bool,
            (l, op, r, paren) => paren ? $"({l}{op}{r})" : $"({l}){op}({r})");
        return Gen.Frequency<string>((3, (IGen<string>)leaf), (1, with), (3, binary));
    });

    [Fact]
    public void Parse_WhenGivenAnyString_ShouldNeverThrow()
    {
        Gen.String[Gen.Char["()+: ANDORWITHmitapc-.0123LicenseRef\t\u0001/"], 0, 80].Sample(text =>
        {
            var result = SpdxExpressionParser.Default.Parse(text);
            Assert.True(result.Success ^ (result.Error is not null));
        }, iter: 5_000);
    }

    [Fact]
    public void Parse_WhenGivenArbitraryUnicode_ShouldNeverThrow()
    {
        Gen.String.Sample(text => { _ = SpdxExpressionParser.Default.Parse(text); }, iter: 5_000);
    }

    [Fact]
    public void Print_WhenParsedAgain_ShouldGiveTheSameTree()
    {
        Expression.Sample(text =>
        {
            var first = SpdxExpressionParser.Default.Parse(text);
            Assert.True(first.Success, $"{text}: {first.Error}");
            var printed = first.Expression.ToString();
            var second = SpdxExpressionParser.Default.Parse(printed);
            Assert.True(second.Success, $"{printed}: {second.Error}");
            Assert.Equal(first.Expression, second.Expression);
            Assert.Equal(printed, second.Expression.ToString());
        }, iter: 2_000);
    }
}
