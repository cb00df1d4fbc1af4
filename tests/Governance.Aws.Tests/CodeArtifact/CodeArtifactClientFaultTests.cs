using System.Net;
using System.Security.Cryptography;
using Amazon.Runtime;
using Governance.Aws.CodeArtifact;
using Governance.Aws.CodeArtifact.Model;
using Governance.Aws.Tests.Support;

namespace Governance.Aws.Tests.CodeArtifact;

/// <summary>The SDK's retry policy and our error reader against a loopback server that misbehaves on purpose.</summary>
public sealed class CodeArtifactClientFaultTests
{
    private const string Described = """{"packageVersion":{"format":"generic","packageName":"p","version":"1.0.0","revision":"R","status":"Published"}}""";

    private static readonly DescribePackageVersionRequest Request = new()
    {
        Domain = "nextwork", Repository = "r1", Format = "generic", Namespace = "ns", Package = "p", PackageVersion = "1.0.0",
    };

    private static CodeArtifactClient Client(Uri endpoint) => new(TestEnvironment.Credentials, new CodeArtifactConfig().AtLoopback(endpoint));

    private static CancellationToken Bounded(int seconds = 30) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    /// <summary>Answers each request with the next scripted step; the last step repeats.</summary>
    private static LoopbackHttpServer Scripted(params Func<HttpExchange, Task>[] steps)
    {
        var index = -1;
        return new LoopbackHttpServer(exchange => steps[Math.Min(Interlocked.Increment(ref index), steps.Length - 1)](exchange));
    }

    private static Func<HttpExchange, Task> Ok(string body = Described) =>
        e => e.RespondAsync(200, body, ("Content-Type", "application/json"), ("x-amzn-RequestId", "ok-1"));

    private static Func<HttpExchange, Task> Error(int status, string code, string body, params (string, string)[] extra) =>
        e => e.RespondAsync(status, body, [("Content-Type", "application/json"), ("x-amzn-ErrorType", code), ("x-amzn-RequestId", "err-" + status), .. extra]);

    [Fact]
    public async Task Describe_WhenThrottledWithRetryAfter_ShouldRetryAndSucceed()
    {
        await using var server = Scripted(Error(429, "ThrottlingException", """{"message":"slow down"}""", ("Retry-After", "1")), Ok());
        using var client = Client(server.BaseUri);
        var response = await client.DescribePackageVersionAsync(Request, Bounded());
        Assert.Equal("R", response.PackageVersion.Revision);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Describe_WhenServerFailsWith500Then503_ShouldRetryAndSucceed()
    {
        await using var server = Scripted(
            Error(500, "InternalServerException", """{"message":"boom"}"""),
            e => e.RespondAsync(503, "<html>Service Unavailable</html>", ("Content-Type", "text/html")),
            Ok());
        using var client = Client(server.BaseUri);
        var response = await client.DescribePackageVersionAsync(Request, Bounded());
        Assert.Equal("R", response.PackageVersion.Revision);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Describe_WhenServerKeepsFailing_ShouldSurfaceTypedErrorAfterThreeAttempts()
    {
        await using var server = Scripted(Error(500, "InternalServerException", """{"message":"still broken"}"""));
        using var client = Client(server.BaseUri);
        var error = await Assert.ThrowsAsync<InternalServerException>(() => client.DescribePackageVersionAsync(Request, Bounded()));
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal("still broken", error.Message);
        Assert.Equal("err-500", error.RequestId);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Describe_WhenServerClockIsAheadAndSignatureRejected_ShouldResignWithCorrectedTimeAndSucceed()
    {
        var serverNow = DateTimeOffset.UtcNow.AddMinutes(30);
        await using var server = Scripted(
            Error(403, "InvalidSignatureException", """{"message":"Signature expired: is now earlier than ..."}""", ("Date", serverNow.ToString("r"))),
            Ok());
        using var client = Client(server.BaseUri);
        var response = await client.DescribePackageVersionAsync(Request, Bounded());
        Assert.Equal("R", response.PackageVersion.Revision);
        var attempts = server.Requests.ToList();
        Assert.Equal(2, attempts.Count);
        var first = DateTimeOffset.ParseExact(attempts[0].Header("X-Amz-Date")!, "yyyyMMdd'T'HHmmss'Z'", null, System.Globalization.DateTimeStyles.AssumeUniversal);
        var second = DateTimeOffset.ParseExact(attempts[1].Header("X-Amz-Date")!, "yyyyMMdd'T'HHmmss'Z'", null, System.Globalization.DateTimeStyles.AssumeUniversal);
        Assert.InRange(second - first, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(31));
    }

    [Fact]
    public async Task Describe_WhenConnectionResetBeforeAnswer_ShouldRetryAndSucceed()
    {
        await using var server = Scripted(e => { e.Reset(); return Task.CompletedTask; }, Ok());
        using var client = Client(server.BaseUri);
        var response = await client.DescribePackageVersionAsync(Request, Bounded());
        Assert.Equal("R", response.PackageVersion.Revision);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Describe_WhenBodyIsMalformed_ShouldRetryThenSurfaceUnmarshallingErrorWithRequestId()
    {
        await using var server = Scripted(Ok("""{"packageVersion": {"format": "gen"""));
        using var client = Client(server.BaseUri);
        var error = await Assert.ThrowsAsync<AmazonUnmarshallingException>(() => client.DescribePackageVersionAsync(Request, Bounded()));
        Assert.Equal("ok-1", error.RequestId);
        // A truncated body may be a transport fault, so the SDK's standard policy retries it like one.
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Describe_WhenNotFound_ShouldNotRetryAndCarryTheErrorMembers()
    {
        await using var server = Scripted(Error(404, "ResourceNotFoundException",
            """{"message":"Package version 1.0.0 of package p not found","resourceId":"p","resourceType":"package-version"}"""));
        using var client = Client(server.BaseUri);
        var error = await Assert.ThrowsAsync<ResourceNotFoundException>(() => client.DescribePackageVersionAsync(Request, Bounded()));
        Assert.Single(server.Requests);
        Assert.Equal("Package version 1.0.0 of package p not found", error.Message);
        Assert.Equal("err-404", error.RequestId);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("package-version", error.ResourceType);
        Assert.Equal("p", error.ResourceId);
    }

    [Theory]
    [InlineData(403, "AccessDeniedException", typeof(AccessDeniedException))]
    [InlineData(409, "ConflictException", typeof(ConflictException))]
    [InlineData(400, "ValidationException", typeof(ValidationException))]
    [InlineData(402, "ServiceQuotaExceededException", typeof(ServiceQuotaExceededException))]
    [InlineData(418, "SomethingNewException", typeof(CodeArtifactException))]
    public async Task Describe_WhenServiceReturnsModelledError_ShouldThrowItsType(int status, string code, Type expected)
    {
        await using var server = Scripted(Error(status, code, """{"message":"m","reason":"FIELD_VALIDATION_FAILED"}"""));
        using var client = Client(server.BaseUri);
        var error = await Assert.ThrowsAnyAsync<CodeArtifactException>(() => client.DescribePackageVersionAsync(Request, Bounded()));
        Assert.Equal(expected, error.GetType());
        Assert.Equal(code, error.ErrorCode);
        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Single(server.Requests);
        if (error is ValidationException validation)
        {
            Assert.Equal("FIELD_VALIDATION_FAILED", validation.Reason);
        }
    }

    [Fact]
    public async Task Describe_WhenErrorCodeOnlyInBodyWithNamespace_ShouldSanitizeIt()
    {
        await using var server = Scripted(e => e.RespondAsync(404,
            """{"__type":"com.amazonaws.codeartifact#ResourceNotFoundException:http://internal.amazon.com/coral/x","message":"gone"}""",
            ("Content-Type", "application/json")));
        using var client = Client(server.BaseUri);
        var error = await Assert.ThrowsAsync<ResourceNotFoundException>(() => client.DescribePackageVersionAsync(Request, Bounded()));
        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
        Assert.Equal("gone", error.Message);
    }

    [Fact]
    public async Task Describe_WhenThrottledEveryTime_ShouldSurfaceThrottlingWithRetryAfter()
    {
        await using var server = Scripted(Error(429, "ThrottlingException", """{"message":"slow down"}""", ("Retry-After", "7")));
        using var client = Client(server.BaseUri);
        var error = await Assert.ThrowsAsync<ThrottlingException>(() => client.DescribePackageVersionAsync(Request, Bounded(60)));
        Assert.Equal(7, error.RetryAfterSeconds);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task GetAsset_WhenConnectionResetMidBody_ShouldFailTheReadNotReturnShortData()
    {
        var partial = RandomNumberGenerator.GetBytes(100_000);
        await using var server = Scripted(e => e.RespondThenResetAsync(200, 1_000_000, partial,
            ("Content-Type", "application/octet-stream"), ("X-AssetName", "a.bin")));
        using var client = Client(server.BaseUri);
        using var response = await client.GetPackageVersionAssetAsync(new GetPackageVersionAssetRequest
        {
            Domain = "d1", Repository = "r1", Format = "generic", Namespace = "ns", Package = "p", PackageVersion = "1", Asset = "a.bin",
        }, Bounded());
        Assert.Equal("a.bin", response.AssetName);
        await Assert.ThrowsAnyAsync<IOException>(() => response.Asset.CopyToAsync(Stream.Null, Bounded()));
    }
}
