using System.Text.Json;
using Governance.Local.Osv;

namespace Governance.Local.Tests.Osv;

public class OsvVersionOrderTests
{
    [Theory]
    [InlineData("1.0.0", "1.0.1")]
    [InlineData("1.9.0", "1.10.0")]
    [InlineData("1.0.0-alpha", "1.0.0")]
    [InlineData("1.0.0-alpha", "1.0.0-alpha.1")]
    [InlineData("1.0.0-alpha.1", "1.0.0-alpha.beta")]
    [InlineData("1.0.0-beta.2", "1.0.0-beta.11")]
    [InlineData("1.0.0-rc.1", "1.0.0")]
    [InlineData("1.4.2", "1.4.44-liberty-2")]
    public void SemVer_ShouldOrderByPrecedence(string lower, string higher)
    {
        Assert.True(OsvVersionOrder.Compare(lower, higher, semver: true) < 0);
        Assert.True(OsvVersionOrder.Compare(higher, lower, semver: true) > 0);
    }

    [Fact]
    public void SemVer_ShouldIgnoreBuildMetadata()
    {
        Assert.Equal(0, OsvVersionOrder.Compare("1.0.0+build.1", "1.0.0+build.2", semver: true));
    }

    [Theory]
    [InlineData("2.0-alpha1", "2.0-beta9")]
    [InlineData("2.0-beta9", "2.0-rc1")]
    [InlineData("2.0-rc1", "2.0")]
    [InlineData("2.0", "2.0.1")]
    [InlineData("2.3", "2.3.1")]
    [InlineData("2.12.1", "2.12.2")]
    [InlineData("2.9.1", "2.10.0")]
    [InlineData("1.0-SNAPSHOT", "1.0")]
    [InlineData("1.0", "1.0-sp1")]
    [InlineData("1.0-sp1", "1.0.1")]
    [InlineData("1.0.dev1", "1.0a1")]
    public void Lenient_ShouldOrderNumbersAndQualifiersLikeMaven(string lower, string higher)
    {
        Assert.True(OsvVersionOrder.Compare(lower, higher, semver: false) < 0);
        Assert.True(OsvVersionOrder.Compare(higher, lower, semver: false) > 0);
    }

    [Theory]
    [InlineData("1.0", "1.0.0")]
    [InlineData("2.0", "2.0-final")]
    [InlineData("1.0-RC1", "1.0-rc1")]
    public void Lenient_ShouldTreatEquivalentSpellingsAsEqual(string a, string b)
    {
        Assert.Equal(0, OsvVersionOrder.Compare(a, b, semver: false));
    }

    [Theory]
    [InlineData("1.2.3", true)]
    [InlineData("1.2.4", true)]
    [InlineData("1.2.5", false)]
    [InlineData("1.2.2", false)]
    public void LastAffected_ShouldIncludeItselfAndStopAfter(string version, bool expected)
    {
        using var record = JsonDocument.Parse("""
            {"id":"X-1","affected":[{"package":{"ecosystem":"npm","name":"p"},
             "ranges":[{"type":"SEMVER","events":[{"last_affected":"1.2.4"},{"introduced":"1.2.3"}]}]}]}
            """);

        Assert.Equal(expected, OsvAffectedMatch.Affects(record.RootElement, "npm", "p", version));
    }

    [Theory]
    [InlineData("0.0.1", true)]
    [InlineData("1.9.9", true)]
    [InlineData("2.0.0", false)]
    [InlineData("3.0.0", true)]
    public void IntroducedZero_ShouldMeanFromTheBeginningAndReopenAfterAFix(string version, bool expected)
    {
        using var record = JsonDocument.Parse("""
            {"id":"X-1","affected":[{"package":{"ecosystem":"PyPI","name":"Some_Package"},
             "ranges":[{"type":"GIT","events":[{"introduced":"0"}]},{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"2.0.0"},{"introduced":"3.0.0"}]}]}]}
            """);

        Assert.Equal(expected, OsvAffectedMatch.Affects(record.RootElement, "PyPI", "some-package", version));
    }
}
