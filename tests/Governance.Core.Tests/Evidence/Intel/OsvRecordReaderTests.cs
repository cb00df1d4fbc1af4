using System.Text;
using Governance.Core.Evidence;
using Governance.Core.Evidence.Intel;

namespace Governance.Core.Tests.Evidence.Intel;

public class OsvRecordReaderTests
{
    private static OsvRecord Read(string json) => OsvRecordReader.Read(Encoding.UTF8.GetBytes(json));

    private static Advisory Advisory(string json)
    {
        var record = Read(json);
        Assert.True(record.Succeeded, record.Error);
        return record.Advisory;
    }

    [Fact]
    public void Read_WhenTheRecordCarriesACvssV3Vector_ShouldScoreItAndBandIt()
    {
        var advisory = Advisory("""
            {"id":"GHSA-jfh8-c2jp-5v3q","aliases":["CVE-2021-44228"],"summary":"Remote code injection in Log4j",
             "severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"}],
             "database_specific":{"severity":"LOW"}}
            """);

        Assert.Equal(AdvisorySeverity.Critical, advisory.Severity);
        Assert.Equal(10.0, advisory.Score);
        Assert.Equal(["CVE-2021-44228"], advisory.Aliases);
        Assert.Equal("Remote code injection in Log4j", advisory.Summary);
        Assert.Equal("https://osv.dev/vulnerability/GHSA-jfh8-c2jp-5v3q", advisory.Link);
        Assert.False(advisory.Malicious);
    }

    [Fact]
    public void Read_WhenSeveralVectors_ShouldTakeTheHighestIncludingPerPackageOnes()
    {
        var advisory = Advisory("""
            {"id":"GHSA-aaaa-bbbb-cccc",
             "severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N"}],
             "affected":[{"severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"}]}]}
            """);

        Assert.Equal(7.5, advisory.Score);
        Assert.Equal(AdvisorySeverity.High, advisory.Severity);
    }

    [Fact]
    public void Read_WhenOnlyACvssV4Vector_ShouldFallBackToTheDatabaseLabel()
    {
        var advisory = Advisory("""
            {"id":"GHSA-aaaa-bbbb-cccc",
             "severity":[{"type":"CVSS_V4","score":"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"}],
             "database_specific":{"severity":"MODERATE"}}
            """);

        Assert.Equal(AdvisorySeverity.Moderate, advisory.Severity);
        Assert.Null(advisory.Score);
    }

    [Fact]
    public void Read_WhenTheVectorIsBroken_ShouldFallBackInsteadOfFailing()
    {
        var advisory = Advisory("""
            {"id":"GHSA-aaaa-bbbb-cccc","severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:Q"}, 7, null],
             "affected":[{"ecosystem_specific":{"severity":"MEDIUM"}},{"ecosystem_specific":{"severity":"HIGH"}}]}
            """);

        Assert.Equal(AdvisorySeverity.High, advisory.Severity);
        Assert.Null(advisory.Score);
    }

    [Fact]
    public void Read_WhenNothingSaysHowSevere_ShouldBeUnknown()
    {
        Assert.Equal(AdvisorySeverity.Unknown, Advisory("""{"id":"PYSEC-2021-1","database_specific":{"severity":"BAD"}}""").Severity);
    }

    [Fact]
    public void Read_WhenTheIdIsMal_ShouldBeMaliciousAndCritical()
    {
        var advisory = Advisory("""{"id":"MAL-2026-2306","summary":"Malicious code in plain-crypto-js (npm)","database_specific":{"severity":"LOW"}}""");

        Assert.True(advisory.Malicious);
        Assert.Equal(AdvisorySeverity.Critical, advisory.Severity);
    }

    [Fact]
    public void Read_WhenAnAliasIsMal_ShouldBeMalicious()
    {
        var advisory = Advisory("""{"id":"GHSA-aaaa-bbbb-cccc","aliases":["CVE-2099-1","MAL-2099-7"]}""");

        Assert.True(advisory.Malicious);
        Assert.Equal(AdvisorySeverity.Critical, advisory.Severity);
    }

    [Fact]
    public void Read_WhenNoSummary_ShouldTakeTheFirstLineOfTheDetails()
    {
        var advisory = Advisory("{\"id\":\"GHSA-aaaa-bbbb-cccc\",\"details\":\"\\n\\n# Overview\\nSecond line\"}");

        Assert.Equal("Overview", advisory.Summary);
    }

    [Fact]
    public void Read_WhenTheSummaryIsHuge_ShouldCapItAndDropControlCharacters()
    {
        var advisory = Advisory("{\"id\":\"GHSA-aaaa-bbbb-cccc\",\"summary\":\"a\\u0007b" + new string('x', 10_000) + "\"}");

        Assert.Equal(OsvRecordReader.MaxSummaryLength, advisory.Summary.Length);
        Assert.StartsWith("a b", advisory.Summary, StringComparison.Ordinal);
        Assert.EndsWith("…", advisory.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenWithdrawn_ShouldSaySo()
    {
        Assert.True(Read("""{"id":"GHSA-aaaa-bbbb-cccc","withdrawn":"2024-01-01T00:00:00Z"}""").Withdrawn);
    }

    [Fact]
    public void Read_ShouldDropMalformedAndDuplicateAliasesAndBoundTheRest()
    {
        var many = string.Join(',', Enumerable.Range(0, 500).Select(i => $"\"CVE-2099-{i}\""));
        var advisory = Advisory("{\"id\":\"GHSA-aaaa-bbbb-cccc\",\"aliases\":[\"GHSA-aaaa-bbbb-cccc\",\"<script>\",42,\"CVE-2099-0\"," + many + "]}");

        Assert.Equal(OsvRecordReader.MaxAliases, advisory.Aliases.Count);
        Assert.Equal("CVE-2099-0", advisory.Aliases[0]);
        Assert.DoesNotContain("<script>", advisory.Aliases);
        Assert.DoesNotContain("GHSA-aaaa-bbbb-cccc", advisory.Aliases);
    }

    [Theory]
    [InlineData("[1,2,3]", "a JSON array, not an object")]
    [InlineData("\"MAL-1\"", "a JSON string, not an object")]
    [InlineData("{}", "no string field \"id\"")]
    [InlineData("{\"id\":42}", "no string field \"id\"")]
    [InlineData("{\"id\":\"../../etc/passwd\"}", "not an OSV id")]
    [InlineData("{\"id\":\"\"}", "not an OSV id")]
    [InlineData("{\"id\":\"GHSA-1\",\"aliases\":\"CVE-1\"}", "\"aliases\" is not an array")]
    [InlineData("{\"id\":\"GHSA-1\"", "not valid JSON")]
    [InlineData("", "not valid JSON")]
    public void Read_WhenTheRecordIsNotARecord_ShouldFailWithAReason(string json, string expected)
    {
        var record = Read(json);

        Assert.False(record.Succeeded);
        Assert.Contains(expected, record.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenNestedAbsurdlyDeep_ShouldFailNotThrow()
    {
        var json = "{\"id\":\"GHSA-1\",\"x\":" + new string('[', 5000) + new string(']', 5000) + "}";

        Assert.Contains("not valid JSON", Read(json).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenLargerThanARecordCanBe_ShouldFailBeforeParsing()
    {
        var record = OsvRecordReader.Read(new byte[OsvRecordReader.MaxRecordBytes + 1]);

        Assert.Contains("more than the", record.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenTheIdIsTooLong_ShouldFail()
    {
        Assert.Contains("not an OSV id", Read("{\"id\":\"" + new string('A', 129) + "\"}").Error, StringComparison.Ordinal);
    }
}
