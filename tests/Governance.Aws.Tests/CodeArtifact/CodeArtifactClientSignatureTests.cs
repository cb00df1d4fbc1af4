using System.Security.Cryptography;
using Amazon.Runtime;
using Governance.Aws.CodeArtifact;
using Governance.Aws.CodeArtifact.Model;
using Governance.Aws.Tests.Support;

namespace Governance.Aws.Tests.CodeArtifact;

/// <summary>Requests our client sends, checked by botocore's SigV4 with the payload hash recomputed from the bytes.</summary>
public sealed class CodeArtifactClientSignatureTests
{
    internal static async Task AnswerAsync(HttpExchange exchange)
    {
        var path = exchange.Request.Target.Split('?')[0];
        var json = ("application/json", "Content-Type");
        string body = (exchange.Request.Method, path) switch
        {
            ("GET", "/v1/package/version") => """{"packageVersion":{"format":"generic","namespace":"ns","packageName":"secret-mission","version":"1.0.0","revision":"REV1","status":"Unfinished","publishedTime":1566002944.273,"licenses":[{"name":"MIT"}],"origin":{"originType":"INTERNAL"}}}""",
            ("POST", "/v1/package/versions/update_status") => """{"successfulVersions":{"1.0.0":{"revision":"REV1","status":"Published"}},"failedVersions":{"2.0.0":{"errorCode":"MISMATCHED_REVISION","errorMessage":"revision differs"}}}""",
            ("POST", "/v1/package/version/publish") => """{"format":"generic","namespace":"ns","package":"secret-mission","version":"1.0.0","versionRevision":"REV2","status":"Unfinished","asset":{"name":"a.bin","size":3,"hashes":{"SHA-256":"abc"}}}""",
            _ => "{}",
        };
        await exchange.RespondAsync(200, body, (json.Item2, json.Item1), ("x-amzn-RequestId", "req-1"));
    }

    private static CodeArtifactClient Client(Uri endpoint, AWSCredentials credentials) =>
        new(credentials, new CodeArtifactConfig().AtLoopback(endpoint));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Requests_WhenVerifiedByBotocore_ShouldCarryValidSigV4Signatures(bool withSessionToken)
    {
        await using var server = new LoopbackHttpServer(AnswerAsync);
        var token = withSessionToken ? "FwoGZXIvYXdzEBYaDH-session-token/with+special=chars" : null;
        AWSCredentials credentials = token is null
            ? TestEnvironment.Credentials
            : new SessionAWSCredentials(TestEnvironment.AccessKey, TestEnvironment.SecretKey, token);
        using var client = Client(server.BaseUri, credentials);

        // GET with query (including characters that must be percent-encoded).
        var described = await client.DescribePackageVersionAsync(new DescribePackageVersionRequest
        {
            Domain = "nextwork", DomainOwner = "123456789012", Repository = "nextwork-devops-cicd", Format = "generic",
            Namespace = "ns", Package = "secret-mission", PackageVersion = "1.0.0+build:7 ~x",
        });
        Assert.Equal("REV1", described.PackageVersion.Revision);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1566002944273), described.PackageVersion.PublishedTime);
        Assert.Equal("req-1", described.ResponseMetadata.RequestId);

        // POST with a JSON body.
        var updated = await client.UpdatePackageVersionsStatusAsync(new UpdatePackageVersionsStatusRequest
        {
            Domain = "nextwork", Repository = "nextwork-devops-cicd", Format = "generic", Namespace = "ns", Package = "secret-mission",
            Versions = ["1.0.0", "2.0.0"], VersionRevisions = new() { ["1.0.0"] = "REV1" }, ExpectedStatus = "Unfinished", TargetStatus = "Published",
        });
        Assert.Equal("Published", updated.SuccessfulVersions["1.0.0"].Status);
        Assert.Equal(PackageVersionErrorCodes.MismatchedRevision, updated.FailedVersions["2.0.0"].ErrorCode);

        // Streaming publish from a file, the asset hash as x-amz-content-sha256.
        var file = Path.GetTempFileName();
        try
        {
            var bytes = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
            await File.WriteAllBytesAsync(file, bytes);
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            await using var content = File.OpenRead(file);
            var published = await client.PublishPackageVersionAsync(new PublishPackageVersionRequest
            {
                Domain = "nextwork", Repository = "nextwork-devops-cicd", Format = "generic", Namespace = "ns", Package = "secret-mission",
                PackageVersion = "1.0.0", AssetName = "a.bin", AssetContent = content, AssetSHA256 = sha, Unfinished = true,
            });
            Assert.Equal("REV2", published.VersionRevision);
            var upload = server.Requests.Single(r => r.Target.StartsWith("/v1/package/version/publish", StringComparison.Ordinal));
            Assert.Equal(bytes, upload.Body);
            Assert.Equal(sha, upload.Header("x-amz-content-sha256"));
            Assert.Contains("unfinished=true", upload.Target);
        }
        finally
        {
            File.Delete(file);
        }

        var captured = server.Requests.ToList();
        Assert.Equal(3, captured.Count);
        Assert.Equal("GET", captured[0].Method);
        Assert.Contains("version=1.0.0%2Bbuild%3A7%20~x", captured[0].Target);
        Assert.Equal("application/json", captured[1].Header("Content-Type"));
        Assert.Contains("\"targetStatus\":\"Published\"", captured[1].BodyText);
        Assert.Equal(token, captured[0].Header("X-Amz-Security-Token"));

        var verdicts = await BotocoreSigV4Verifier.VerifyAsync(captured, TestEnvironment.AccessKey, TestEnvironment.SecretKey, token);
        Assert.Equal(3, verdicts.Count);
        Assert.All(verdicts, v =>
        {
            Assert.True(v.Ok, v.Raw);
            Assert.Equal("codeartifact", v.Service);
            Assert.Equal(TestEnvironment.Region, v.Region);
        });
    }

    [Fact]
    public async Task Requests_WhenSignedWithWrongSecret_ShouldFailBotocoreVerification()
    {
        // Proves the verifier can fail: the same captured request checked against another secret.
        await using var server = new LoopbackHttpServer(AnswerAsync);
        using var client = Client(server.BaseUri, TestEnvironment.Credentials);
        await client.DescribePackageVersionAsync(new DescribePackageVersionRequest
        {
            Domain = "nextwork", Repository = "r1", Format = "generic", Namespace = "ns", Package = "p", PackageVersion = "1.0.0",
        });
        var verdicts = await BotocoreSigV4Verifier.VerifyAsync(server.Requests, TestEnvironment.AccessKey, "not-the-secret", null);
        Assert.False(Assert.Single(verdicts).Ok);
    }

    [Fact]
    public async Task DescribePackageVersion_WhenRequiredMemberMissing_ShouldThrowNamingTheMember()
    {
        await using var server = new LoopbackHttpServer(AnswerAsync);
        using var client = Client(server.BaseUri, TestEnvironment.Credentials);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.DescribePackageVersionAsync(new DescribePackageVersionRequest
        {
            Domain = "nextwork", Repository = "r1", Format = "generic", Package = "p",
        }));
        Assert.Contains("PackageVersion", error.Message);
        Assert.Empty(server.Requests);
    }
}
