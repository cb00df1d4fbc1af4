using System.Text;
using System.Web;
using Governance.Aws.CodeArtifact;
using Governance.Aws.Tests.Support;
using Governance.Core.Packages;
using Governance.Core.Ports;

namespace Governance.Aws.Tests.CodeArtifact;

/// <summary>The IPackageSource adapter against a loopback server speaking CodeArtifact's restJson1.</summary>
public sealed class CodeArtifactPackageSourceTests
{
    private static readonly PackageVersionId Id = new("nextwork", "123456789012", "nextwork-devops-cicd", "generic", "ns", "secret-mission", "1.0.0");

    private static CancellationToken Bounded() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private static (LoopbackHttpServer Server, CodeArtifactPackageSource Source, CodeArtifactClient Client) Start(Func<HttpExchange, Task> handler)
    {
        var server = new LoopbackHttpServer(handler);
        var client = new CodeArtifactClient(TestEnvironment.Credentials, new CodeArtifactConfig().AtLoopback(server.BaseUri));
        return (server, new CodeArtifactPackageSource(client), client);
    }

    private static Task Json(HttpExchange e, string body) => e.RespondAsync(200, body, ("Content-Type", "application/json"));

    [Fact]
    public async Task DescribeVersion_WhenVersionExists_ShouldMapStatusRevisionLicensesAndOrigin()
    {
        var (server, source, client) = Start(e => Json(e, """{"packageVersion":{"status":"Unfinished","revision":"REV1","publishedTime":1700000000,"licenses":[{"name":"MIT"},{"url":"https://x/l"}],"origin":{"originType":"EXTERNAL"}}}"""));
        await using var _ = server;
        using var __ = client;
        var facts = await source.DescribeVersionAsync(Id, Bounded());
        Assert.Equal(PackageVersionStatus.Unfinished, facts.Status);
        Assert.Equal("REV1", facts.Revision);
        Assert.Equal(["MIT", "https://x/l"], facts.Licenses);
        Assert.Equal("EXTERNAL", facts.OriginType);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), facts.PublishedTime);
        var query = HttpUtility.ParseQueryString(server.Requests.Single().Target.Split('?')[1]);
        Assert.Equal("123456789012", query["domain-owner"]);
        Assert.Equal("ns", query["namespace"]);
        Assert.Equal("1.0.0", query["version"]);
    }

    [Fact]
    public async Task DescribeVersion_WhenServiceSaysNotFound_ShouldThrowPackageVersionNotFound()
    {
        var (server, source, client) = Start(e => e.RespondAsync(404, """{"message":"no such version"}""", ("x-amzn-ErrorType", "ResourceNotFoundException")));
        await using var _ = server;
        using var __ = client;
        var error = await Assert.ThrowsAsync<PackageVersionNotFoundException>(() => source.DescribeVersionAsync(Id, Bounded()));
        Assert.Contains("no such version", error.Message);
        Assert.IsType<ResourceNotFoundException>(error.InnerException);
    }

    // Issue 15: a ValidationException never succeeds on retry; the review must fail closed on it, not dead-letter.
    [Fact]
    public async Task DescribeListAndUpdate_WhenServiceSaysValidationException_ShouldThrowPackageVersionUnreadable()
    {
        var (server, source, client) = Start(e => e.RespondAsync(400, """{"message":"Value 'bad name' at 'package' failed to satisfy constraint"}""", ("x-amzn-ErrorType", "ValidationException")));
        await using var _ = server;
        using var __ = client;
        var described = await Assert.ThrowsAsync<PackageVersionUnreadableException>(() => source.DescribeVersionAsync(Id, Bounded()));
        var listed = await Assert.ThrowsAsync<PackageVersionUnreadableException>(() => source.ListAssetsAsync(Id, Bounded()));
        var updated = await Assert.ThrowsAsync<PackageVersionUnreadableException>(() => source.UpdateStatusAsync(Id, null, null, PackageVersionStatus.Unlisted, Bounded()));
        Assert.All([described, listed, updated], error =>
        {
            Assert.Equal("ValidationException", error.ErrorCode);
            Assert.Contains("failed to satisfy constraint", error.Message, StringComparison.Ordinal);
            Assert.IsType<ValidationException>(error.InnerException);
        });
        Assert.StartsWith("DescribePackageVersion", described.Message, StringComparison.Ordinal);
        Assert.StartsWith("ListPackageVersionAssets", listed.Message, StringComparison.Ordinal);
        Assert.StartsWith("UpdatePackageVersionsStatus", updated.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateStatus_WhenNoConditionIsGiven_ShouldSendNeitherExpectedStatusNorRevisions()
    {
        var (server, source, client) = Start(e => Json(e, """{"successfulVersions":{"1.0.0":{"revision":"R","status":"Unlisted"}},"failedVersions":{}}"""));
        await using var _ = server;
        using var __ = client;
        Assert.Equal(StatusUpdateOutcome.Succeeded, await source.UpdateStatusAsync(Id, null, null, PackageVersionStatus.Unlisted, Bounded()));
        var body = server.Requests.Single().BodyText;
        Assert.DoesNotContain("expectedStatus", body, StringComparison.Ordinal);
        Assert.DoesNotContain("versionRevisions", body, StringComparison.Ordinal);
        Assert.Contains("\"targetStatus\":\"Unlisted\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAssets_WhenResultSpansPages_ShouldReturnEveryAssetWithLowerCaseHashes()
    {
        var (server, source, client) = Start(e =>
        {
            var query = HttpUtility.ParseQueryString(e.Request.Target.Split('?')[1]);
            return query["next-token"] switch
            {
                null => Json(e, """{"assets":[{"name":"a","size":1,"hashes":{"SHA-256":"ABCDEF","MD5":"00FF"}}],"nextToken":"t1"}"""),
                "t1" => Json(e, """{"assets":[{"name":"b","size":2,"hashes":{"SHA-256":"0a"}}],"nextToken":"t2"}"""),
                _ => Json(e, """{"assets":[{"name":"c","size":3,"hashes":{}}]}"""),
            };
        });
        await using var _ = server;
        using var __ = client;
        var assets = await source.ListAssetsAsync(Id, Bounded());
        Assert.Equal(["a", "b", "c"], assets.Select(a => a.Name));
        Assert.Equal("abcdef", assets[0].Hashes["SHA-256"]);
        Assert.Equal("00ff", assets[0].Hashes["MD5"]);
        Assert.Equal(3, assets[2].Size);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task OpenAsset_WhenRevisionGiven_ShouldPinItAndStreamTheBytes()
    {
        var (server, source, client) = Start(e => e.RespondAsync(200, Encoding.UTF8.GetBytes("payload"), ("X-PackageVersionRevision", "REV1"), ("X-AssetName", "a.bin")));
        await using var _ = server;
        using var __ = client;
        await using (var stream = await source.OpenAssetAsync(Id, "a.bin", "REV1", Bounded()))
        {
            using var reader = new StreamReader(stream);
            Assert.Equal("payload", await reader.ReadToEndAsync());
        }

        var query = HttpUtility.ParseQueryString(server.Requests.Single().Target.Split('?')[1]);
        Assert.Equal("REV1", query["revision"]);
        Assert.Equal("a.bin", query["asset"]);
    }

    [Fact]
    public async Task OpenAsset_WhenServedForAnotherRevision_ShouldRefuse()
    {
        var (server, source, client) = Start(e => e.RespondAsync(200, "x", ("X-PackageVersionRevision", "REV2")));
        await using var _ = server;
        using var __ = client;
        await Assert.ThrowsAsync<InvalidOperationException>(() => source.OpenAssetAsync(Id, "a.bin", "REV1", Bounded()));
    }

    [Theory]
    [InlineData("""{"successfulVersions":{"1.0.0":{"revision":"REV1","status":"Published"}},"failedVersions":{}}""", StatusUpdateOutcome.Succeeded)]
    [InlineData("""{"successfulVersions":{},"failedVersions":{"1.0.0":{"errorCode":"MISMATCHED_STATUS","errorMessage":"m"}}}""", StatusUpdateOutcome.MismatchedStatus)]
    [InlineData("""{"failedVersions":{"1.0.0":{"errorCode":"MISMATCHED_REVISION","errorMessage":"m"}}}""", StatusUpdateOutcome.MismatchedRevision)]
    [InlineData("""{"failedVersions":{"1.0.0":{"errorCode":"NOT_ALLOWED"}}}""", StatusUpdateOutcome.NotAllowed)]
    [InlineData("""{"failedVersions":{"1.0.0":{"errorCode":"NOT_FOUND"}}}""", StatusUpdateOutcome.NotFound)]
    [InlineData("""{"failedVersions":{"1.0.0":{"errorCode":"SKIPPED"}}}""", StatusUpdateOutcome.Skipped)]
    public async Task UpdateStatus_WhenServiceAnswers_ShouldMapPerVersionOutcome(string answer, StatusUpdateOutcome expected)
    {
        var (server, source, client) = Start(e => Json(e, answer));
        await using var _ = server;
        using var __ = client;
        var outcome = await source.UpdateStatusAsync(Id, PackageVersionStatus.Unfinished, "REV1", PackageVersionStatus.Unlisted, Bounded());
        Assert.Equal(expected, outcome);
        var sent = server.Requests.Single();
        Assert.Equal("""{"versions":["1.0.0"],"versionRevisions":{"1.0.0":"REV1"},"expectedStatus":"Unfinished","targetStatus":"Unlisted"}""", sent.BodyText);
        Assert.StartsWith("/v1/package/versions/update_status?", sent.Target);
    }
}
