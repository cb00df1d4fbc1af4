using Governance.Core.Licenses;
using Governance.Core.Policy;

namespace Governance.Core.Tests.Licenses;

public class LicenseEvaluatorTests
{
    private static LicensePolicy Policy(LicenseFallback unknown = LicenseFallback.Quarantine) => new(
        Allow: ["MIT", "Apache-2.0", "ISC", "BSD-3-Clause", "LicenseRef-Acme", "GPL-2.0-only"],
        Deny: ["GPL-*", "AGPL-*"],
        AllowedExceptions: ["LLVM-exception"],
        Unknown: unknown,
        Missing: LicenseFallback.Quarantine,
        Formats: new Dictionary<string, LicenseFormatOverride>
        {
            ["generic"] = new(LicenseFallback.Allow, LicenseFallback.Allow),
        },
        Discovery: new(ParentPom: true, Archive: true, MinimumScore: 0.9));

    private static LicenseEvaluation Evaluate(string[] declared, LicenseFallback unknown = LicenseFallback.Quarantine, string format = "npm") =>
        LicenseEvaluator.Default.Evaluate(declared, Policy(unknown), format);

    [Theory]
    [InlineData("MIT", LicenseStanding.Allowed)]
    [InlineData("MIT OR GPL-3.0-only", LicenseStanding.Allowed)]
    [InlineData("MIT AND GPL-3.0-only", LicenseStanding.Denied)]
    [InlineData("GPL-3.0-only OR AGPL-3.0-only", LicenseStanding.Denied)]
    [InlineData("MIT AND MPL-2.0", LicenseStanding.NotAllowed)]
    [InlineData("MPL-2.0 OR Foo-License", LicenseStanding.Unknown)]
    [InlineData("Apache-2.0 WITH LLVM-exception", LicenseStanding.Allowed)]
    [InlineData("Apache-2.0 WITH Classpath-exception-2.0", LicenseStanding.NotAllowed)]
    [InlineData("LicenseRef-Acme", LicenseStanding.Allowed)]
    [InlineData("LicenseRef-Other", LicenseStanding.Unknown)]
    [InlineData("(MIT OR GPL-3.0-only) AND (ISC OR AGPL-3.0-only)", LicenseStanding.Allowed)]
    [InlineData("GPL-2.0", LicenseStanding.Denied)]
    public void Evaluate_WhenExpressionGiven_ShouldCombineOrAsBestAndAndAsWorst(string expression, LicenseStanding expected)
    {
        Assert.Equal(expected, Evaluate([expression]).Standing);
    }

    [Fact]
    public void Evaluate_WhenIdIsBothAllowedAndDenied_ShouldDeny()
    {
        var evaluation = Evaluate(["GPL-2.0-only"]);
        Assert.Equal(LicenseStanding.Denied, evaluation.Standing);
        Assert.Contains(evaluation.Leaves, l => l.License == "GPL-2.0-only" && l.Standing == LicenseStanding.Denied);
    }

    [Fact]
    public void Evaluate_WhenSeveralEntriesDeclared_ShouldCombineThemWithAnd()
    {
        var evaluation = Evaluate(["MIT", "GNU General Public License v3 (GPLv3)"]);
        Assert.Equal(LicenseStanding.Denied, evaluation.Standing);
        Assert.Equal("MIT AND GPL-3.0-only", evaluation.Expression!.ToString());
    }

    [Fact]
    public void Evaluate_WhenTextIsUnrecognised_ShouldBeUnknownAndKeepTheText()
    {
        var evaluation = Evaluate(["MIT", "SEE LICENSE IN LICENSE.txt"]);
        Assert.Equal(LicenseStanding.Unknown, evaluation.Standing);
        Assert.Equal(["SEE LICENSE IN LICENSE.txt"], evaluation.UnrecognisedTexts);
        Assert.False(evaluation.Passes(LicenseFallback.Quarantine, LicenseFallback.Quarantine));
        Assert.True(evaluation.Passes(LicenseFallback.Allow, LicenseFallback.Quarantine));
    }

    [Fact]
    public void Evaluate_WhenUnknownIsAllowed_ShouldStillFailOnDeniedBranchOfAnd()
    {
        Assert.Equal(LicenseStanding.Denied, Evaluate(["GPL-3.0-only AND Foo-License"], LicenseFallback.Allow).Standing);
    }

    [Fact]
    public void Evaluate_WhenUnknownIsAllowed_ShouldPreferUnknownBranchOverNotAllowedInOr()
    {
        var evaluation = Evaluate(["MPL-2.0 OR Foo-License"], LicenseFallback.Allow);
        Assert.True(evaluation.Passes(LicenseFallback.Allow, LicenseFallback.Quarantine));
    }

    [Fact]
    public void Evaluate_WhenNothingDeclared_ShouldBeMissing()
    {
        var evaluation = Evaluate(["  "]);
        Assert.Equal(LicenseStanding.Missing, evaluation.Standing);
    }

    [Fact]
    public void UnknownFor_WhenFormatHasOverride_ShouldUseIt()
    {
        Assert.Equal(LicenseFallback.Allow, Policy().MissingFor("generic"));
        Assert.Equal(LicenseFallback.Quarantine, Policy().MissingFor("npm"));
    }
}
