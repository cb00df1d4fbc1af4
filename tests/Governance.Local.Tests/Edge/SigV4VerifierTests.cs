using Governance.Local.Edge;

namespace Governance.Local.Tests.Edge;

public sealed class SigV4VerifierTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 21, 46, 33, TimeSpan.Zero);
    private readonly SigV4Verifier _verifier = new(LocalCredentials.Default, TimeSpan.FromMinutes(15));

    private static SignedRequest Request(DateTimeOffset signedAt, LocalCredentials? credentials = null, string query = "domain=nextwork&repository=r%20x")
    {
        var amzDate = SigV4Verifier.FormatAmzDate(signedAt);
        var headers = new Dictionary<string, string> { ["host"] = "127.0.0.1:4566", ["x-amz-date"] = amzDate };
        var unsigned = new SignedRequest("GET", "/v1/repository", query, headers);
        var authorization = SigV4Verifier.Sign(unsigned, credentials ?? LocalCredentials.Default, "us-east-1", "codeartifact", amzDate, RawHash);
        return unsigned with { Headers = new Dictionary<string, string>(headers) { ["authorization"] = authorization } };
    }

    private const string RawHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Fact]
    public void Verify_WhenSignedWithTheLocalSecret_ShouldAcceptAndReportTheScope()
    {
        var result = _verifier.Verify(Request(Now), Now, () => RawHash);

        Assert.True(result.IsValid, result.Error?.Message);
        Assert.Equal("codeartifact", result.Service);
        Assert.Equal("us-east-1", result.Region);
    }

    [Fact]
    public void Verify_WhenTheScopeNamesAnotherRegionThanTheStacks_ShouldReturnInvalidSignatureNamingIt()
    {
        var verifier = new SigV4Verifier(LocalCredentials.Default, TimeSpan.FromMinutes(15), "eu-central-1");

        var result = verifier.Verify(Request(Now), Now, () => RawHash);

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, result.Error!.Status);
        Assert.Equal("InvalidSignatureException", result.Error.Code);
        Assert.Equal("Credential should be scoped to a valid region, not 'us-east-1'. ", result.Error.Message);
    }

    [Fact]
    public void Verify_WhenTheScopeDateIsNotTheDayOfXAmzDate_ShouldReturnInvalidSignature()
    {
        var midnight = new DateTimeOffset(2026, 11, 26, 0, 2, 0, TimeSpan.Zero);
        var signed = Request(midnight.AddMinutes(-5));
        var moved = signed with { Headers = new Dictionary<string, string>(signed.Headers) { ["x-amz-date"] = SigV4Verifier.FormatAmzDate(midnight) } };

        var result = new SigV4Verifier(LocalCredentials.Default, TimeSpan.FromMinutes(15), "us-east-1").Verify(moved, midnight, () => RawHash);

        Assert.Equal("InvalidSignatureException", result.Error!.Code);
    }

    [Fact]
    public void Verify_WhenTheQueryWasChangedAfterSigning_ShouldReturnInvalidSignature()
    {
        var tampered = Request(Now) with { RawQuery = "domain=nextwork&repository=other" };

        var result = _verifier.Verify(tampered, Now, () => RawHash);

        Assert.Equal("InvalidSignatureException", result.Error!.Code);
        Assert.StartsWith("The request signature we calculated does not match the signature you provided.", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_WhenSignedWithAnotherSecret_ShouldReturnInvalidSignature() =>
        Assert.Equal("InvalidSignatureException", _verifier.Verify(Request(Now, LocalCredentials.Default with { SecretAccessKey = "x" }), Now, () => RawHash).Error!.Code);

    [Fact]
    public void Verify_WhenTheAccessKeyIsUnknown_ShouldReturnUnrecognizedClient()
    {
        var error = _verifier.Verify(Request(Now, LocalCredentials.Default with { AccessKeyId = "AKIDUNKNOWN" }), Now, () => RawHash).Error!;

        Assert.Equal("UnrecognizedClientException", error.Code);
        Assert.Equal("The security token included in the request is invalid.", error.Message);
        Assert.Equal(403, (int)error.Status);
    }

    [Fact]
    public void Verify_WhenSignedMoreThanFifteenMinutesAgo_ShouldReturnSignatureExpired()
    {
        var error = _verifier.Verify(Request(Now.AddMinutes(-16)), Now, () => RawHash).Error!;

        Assert.Equal("InvalidSignatureException", error.Code);
        Assert.Equal("Signature expired: 20261125T213033Z is now earlier than 20261125T213133Z (20261125T214633Z - 15 min.)", error.Message);
    }

    [Fact]
    public void Verify_WhenSignedInTheFuture_ShouldReturnSignatureNotYetCurrent() =>
        Assert.StartsWith("Signature not yet current: ", _verifier.Verify(Request(Now.AddMinutes(20)), Now, () => RawHash).Error!.Message, StringComparison.Ordinal);

    [Fact]
    public void Verify_WhenThereIsNoAuthorization_ShouldReturnMissingAuthenticationToken()
    {
        var request = new SignedRequest("GET", "/v1/domain", string.Empty, new Dictionary<string, string> { ["host"] = "h" });

        var error = _verifier.Verify(request, Now, () => RawHash).Error!;

        Assert.Equal("MissingAuthenticationTokenException", error.Code);
        Assert.Equal("Missing Authentication Token", error.Message);
    }

    [Fact]
    public void Verify_WhenTheAuthorizationLacksParts_ShouldReturnIncompleteSignatureNamingThem()
    {
        var request = new SignedRequest("GET", "/v1/domain", string.Empty, new Dictionary<string, string>
        {
            ["host"] = "h",
            ["x-amz-date"] = SigV4Verifier.FormatAmzDate(Now),
            ["authorization"] = "AWS4-HMAC-SHA256 Credential=test/20261125/us-east-1/codeartifact/aws4_request",
        });

        var error = _verifier.Verify(request, Now, () => RawHash).Error!;

        Assert.Equal("IncompleteSignatureException", error.Code);
        Assert.Contains("Authorization header requires 'Signature' parameter.", error.Message, StringComparison.Ordinal);
        Assert.Contains("Authorization header requires 'SignedHeaders' parameter.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_WhenTheDeclaredPayloadHashWasSigned_ShouldUseItInsteadOfHashingTheBody()
    {
        var declared = new string('a', 64);
        var amzDate = SigV4Verifier.FormatAmzDate(Now);
        var headers = new Dictionary<string, string> { ["host"] = "h", ["x-amz-date"] = amzDate, ["x-amz-content-sha256"] = declared };
        var request = new SignedRequest("POST", "/v1/package/version/publish", "asset=a", headers);
        var authorization = SigV4Verifier.Sign(request, LocalCredentials.Default, "us-east-1", "codeartifact", amzDate, declared);
        var signed = request with { Headers = new Dictionary<string, string>(headers) { ["authorization"] = authorization } };

        var result = _verifier.Verify(signed, Now, () => throw new InvalidOperationException("the body must not be hashed"));

        Assert.True(result.IsValid);
        Assert.Equal(declared, result.PayloadHash);
    }
}
