using Governance.Core.Licenses;

namespace Governance.Core.Tests.Licenses;

public class SpdxExpressionParserTests
{
    private static SpdxExpression ParseOk(string text)
    {
        var result = SpdxExpressionParser.Default.Parse(text);
        Assert.True(result.Success, result.Error);
        return result.Expression;
    }

    [Theory]
    [InlineData("MIT", "MIT")]
    [InlineData("mit", "MIT")]
    [InlineData("apache-2.0", "Apache-2.0")]
    [InlineData("MIT OR Apache-2.0", "MIT OR Apache-2.0")]
    [InlineData("mit or apache-2.0 and isc", "MIT OR Apache-2.0 AND ISC")]
    [InlineData("(MIT OR Apache-2.0) AND ISC", "(MIT OR Apache-2.0) AND ISC")]
    [InlineData("((MIT))", "MIT")]
    [InlineData("GPL-2.0-only WITH Classpath-exception-2.0", "GPL-2.0-only WITH Classpath-exception-2.0")]
    [InlineData("apache-2.0 with llvm-exception", "Apache-2.0 WITH LLVM-exception")]
    [InlineData("LicenseRef-Acme-Proprietary", "LicenseRef-Acme-Proprietary")]
    [InlineData("DocumentRef-spdx-tool:LicenseRef-MIT-Style", "DocumentRef-spdx-tool:LicenseRef-MIT-Style")]
    [InlineData("EPL-1.0+", "EPL-1.0+")]
    public void Parse_WhenValid_ShouldPrintCanonicalForm(string text, string expected)
    {
        Assert.Equal(expected, ParseOk(text).ToString());
    }

    [Theory]
    [InlineData("GPL-2.0", "GPL-2.0-only")]
    [InlineData("GPL-2.0+", "GPL-2.0-or-later")]
    [InlineData("gpl-3.0+", "GPL-3.0-or-later")]
    [InlineData("LGPL-2.1", "LGPL-2.1-only")]
    [InlineData("AGPL-3.0", "AGPL-3.0-only")]
    [InlineData("GPL-2.0-with-classpath-exception", "GPL-2.0-only WITH Classpath-exception-2.0")]
    [InlineData("BSD-2-Clause-FreeBSD", "BSD-2-Clause")]
    [InlineData("StandardML-NJ", "SMLNJ")]
    [InlineData("GPL-2.0-only+", "GPL-2.0-or-later")]
    public void Parse_WhenIdIsDeprecated_ShouldMapToCurrentForm(string text, string expected)
    {
        Assert.Equal(expected, ParseOk(text).ToString());
    }

    [Fact]
    public void Parse_WhenAndAndOrMix_ShouldBindAndTighter()
    {
        var expression = ParseOk("MIT OR ISC AND Apache-2.0");
        var or = Assert.IsType<SpdxOr>(expression);
        Assert.IsType<SpdxAnd>(or.Right);
    }

    [Fact]
    public void Parse_WhenIdIsNotInList_ShouldParseAsUnlistedLeaf()
    {
        var leaf = Assert.IsType<SpdxLicenseReference>(ParseOk("Acme-Internal-1.0"));
        Assert.False(leaf.IsListed);
        Assert.False(leaf.IsLicenseRef);
    }

    [Fact]
    public void Parse_WhenLicenseRef_ShouldFlagItAsLicenseRef()
    {
        var leaf = Assert.IsType<SpdxLicenseReference>(ParseOk("LicenseRef-Acme"));
        Assert.True(leaf.IsLicenseRef);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("MIT OR", "ends")]
    [InlineData("(MIT", "not closed")]
    [InlineData("MIT)", "unexpected ')'")]
    [InlineData("MIT AND AND ISC", "operator")]
    [InlineData("MIT ISC", "unexpected 'ISC'")]
    [InlineData("MIT WITH", "exception id")]
    [InlineData("(MIT OR ISC) WITH LLVM-exception", "single license")]
    [InlineData("MIT/ISC", "character '/'")]
    [InlineData("LicenseRef-", "LicenseRef")]
    [InlineData("GPL++", "'+'")]
    public void Parse_WhenInvalid_ShouldReturnErrorDescribingTheProblem(string text, string fragment)
    {
        var result = SpdxExpressionParser.Default.Parse(text);
        Assert.False(result.Success);
        Assert.Contains(fragment, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenNestedTooDeep_ShouldFailInsteadOfOverflowing()
    {
        var text = new string('(', 10_000) + "MIT" + new string(')', 10_000);
        var result = SpdxExpressionParser.Default.Parse(text.Length > 4096 ? text[..4000] : text);
        Assert.False(result.Success);
    }

    [Fact]
    public void Print_WhenRightOperandIsSameOperator_ShouldKeepParenthesesSoTreeRoundTrips()
    {
        var expression = new SpdxOr(
            new SpdxLicenseReference("MIT", false, true),
            new SpdxOr(new SpdxLicenseReference("ISC", false, true), new SpdxLicenseReference("0BSD", false, true)));
        Assert.Equal("MIT OR (ISC OR 0BSD)", expression.ToString());
        Assert.Equal(expression, ParseOk(expression.ToString()));
    }
}
