using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Governance.Local.Tests.Support;

namespace Governance.Local.Tests.CodeArtifact;

/// <summary>
/// Issue 14, point 2: a JSON body that cannot be read as the operation's input is a client error, answered 400
/// <c>SerializationException</c> with restJson1's error shape (<c>x-amzn-ErrorType</c> and a JSON <c>message</c>),
/// never a 500 that SDKs would retry. Sent as raw SigV4-signed requests: no SDK produces these bodies.
/// </summary>
public sealed class MalformedJsonBodyTests() : LocalStackTestBase("bodies", "repo")
{
    private const string Versions = "/v1/package/versions/delete?domain=bodies&repository=repo&format=generic&namespace=ns&package=p";

    [Theory]
    [InlineData("POST", "/v1/domain?domain=fresh", "{not json")]
    [InlineData("POST", "/v1/domain?domain=fresh", "{\"encryptionKey\":")]
    [InlineData("POST", "/v1/domain?domain=fresh", "\u00ff\u00fe garbage")]
    [InlineData("POST", "/v1/domain?domain=fresh", "[1,2,3]")]
    [InlineData("POST", "/v1/domain?domain=fresh", "{\"encryptionKey\":42}")]
    [InlineData("POST", "/v1/domains", "{\"maxResults\":1.5}")]
    [InlineData("POST", "/v1/domains", "{\"maxResults\":\"ten\"}")]
    [InlineData("POST", "/v1/repository?domain=bodies&repository=other", "{\"description\":{}}")]
    [InlineData("POST", Versions, "{\"versions\":[1,2]}")]
    [InlineData("POST", "/v1/package/versions/dispose?domain=bodies&repository=repo&format=generic&namespace=ns&package=p", "{\"versions\":[\"1\"],\"versionRevisions\":{\"1\":7}}")]
    [InlineData("POST", "/v1/package/versions/update_status?domain=bodies&repository=repo&format=generic&namespace=ns&package=p", "{\"versions\":[\"1\"],\"targetStatus\":true}")]
    public async Task Operation_WhenTheBodyIsNotItsJsonInput_ShouldAnswer400SerializationException(string method, string pathAndQuery, string body)
    {
        using var client = new RawAwsClient(Stack.Stack.BaseUrl);
        var bytes = Encoding.Latin1.GetBytes(body);
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await client.SendAsync(new HttpMethod(method), pathAndQuery, content, Convert.ToHexStringLower(SHA256.HashData(bytes)));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("SerializationException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrWhiteSpace(JsonDocument.Parse(text).RootElement.GetProperty("message").GetString()));
        // Nothing was created by the refused call.
        var domains = await Stack.AwsJsonAsync("codeartifact", "list-domains");
        Assert.Equal(["bodies"], domains.GetProperty("domains").EnumerateArray().Select(d => d.GetProperty("name").GetString()!).ToArray());
    }

    /// <summary>botocore parses the answer as the modeled error: code, message and 400, with no retry.</summary>
    [Fact]
    public async Task MalformedBody_SentThroughBotocore_ShouldBeParsedAsSerializationExceptionWithoutRetries()
    {
        var script = OutputFile.Path("CodeArtifact", "Scripts", "malformed_body.py");
        var result = await PythonClientScript.RunJsonAsync(script, [Stack.Endpoint], TimeSpan.FromMinutes(2));

        Assert.Equal("SerializationException", result.GetProperty("code").GetString());
        Assert.Equal(400, result.GetProperty("status").GetInt32());
        Assert.Equal(0, result.GetProperty("retries").GetInt32());
    }
}
