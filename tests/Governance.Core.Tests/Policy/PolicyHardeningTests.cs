using CsCheck;
using Governance.Core.Packages;
using Governance.Core.Policy;
using Governance.TestSupport;

namespace Governance.Core.Tests.Policy;

/// <summary>Issue 15: every value the policy accepts means what it says; everything else is an error with line and key.</summary>
public class PolicyHardeningTests
{
    private static PolicyError SingleError(string yaml)
    {
        var result = PolicyLoader.LoadFromText(yaml, "test.yaml");
        Assert.False(result.Success);
        return Assert.Single(result.Errors);
    }

    private static string Deny(string package, string versions) =>
        $"denyList:\n  - package: \"{package}\"\n    versions: \"{versions}\"\n    reason: incident\n";

    private static string Waiver(string expires) =>
        $"waivers:\n  - package: pkg:npm/x\n    version: 1.0.0\n    rule: license.unknown\n    reason: r\n    expires: {expires}\n";

    [Theory]
    [InlineData("^1.0.0", "caret range", ">=1.0.0 <2.0.0")]
    [InlineData("^0.2.3", "caret range", ">=0.2.3 <0.3.0")]
    [InlineData("^0.0.3", "caret range", ">=0.0.3 <0.0.4")]
    [InlineData("~1.2.0", "tilde range", ">=1.2.0 <1.3.0")]
    [InlineData("~1", "tilde range", ">=1.0.0 <2.0.0")]
    [InlineData("1.x", "x-range", ">=1.0.0 <2.0.0")]
    [InlineData("1.2.X", "x-range", ">=1.2.0 <1.3.0")]
    [InlineData("1.0.0 - 2.0.0", "hyphen range", ">=1.0.0 <=2.0.0")]
    [InlineData(">=1.0.0 <2.0.0 || ^3.1.0", "caret range", ">=3.1.0 <4.0.0")]
    public void Load_WhenDenyVersionsAreNpmStyle_ShouldRefuseWithTheEquivalentAndAcceptedForms(string versions, string kind, string equivalent)
    {
        var error = SingleError(Deny("pkg:npm/left-pad", versions));

        Assert.Equal("denyList[0].versions", error.Key);
        Assert.Equal(3, error.Line);
        Assert.Contains($"npm {kind}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"write it as '{equivalent}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("accepted: *", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1.0,2.0)")]
    [InlineData("~=1.4")]
    [InlineData("!=1.0.0")]
    [InlineData("1.*")]
    public void Load_WhenDenyVersionsUseAnotherToolsRangeSyntax_ShouldRefuse(string versions)
    {
        var error = SingleError(Deny("pkg:pypi/requests", versions));
        Assert.Equal("denyList[0].versions", error.Key);
        Assert.Contains("accepted: *", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.0.0-rc.1")]
    [InlineData("1!2.0.post1")]
    [InlineData(">=2.0.0-0 <2.0.0+build.5")]
    [InlineData("v1.2 || 1.0_beta")]
    public void Load_WhenDenyVersionsAreRealVersions_ShouldAccept(string versions)
    {
        var result = PolicyLoader.LoadFromText(Deny("pkg:pypi/requests", versions), "test.yaml");
        Assert.True(result.Success, string.Join("\n", result.Errors));
    }

    [Theory]
    [InlineData("pkg:nmp/left-pad", "nmp")]
    [InlineData("pkg:rpm/openssl", "rpm")]
    [InlineData("pkg:github/acme/tool", "github")]
    public void Load_WhenPurlTypeUnknown_ShouldRefuseListingKnownTypes(string package, string type)
    {
        var error = SingleError(Deny(package, "*"));

        Assert.Equal("denyList[0].package", error.Key);
        Assert.Equal(2, error.Line);
        Assert.Contains($"unknown package type '{type}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("known types: npm, pypi, maven, nuget, generic, gem (or ruby), swift, cargo", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenWaiverPurlTypeUnknown_ShouldRefuse()
    {
        var error = SingleError(Waiver("2027-01-01").Replace("pkg:npm/x", "pkg:nmp/x", StringComparison.Ordinal));
        Assert.Equal("waivers[0].package", error.Key);
    }

    [Theory]
    [InlineData("pkg:gem/rails", PackageFormats.Ruby)]
    [InlineData("pkg:ruby/rails", PackageFormats.Ruby)]
    [InlineData("pkg:cargo/serde", PackageFormats.Cargo)]
    [InlineData("pkg:swift/apple/swift-nio", PackageFormats.Swift)]
    [InlineData("pkg:NPM/left-pad", PackageFormats.Npm)]
    public void Load_WhenPurlTypeKnown_ShouldMatchThatFormat(string package, string format)
    {
        var result = PolicyLoader.LoadFromText(Deny(package, "*"), "test.yaml");
        Assert.True(result.Success, string.Join("\n", result.Errors));
        Assert.Equal(format, result.Policy.DenyList[0].Package.Format);
    }

    [Fact]
    public void Load_WhenWaiverExpiresOnTheCalendarsLastDay_ShouldNeverExpireBeforeThen()
    {
        var result = PolicyLoader.LoadFromText(Waiver("9999-12-31"), "test.yaml");

        Assert.True(result.Success, string.Join("\n", result.Errors));
        var waiver = Assert.Single(result.Policy.Waivers);
        Assert.Equal(DateTimeOffset.MaxValue, waiver.ExpiresAt);
        Assert.False(waiver.IsExpired(new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("9999-12-30", "9999-12-31T00:00:00+00:00")]
    [InlineData("0001-01-01", "0001-01-02T00:00:00+00:00")]
    [InlineData("9999-12-31T23:59:59Z", "9999-12-31T23:59:59+00:00")]
    public void Load_WhenWaiverExpiresAtTheCalendarsEdges_ShouldLoadExactly(string expires, string expected)
    {
        var result = PolicyLoader.LoadFromText(Waiver(expires), "test.yaml");
        Assert.True(result.Success, string.Join("\n", result.Errors));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), result.Policy.Waivers[0].ExpiresAt);
    }

    [Theory]
    [InlineData("2026-02-30")]
    [InlineData("2026-13-01")]
    [InlineData("0000-01-01")]
    [InlineData("10000-01-01")]
    [InlineData("2026-12-31T25:00:00Z")]
    public void Load_WhenWaiverExpiryIsImpossible_ShouldRefuseWithTheAcceptedForm(string expires)
    {
        var error = SingleError(Waiver(expires));
        Assert.Equal("waivers[0].expires", error.Key);
        Assert.Equal(6, error.Line);
        Assert.Contains("a date (2026-12-31", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenWaiverDatesSampled_ShouldLoadOrRefuseButNeverThrow()
    {
        Gen.Select(Gen.Int[0, 10_000], Gen.Int[0, 13], Gen.Int[0, 32]).Sample((y, m, d) =>
        {
            var text = $"{y:0000}-{m:00}-{d:00}";
            var result = PolicyLoader.LoadFromText(Waiver(text), "test.yaml");
            var valid = y is >= 1 and <= 9999 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m);
            Assert.Equal(valid, result.Success);
        }, iter: 2_000);
    }

    [Fact]
    public void Load_WhenFileLargerThanOneMebibyte_ShouldRefuseWithTheLimit()
    {
        var yaml = "mode: audit\n" + new string('#', PolicyLoader.MaxPolicyBytes) + "\n";
        var error = SingleError(yaml);
        Assert.Contains("larger than 1 MiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenFileOnDiskLargerThanOneMebibyte_ShouldRefuseWithoutReadingIt()
    {
        using var folder = new TempFolder("policy");
        var path = folder.File("policy.yaml");
        File.WriteAllText(path, new string(' ', PolicyLoader.MaxPolicyBytes + 1));

        var error = Assert.Single(PolicyLoader.Load(path).Errors);

        Assert.Equal(path, error.File);
        Assert.Contains("larger than 1 MiB", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    public void Load_WhenFlowNested30000Deep_ShouldRefuseNotOverflowTheStack(string open, string close)
    {
        const int depth = 30_000;
        var yaml = "scope: " + string.Concat(Enumerable.Repeat(open, depth)) + "x" + string.Concat(Enumerable.Repeat(close, depth)) + "\n";

        var error = SingleError(yaml);

        Assert.Contains("nests deeper than 64 levels", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Load_WhenBlockNested500Deep_ShouldRefuseAtTheLineItGoesTooDeep()
    {
        var yaml = "scope:\n" + string.Concat(Enumerable.Range(1, 500).Select(i => new string(' ', i * 2) + "-\n"));

        var error = SingleError(yaml);

        Assert.Contains("nests deeper than 64 levels", error.Message, StringComparison.Ordinal);
        Assert.Equal(65, error.Line);
    }

    [Fact]
    public void Load_WhenNestedExactlyToTheLimit_ShouldReachTheUsualChecks()
    {
        var depth = PolicyLoader.MaxNestingDepth - 1; // the root mapping is the first level
        var yaml = "scope: " + new string('[', depth) + new string(']', depth) + "\n";
        var error = SingleError(yaml);
        Assert.DoesNotContain("nests deeper", error.Message, StringComparison.Ordinal);
        Assert.Equal("scope", error.Key);
    }
}
