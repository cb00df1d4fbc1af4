using System.Net;
using System.Text;
using System.Text.Json;
using Governance.Local.Edge;
using Governance.Local.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Governance.Local.Tests.Edge;

/// <summary>Authentication failures as real clients (aws CLI / botocore) and raw HTTP see them on the wire.</summary>
public sealed class EdgeAuthenticationTests : LocalStackTestBase
{
    [Fact]
    public async Task AwsCli_WhenTheSecretIsWrong_ShouldGetInvalidSignatureException()
    {
        var result = await Stack.AwsAsync(["codeartifact", "list-domains"], Stack.ClientEnvironment(secretKey: "not-the-secret"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("An error occurred (InvalidSignatureException) when calling the ListDomains operation", result.StandardError, StringComparison.Ordinal);
        Assert.Contains(": The request signature we calculated does not match the signature you provided.", result.StandardError, StringComparison.Ordinal);
    }

    // AWS refuses a credential scope for another region than the endpoint's with InvalidSignatureException (403),
    // "Credential should be scoped to a valid region, not '<scope region>'. " — the SigV4 credential scope is
    // date/region/service/aws4_request (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html),
    // and the message is the one AWS JSON services return (e.g. aws/aws-sdk-java#1097, aws/aws-sdk-ruby#508).
    [Fact]
    public async Task AwsCli_WhenSignedForAnotherRegion_ShouldGetInvalidSignatureExceptionNamingTheRegion()
    {
        var env = Stack.ClientEnvironment(region: "eu-west-1");

        var result = await Stack.AwsAsync(["codeartifact", "list-domains"], env);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("An error occurred (InvalidSignatureException) when calling the ListDomains operation", result.StandardError, StringComparison.Ordinal);
        Assert.Contains(": Credential should be scoped to a valid region, not 'eu-west-1'.", result.StandardError, StringComparison.Ordinal);
        var sameRegion = await Stack.AwsAsync(["codeartifact", "list-domains"]);
        Assert.True(sameRegion.ExitCode == 0, sameRegion.ToString());
    }

    [Fact]
    public async Task AwsCli_WhenTheAccessKeyIsUnknown_ShouldGetUnrecognizedClientException()
    {
        var result = await Stack.AwsAsync(["codeartifact", "list-domains"], Stack.ClientEnvironment(accessKey: "AKIDSOMEONEELSE"));

        Assert.Contains("(UnrecognizedClientException) when calling the ListDomains operation", result.StandardError, StringComparison.Ordinal);
        Assert.Contains(": The security token included in the request is invalid.", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_WhenUnsigned_ShouldGet403MissingAuthenticationTokenAsRestJson()
    {
        using var http = new HttpClient { BaseAddress = Stack.Stack.BaseUrl };

        using var response = await http.PostAsync(new Uri("/v1/domains", UriKind.Relative), new StringContent("{}"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("MissingAuthenticationTokenException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Missing Authentication Token", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Request_WhenSignedTwentyMinutesAgo_ShouldGetSignatureExpired()
    {
        using var client = new RawAwsClient(Stack.Stack.BaseUrl);

        using var response = await client.SendAsync(HttpMethod.Post, "/v1/domains", null, RawAwsClient.EmptySha256, DateTimeOffset.UtcNow.AddMinutes(-20));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("InvalidSignatureException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.StartsWith("Signature expired: ", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_WhenTheBodyDiffersFromTheSignedHash_ShouldGetInvalidSignature()
    {
        using var client = new RawAwsClient(Stack.Stack.BaseUrl);
        var signedBody = "{\"maxResults\":5}";
        var sentBody = "{\"maxResults\":6}";
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(signedBody)));

        // Without an x-amz-content-sha256 header the edge hashes the body itself, as AWS does for JSON services.
        using var response = await client.SendAsync(HttpMethod.Post, "/v1/domains", new StringContent(sentBody), hash, sendPayloadHashHeader: false);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("InvalidSignatureException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task Request_WhenSignedForAServiceNobodyRegistered_ShouldNameTheServedOnes()
    {
        using var client = new RawAwsClient(Stack.Stack.BaseUrl);

        using var response = await client.SendAsync(HttpMethod.Get, "/", null, RawAwsClient.EmptySha256, service: "s3");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("codeartifact", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterEndpoint_WhenAnotherServiceIsAdded_ShouldRouteBySigningNameAfterVerification()
    {
        var seen = new List<CallerIdentity>();
        Stack.Stack.RegisterEndpoint(new EchoEndpoint(seen));
        using var client = new RawAwsClient(Stack.Stack.BaseUrl);

        using var ok = await client.SendAsync(HttpMethod.Post, "/", null, RawAwsClient.EmptySha256, service: "sns");
        using var bad = await client.SendAsync(HttpMethod.Post, "/", null, RawAwsClient.EmptySha256, service: "sns", credentials: LocalCredentials.Default with { SecretAccessKey = "x" });

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("echo", await ok.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, bad.StatusCode);
        Assert.Equal("<InvalidSignatureException/>", await bad.Content.ReadAsStringAsync());
        Assert.Equal("000000000000", Assert.Single(seen).AccountId);
    }

    [Fact]
    public async Task MapPath_WhenAPrefixIsMapped_ShouldServeItUnsigned()
    {
        Stack.Stack.MapPath("/capture/", ctx => ctx.Response.WriteAsync("captured " + ctx.Request.Path));
        using var http = new HttpClient { BaseAddress = Stack.Stack.BaseUrl };

        Assert.Equal("captured /capture/x", await http.GetStringAsync(new Uri("/capture/x", UriKind.Relative)));
    }

    private sealed class EchoEndpoint(List<CallerIdentity> seen) : IServiceEndpoint, IAwsErrorRenderer
    {
        public string SigningName => "sns";

        public Task HandleAsync(Microsoft.AspNetCore.Http.HttpContext context, CallerIdentity caller)
        {
            seen.Add(caller);
            return context.Response.WriteAsync("echo");
        }

        public Task WriteErrorAsync(Microsoft.AspNetCore.Http.HttpContext context, AwsError awsError)
        {
            context.Response.StatusCode = (int)awsError.Status;
            return context.Response.WriteAsync($"<{awsError.Code}/>");
        }
    }
}
