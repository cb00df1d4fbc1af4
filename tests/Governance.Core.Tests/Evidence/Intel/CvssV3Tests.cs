using Governance.Core.Evidence;
using Governance.Core.Evidence.Intel;

namespace Governance.Core.Tests.Evidence.Intel;

public class CvssV3Tests
{
    /// <summary>Vectors with their published base scores (FIRST's v3.1 examples document, NVD entries).</summary>
    [Theory]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0)] // Log4Shell, CVE-2021-44228
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8)] // Shellshock, CVE-2014-6271
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5)] // Heartbleed, CVE-2014-0160
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1)] // reflected XSS, CVE-2013-1937
    [InlineData("CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1)] // POODLE, CVE-2014-3566
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9)] // VMware guest-to-host, CVE-2012-1516
    [InlineData("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8)] // Dirty COW, CVE-2016-5195
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N", 5.3)]
    [InlineData("CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.8)]
    [InlineData("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8)]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0)] // no impact, no score
    public void BaseScore_OfPublishedVectors_ShouldMatchTheirPublishedScores(string vector, double expected)
    {
        Assert.Equal(expected, CvssV3.TryScore(vector, out var error));
        Assert.Null(error);
    }

    [Fact]
    public void BaseScore_WhenScopeChanges_ShouldWeighPrivilegesLess()
    {
        // PR:H weighs 0.27 unchanged but 0.5 changed (worked through the spec's equations: 6.6 against 4.7).
        Assert.Equal(6.6, CvssV3.TryScore("CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:C/C:L/I:L/A:L", out _));
        Assert.Equal(4.7, CvssV3.TryScore("CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L", out _));
    }

    [Fact]
    public void TryScore_WhenTemporalMetricsFollow_ShouldScoreTheBaseOnly()
    {
        Assert.Equal(10.0, CvssV3.TryScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/E:H/RL:O/RC:C", out _));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "not a CVSS v3 prefix")]
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "not a CVSS v3 prefix")]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", "A is missing")]
    [InlineData("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "AV:X is not a legal value")]
    [InlineData("CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "AV appears twice")]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:Q", "'ZZ' is not a CVSS v3 metric")]
    [InlineData("CVSS:3.1/AV:NN/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "not a metric")]
    [InlineData("CVSS:3.1//AC:L", "not a metric")]
    public void TryParse_WhenTheVectorIsWrong_ShouldSayWhat(string vector, string expected)
    {
        Assert.False(CvssV3Vector.TryParse(vector, out var parsed, out var error));
        Assert.Null(parsed);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_WhenAbsurdlyLong_ShouldRefuseWithoutReading()
    {
        var vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" + string.Concat(Enumerable.Repeat("/E:H", 10_000));
        Assert.False(CvssV3Vector.TryParse(vector, out _, out var error));
        Assert.Contains("more than the 200", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10.0, AdvisorySeverity.Critical)]
    [InlineData(9.0, AdvisorySeverity.Critical)]
    [InlineData(8.9, AdvisorySeverity.High)]
    [InlineData(7.0, AdvisorySeverity.High)]
    [InlineData(6.9, AdvisorySeverity.Moderate)]
    [InlineData(4.0, AdvisorySeverity.Moderate)]
    [InlineData(3.9, AdvisorySeverity.Low)]
    [InlineData(0.1, AdvisorySeverity.Low)]
    [InlineData(0.0, AdvisorySeverity.Unknown)]
    public void Band_ShouldFollowTheQualitativeScale(double score, AdvisorySeverity expected)
    {
        Assert.Equal(expected, CvssV3.Band(score));
    }
}
