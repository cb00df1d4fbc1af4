using Governance.Aws.CodeArtifact;
using Governance.Aws.CodeArtifact.Model;
using Governance.Aws.Tests.Support;

namespace Governance.Aws.Tests.CodeArtifact;

/// <summary>Responses in the model's JSON shapes are read into the typed responses.</summary>
public sealed class CodeArtifactClientResponseTests
{
    private static async Task<T> Answer<T>(string body, Func<CodeArtifactClient, Task<T>> call)
    {
        await using var server = new LoopbackHttpServer(e => e.RespondAsync(200, body, ("Content-Type", "application/json"), ("x-amzn-RequestId", "rid")));
        using var client = new CodeArtifactClient(TestEnvironment.Credentials, new CodeArtifactConfig().AtLoopback(server.BaseUri));
        return await call(client);
    }

    [Fact]
    public async Task CreateDomain_WhenAnswered_ShouldReadTheDomainDescription()
    {
        var response = await Answer("""{"domain":{"name":"nextwork","owner":"123456789012","arn":"arn:aws:codeartifact:eu-north-1:123456789012:domain/nextwork","status":"Active","createdTime":1.7E9,"repositoryCount":2,"assetSizeBytes":12345678901,"encryptionKey":"arn:aws:kms:k"}}""",
            c => c.CreateDomainAsync(new CreateDomainRequest { Domain = "nextwork" }));
        Assert.Equal("Active", response.Domain?.Status);
        Assert.Equal(12345678901, response.Domain?.AssetSizeBytes);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), response.Domain?.CreatedTime);
        Assert.Equal("rid", response.ResponseMetadata.RequestId);
    }

    [Fact]
    public async Task AssociateExternalConnection_WhenAnswered_ShouldReadTheRepositoryWithItsConnections()
    {
        var response = await Answer("""{"repository":{"name":"npm-store","domainName":"nextwork","upstreams":[{"repositoryName":"x"}],"externalConnections":[{"externalConnectionName":"public:npmjs","packageFormat":"npm","status":"Available"}]}}""",
            c => c.AssociateExternalConnectionAsync(new AssociateExternalConnectionRequest { Domain = "nextwork", Repository = "npm-store", ExternalConnection = "public:npmjs" }));
        Assert.Equal("public:npmjs", Assert.Single(response.Repository!.ExternalConnections!).ExternalConnectionName);
        Assert.Equal("x", Assert.Single(response.Repository.Upstreams!).RepositoryName);
    }

    [Fact]
    public async Task GetAuthorizationToken_WhenAnswered_ShouldReadTokenAndExpiry()
    {
        var response = await Answer("""{"authorizationToken":"eyJ2ZXIiOjF9.token","expiration":1764112345.5}""",
            c => c.GetAuthorizationTokenAsync(new GetAuthorizationTokenRequest { Domain = "nextwork" }));
        Assert.Equal("eyJ2ZXIiOjF9.token", response.AuthorizationToken);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764112345500), response.Expiration);
    }

    [Fact]
    public async Task DescribePackageAndOrigin_WhenAnswered_ShouldReadRestrictions()
    {
        var described = await Answer("""{"package":{"format":"generic","namespace":"ns","name":"p","originConfiguration":{"restrictions":{"publish":"ALLOW","upstream":"BLOCK"}}}}""",
            c => c.DescribePackageAsync(new DescribePackageRequest { Domain = "d1", Repository = "r1", Format = "generic", Namespace = "ns", Package = "p" }));
        Assert.Equal("p", described.Package.Name);
        Assert.Equal("BLOCK", described.Package.OriginConfiguration?.Restrictions?.Upstream);

        var put = await Answer("""{"originConfiguration":{"restrictions":{"publish":"BLOCK","upstream":"ALLOW"}}}""",
            c => c.PutPackageOriginConfigurationAsync(new PutPackageOriginConfigurationRequest
            {
                Domain = "d1", Repository = "r1", Format = "generic", Namespace = "ns", Package = "p", Restrictions = new() { Publish = "BLOCK", Upstream = "ALLOW" },
            }));
        Assert.Equal("BLOCK", put.OriginConfiguration?.Restrictions?.Publish);
    }

    [Fact]
    public async Task GetRepositoryEndpointAndDescribeRepository_WhenAnswered_ShouldReadThem()
    {
        var endpoint = await Answer("""{"repositoryEndpoint":"https://nextwork-123456789012.d.codeartifact.eu-north-1.amazonaws.com/npm/r1/"}""",
            c => c.GetRepositoryEndpointAsync(new GetRepositoryEndpointRequest { Domain = "nextwork", Repository = "r1", Format = "npm" }));
        Assert.EndsWith("/npm/r1/", endpoint.RepositoryEndpoint);
        var repository = await Answer("""{"repository":{"name":"r1","description":"CI/CD repo","createdTime":1700000000}}""",
            c => c.DescribeRepositoryAsync(new DescribeRepositoryRequest { Domain = "nextwork", Repository = "r1" }));
        Assert.Equal("CI/CD repo", repository.Repository?.Description);
    }

    [Fact]
    public async Task PublishPackageVersion_WhenShaIsNotLowerHex_ShouldRefuseBeforeSending()
    {
        await using var server = new LoopbackHttpServer(e => e.RespondAsync(200, "{}"));
        using var client = new CodeArtifactClient(TestEnvironment.Credentials, new CodeArtifactConfig().AtLoopback(server.BaseUri));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.PublishPackageVersionAsync(new PublishPackageVersionRequest
        {
            Domain = "d1", Repository = "r1", Format = "generic", Namespace = "ns", Package = "p", PackageVersion = "1", AssetName = "a",
            AssetContent = new MemoryStream([1]), AssetSHA256 = new string('A', 64),
        }));
        Assert.Contains("AssetSHA256", error.Message);
        Assert.Empty(server.Requests);
    }
}
