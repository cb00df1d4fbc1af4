using Governance.Local.Tests.Support;

namespace Governance.Local.Tests.Osv;

/// <summary>The shipped incident records, served by the stack's <c>/osv/</c> endpoint as osv.dev would answer.</summary>
public sealed class OsvEndpointIncidentTests(OsvStackFixture osv) : IClassFixture<OsvStackFixture>
{
    [Theory]
    [InlineData("npm", "event-stream", "3.3.6", "MAL-LOCAL-0001")]
    [InlineData("npm", "ua-parser-js", "0.7.29", "MAL-LOCAL-0002")]
    [InlineData("npm", "ua-parser-js", "1.0.0", "MAL-LOCAL-0002")]
    [InlineData("npm", "node-ipc", "10.1.1", "MAL-LOCAL-0003")]
    [InlineData("npm", "node-ipc", "10.1.2", "MAL-LOCAL-0003")]
    [InlineData("npm", "colors", "1.4.1", "MAL-LOCAL-0004")]
    [InlineData("npm", "colors", "1.4.44-liberty-2", "MAL-LOCAL-0004")]
    [InlineData("npm", "plain-crypto-js", "4.2.1", "MAL-2026-2306")]
    [InlineData("Maven", "org.apache.logging.log4j:log4j-core", "2.14.1", "GHSA-jfh8-c2jp-5v3q")]
    [InlineData("Maven", "org.apache.logging.log4j:log4j-core", "2.12.1", "GHSA-jfh8-c2jp-5v3q")]
    [InlineData("Maven", "org.apache.logging.log4j:log4j-core", "2.0-beta9", "GHSA-jfh8-c2jp-5v3q")]
    public async Task QueryBatch_ForAnAffectedVersion_ShouldAnswerTheIncidentsId(string ecosystem, string name, string version, string id)
    {
        Assert.Equal([id], await osv.BatchIdsAsync(ecosystem, name, version));
    }

    [Theory]
    [InlineData("npm", "event-stream", "3.3.4")]
    [InlineData("npm", "ua-parser-js", "0.7.30")]
    [InlineData("npm", "ua-parser-js", "0.7.28")]
    [InlineData("npm", "node-ipc", "10.1.0")]
    [InlineData("npm", "node-ipc", "10.1.3")]
    [InlineData("npm", "colors", "1.4.0")]
    [InlineData("npm", "crypto-js", "4.2.0")] // the legitimate package plain-crypto-js imitated
    [InlineData("Maven", "org.apache.logging.log4j:log4j-core", "2.15.0")]
    [InlineData("Maven", "org.apache.logging.log4j:log4j-core", "2.12.2")]
    [InlineData("Maven", "org.apache.logging.log4j:log4j-core", "2.0-alpha1")]
    [InlineData("Maven", "org.apache.logging.log4j:log4j-api", "2.14.1")]
    [InlineData("npm", "org.apache.logging.log4j:log4j-core", "2.14.1")] // same name, other ecosystem
    public async Task QueryBatch_ForANeighbouringSafeVersion_ShouldAnswerNothing(string ecosystem, string name, string version)
    {
        Assert.Empty(await osv.BatchIdsAsync(ecosystem, name, version));
    }

    [Fact]
    public async Task QueryBatch_ShouldAnswerOneResultPerQueryInOrderWithIdAndModifiedOnly()
    {
        var (status, body) = await osv.PostAsync("v1/querybatch", """
            {"queries":[
              {"package":{"ecosystem":"npm","name":"colors"},"version":"1.4.0"},
              {"package":{"purl":"pkg:npm/node-ipc@10.1.1"}},
              {"package":{"purl":"pkg:maven/org.apache.logging.log4j/log4j-core"},"version":"2.14.1"}]}
            """);

        Assert.Equal(200, status);
        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(3, results.Count);
        Assert.False(results[0].TryGetProperty("vulns", out _));
        var ipc = Assert.Single(results[1].GetProperty("vulns").EnumerateArray());
        Assert.Equal("MAL-LOCAL-0003", ipc.GetProperty("id").GetString());
        Assert.Equal(["id", "modified"], ipc.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("GHSA-jfh8-c2jp-5v3q", Assert.Single(results[2].GetProperty("vulns").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Query_ShouldAnswerFullRecords()
    {
        var (status, body) = await osv.PostAsync("v1/query", """{"package":{"ecosystem":"npm","name":"ua-parser-js"},"version":"0.8.0"}""");

        Assert.Equal(200, status);
        var record = Assert.Single(body.GetProperty("vulns").EnumerateArray());
        Assert.Equal("MAL-LOCAL-0002", record.GetProperty("id").GetString());
        Assert.Contains("GHSA-pjwm-rvh2-c87w", record.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Query_WithoutAVersion_ShouldAnswerEveryRecordOfThePackage()
    {
        var (_, body) = await osv.PostAsync("v1/query", """{"package":{"ecosystem":"npm","name":"node-ipc"}}""");

        Assert.Equal("MAL-LOCAL-0003", Assert.Single(body.GetProperty("vulns").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Query_WhenNothingMatches_ShouldAnswerAnEmptyObject()
    {
        var (status, body) = await osv.PostAsync("v1/query", """{"package":{"ecosystem":"PyPI","name":"requests"},"version":"2.31.0"}""");

        Assert.Equal(200, status);
        Assert.Empty(body.EnumerateObject());
    }

    [Fact]
    public async Task Vuln_ShouldAnswerTheRecordWithItsSeverity()
    {
        var (status, body) = await osv.GetAsync("v1/vulns/GHSA-jfh8-c2jp-5v3q");

        Assert.Equal(200, status);
        Assert.Equal(["CVE-2021-44228"], body.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()!).ToArray());
        Assert.Equal("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", body.GetProperty("severity")[0].GetProperty("score").GetString());
    }

    [Fact]
    public async Task Vuln_WhenTheIdIsUnknown_ShouldAnswer404WithAMessage()
    {
        var (status, body) = await osv.GetAsync("v1/vulns/GHSA-0000-0000-0000");

        Assert.Equal(404, status);
        Assert.Equal(5, body.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
    }

    [Fact]
    public void Stack_ShouldServeTheShippedRecordsByDefault()
    {
        Assert.Equal(OutputFile.Path("Osv", "records"), osv.Stack.ExternalRegistries.OsvRecords);
        Assert.True(File.Exists(Path.Combine(osv.Stack.ExternalRegistries.OsvRecords, "MAL-2026-2306.json")));
    }
}
