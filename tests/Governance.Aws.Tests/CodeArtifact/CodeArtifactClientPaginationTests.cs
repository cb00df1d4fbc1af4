using System.Web;
using Governance.Aws.CodeArtifact;
using Governance.Aws.CodeArtifact.Model;
using Governance.Aws.Tests.Support;

namespace Governance.Aws.Tests.CodeArtifact;

/// <summary>The page enumerables follow nextToken to the end and never loop.</summary>
public sealed class CodeArtifactClientPaginationTests
{
    private static CancellationToken Bounded() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private static string? Token(HttpExchange e) => HttpUtility.ParseQueryString(e.Request.Target.Split('?')[1])["next-token"];

    private static Task Json(HttpExchange e, string body) => e.RespondAsync(200, body, ("Content-Type", "application/json"));

    [Fact]
    public async Task ListPackageVersionsPages_WhenThreePages_ShouldYieldEachOnceAndKeepTheCallersRequest()
    {
        await using var server = new LoopbackHttpServer(e => Token(e) switch
        {
            null => Json(e, """{"versions":[{"version":"1.0.0","status":"Published","revision":"a"}],"nextToken":"p2"}"""),
            "p2" => Json(e, """{"versions":[{"version":"1.1.0","status":"Unlisted"}],"nextToken":"p3"}"""),
            _ => Json(e, """{"versions":[{"version":"2.0.0","status":"Archived","origin":{"originType":"EXTERNAL","domainEntryPoint":{"externalConnectionName":"public:npmjs"}}}],"defaultDisplayVersion":"2.0.0"}"""),
        });
        using var client = new CodeArtifactClient(TestEnvironment.Credentials, new CodeArtifactConfig().AtLoopback(server.BaseUri));
        var request = new ListPackageVersionsRequest { Domain = "d1", Repository = "r1", Format = "npm", Package = "left-pad" };
        var versions = new List<PackageVersionSummary>();
        await foreach (var page in client.ListPackageVersionsPagesAsync(request, Bounded()))
        {
            versions.AddRange(page.Versions);
        }

        Assert.Equal(["1.0.0", "1.1.0", "2.0.0"], versions.Select(v => v.Version));
        Assert.Equal("public:npmjs", versions[2].Origin?.DomainEntryPoint?.ExternalConnectionName);
        Assert.Null(request.NextToken);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task ListPackagesPages_WhenServiceRepeatsAToken_ShouldStopWithAClearError()
    {
        await using var server = new LoopbackHttpServer(e => Json(e, """{"packages":[{"package":"p","format":"generic"}],"nextToken":"same"}"""));
        using var client = new CodeArtifactClient(TestEnvironment.Credentials, new CodeArtifactConfig().AtLoopback(server.BaseUri));
        var pages = 0;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in client.ListPackagesPagesAsync(new ListPackagesRequest { Domain = "d1", Repository = "r1" }, Bounded()))
            {
                pages++;
            }
        });
        Assert.Contains("same nextToken twice", error.Message);
        Assert.Equal(2, pages);
    }

    [Fact]
    public async Task ListRepositoriesInDomainPages_WhenTwoPages_ShouldReturnAllRepositoriesWithTimestamps()
    {
        await using var server = new LoopbackHttpServer(e => Token(e) is null
            ? Json(e, """{"repositories":[{"name":"a","createdTime":1700000000.5}],"nextToken":"n"}""")
            : Json(e, """{"repositories":[{"name":"b","domainName":"d1"}]}"""));
        using var client = new CodeArtifactClient(TestEnvironment.Credentials, new CodeArtifactConfig().AtLoopback(server.BaseUri));
        var repositories = new List<RepositorySummary>();
        await foreach (var page in client.ListRepositoriesInDomainPagesAsync(new ListRepositoriesInDomainRequest { Domain = "d1" }, Bounded()))
        {
            repositories.AddRange(page.Repositories);
        }

        Assert.Equal(["a", "b"], repositories.Select(r => r.Name));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000000500), repositories[0].CreatedTime);
    }
}
