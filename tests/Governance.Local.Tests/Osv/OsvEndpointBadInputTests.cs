using System.Text;
using Governance.Local.Tests.Support;

namespace Governance.Local.Tests.Osv;

/// <summary>Malformed queries get a 400 with a JSON message, as osv.dev answers them; nothing reaches the matcher.</summary>
public sealed class OsvEndpointBadInputTests(OsvStackFixture osv) : IClassFixture<OsvStackFixture>
{
    [Theory]
    [InlineData("v1/query", "{not json", "not valid JSON")]
    [InlineData("v1/query", "[]", "a query is a JSON object")]
    [InlineData("v1/query", "{\"version\":\"1.0.0\"}", "\"package\"")]
    [InlineData("v1/query", "{\"package\":{\"name\":\"colors\"},\"version\":\"1.4.1\"}", "both \"ecosystem\" and \"name\"")]
    [InlineData("v1/query", "{\"package\":{\"ecosystem\":\"npm\",\"name\":7}}", "\"name\" must be a string")]
    [InlineData("v1/query", "{\"commit\":\"6879efc2c1596d11a6a6ad296f80063b558d5e0f\"}", "commit queries are not supported")]
    [InlineData("v1/query", "{\"package\":{\"purl\":\"pkg:npm/colors@1.4.1\"},\"version\":\"1.4.1\"}", "not both")]
    [InlineData("v1/query", "{\"package\":{\"purl\":\"pkg:golang/example.com/x@1.0.0\"}}", "not supported")]
    [InlineData("v1/query", "{\"package\":{\"purl\":\"colors\"}}", "starts with 'pkg:'")]
    [InlineData("v1/querybatch", "{\"queries\":{}}", "{\"queries\":[…]}")]
    [InlineData("v1/querybatch", "{\"queries\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"colors\"},\"version\":\"1.4.1\"},42]}", "a query is a JSON object")]
    public async Task Post_WhenTheQueryIsMalformed_ShouldAnswer400WithAMessage(string path, string body, string expected)
    {
        var (status, answer) = await osv.PostAsync(path, body);

        Assert.Equal(400, status);
        Assert.Equal(3, answer.GetProperty("code").GetInt32());
        Assert.Contains(expected, answer.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryBatch_WhenOverTheBatchLimit_ShouldAnswer400()
    {
        var one = "{\"package\":{\"ecosystem\":\"npm\",\"name\":\"colors\"},\"version\":\"1.4.1\"}";
        var body = "{\"queries\":[" + string.Join(',', Enumerable.Repeat(one, 1001)) + "]}";

        var (status, answer) = await osv.PostAsync("v1/querybatch", body);

        Assert.Equal(400, status);
        Assert.Contains("at most 1000", answer.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_WhenTheBodyIsHuge_ShouldAnswer400WithoutReadingItAll()
    {
        var (status, answer) = await osv.PostAsync("v1/query", "{\"x\":\"" + new string('a', 2 * 1024 * 1024) + "\"}");

        Assert.Equal(400, status);
        Assert.Contains("larger than", answer.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPath_ShouldAnswer404AndWrongMethod405()
    {
        Assert.Equal(404, (await osv.GetAsync("v2/anything")).Status);
        Assert.Equal(405, (await osv.GetAsync("v1/querybatch")).Status);
        using var content = new StringContent("{}", Encoding.UTF8, "application/json");
        using var post = await osv.Http.PostAsync(new Uri(osv.OsvBase, "v1/vulns/MAL-2026-2306"), content);
        Assert.Equal(405, (int)post.StatusCode);
    }
}
