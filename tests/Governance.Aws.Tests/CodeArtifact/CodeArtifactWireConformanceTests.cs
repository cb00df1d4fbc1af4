using System.Text;
using System.Text.Json.Nodes;
using System.Web;
using Amazon.Runtime;
using Governance.Aws.CodeArtifact;
using Governance.Aws.CodeArtifact.Model;
using Governance.Aws.Sns;
using Governance.Aws.Tests.Support;

namespace Governance.Aws.Tests.CodeArtifact;

/// <summary>
/// Every operation our clients send, compared with what botocore's serializer produces for the same input from the
/// same service model: method, path, query, JSON or form body, and the headers botocore sets.
/// </summary>
public sealed class CodeArtifactWireConformanceTests
{
    private sealed record Operation(string Service, string Name, string BotocoreParams, Func<CodeArtifactClient, SnsClient, Task> Call);

    private const string Scope = "\"domain\":\"nextwork\",\"domainOwner\":\"123456789012\",\"repository\":\"nextwork-devops-cicd\"";
    private const string PackageScope = Scope + ",\"format\":\"generic\",\"namespace\":\"secret-mission\",\"package\":\"secret mission+x\"";

    private static T Package<T>(T request)
        where T : PackageScopedRequest
    {
        request.Domain = "nextwork";
        request.DomainOwner = "123456789012";
        request.Repository = "nextwork-devops-cicd";
        request.Format = "generic";
        request.Namespace = "secret-mission";
        request.Package = "secret mission+x";
        return request;
    }

    private static T Repo<T>(T request)
        where T : RepositoryScopedRequest
    {
        request.Domain = "nextwork";
        request.DomainOwner = "123456789012";
        request.Repository = "nextwork-devops-cicd";
        return request;
    }

    private static readonly Operation[] Operations =
    [
        new("codeartifact", "DescribePackageVersion", "{" + PackageScope + ",\"packageVersion\":\"1.0.0\"}",
            (c, _) => c.DescribePackageVersionAsync(Package(new DescribePackageVersionRequest { PackageVersion = "1.0.0" }))),
        new("codeartifact", "ListPackageVersionAssets", "{" + PackageScope + ",\"packageVersion\":\"1.0.0\",\"maxResults\":50,\"nextToken\":\"tok/==\"}",
            (c, _) => c.ListPackageVersionAssetsAsync(Package(new ListPackageVersionAssetsRequest { PackageVersion = "1.0.0", MaxResults = 50, NextToken = "tok/==" }))),
        new("codeartifact", "GetPackageVersionAsset", "{" + PackageScope + ",\"packageVersion\":\"1.0.0\",\"asset\":\"secret mission (1).zip\",\"packageVersionRevision\":\"REV+/=\"}",
            async (c, _) => { using var r = await c.GetPackageVersionAssetAsync(Package(new GetPackageVersionAssetRequest { PackageVersion = "1.0.0", Asset = "secret mission (1).zip", PackageVersionRevision = "REV+/=" })); }),
        new("codeartifact", "UpdatePackageVersionsStatus", "{" + PackageScope + ",\"versions\":[\"1.0.0\"],\"versionRevisions\":{\"1.0.0\":\"REV1\"},\"expectedStatus\":\"Unfinished\",\"targetStatus\":\"Unlisted\"}",
            (c, _) => c.UpdatePackageVersionsStatusAsync(Package(new UpdatePackageVersionsStatusRequest { Versions = ["1.0.0"], VersionRevisions = new() { ["1.0.0"] = "REV1" }, ExpectedStatus = "Unfinished", TargetStatus = "Unlisted" }))),
        new("codeartifact", "ListPackages", "{" + Scope + ",\"format\":\"generic\",\"namespace\":\"secret-mission\",\"packagePrefix\":\"secret\",\"maxResults\":25,\"publish\":\"ALLOW\",\"upstream\":\"BLOCK\"}",
            (c, _) => c.ListPackagesAsync(Repo(new ListPackagesRequest { Format = "generic", Namespace = "secret-mission", PackagePrefix = "secret", MaxResults = 25, Publish = "ALLOW", Upstream = "BLOCK" }))),
        new("codeartifact", "ListPackageVersions", "{" + PackageScope + ",\"status\":\"Published\",\"sortBy\":\"PUBLISHED_TIME\",\"maxResults\":10,\"originType\":\"INTERNAL\"}",
            (c, _) => c.ListPackageVersionsAsync(Package(new ListPackageVersionsRequest { Status = "Published", SortBy = "PUBLISHED_TIME", MaxResults = 10, OriginType = "INTERNAL" }))),
        new("codeartifact", "DescribePackage", "{" + PackageScope + "}",
            (c, _) => c.DescribePackageAsync(Package(new DescribePackageRequest()))),
        new("codeartifact", "PublishPackageVersion", "{" + PackageScope + ",\"packageVersion\":\"1.0.0\",\"assetName\":\"a.txt\",\"assetContent\":\"hello\",\"assetSHA256\":\"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\",\"unfinished\":true}",
            (c, _) => c.PublishPackageVersionAsync(Package(new PublishPackageVersionRequest { PackageVersion = "1.0.0", AssetName = "a.txt", AssetContent = new MemoryStream("hello"u8.ToArray()), AssetSHA256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", Unfinished = true }))),
        new("codeartifact", "PutPackageOriginConfiguration", "{" + PackageScope + ",\"restrictions\":{\"publish\":\"ALLOW\",\"upstream\":\"BLOCK\"}}",
            (c, _) => c.PutPackageOriginConfigurationAsync(Package(new PutPackageOriginConfigurationRequest { Restrictions = new() { Publish = "ALLOW", Upstream = "BLOCK" } }))),
        new("codeartifact", "GetAuthorizationToken", "{\"domain\":\"nextwork\",\"domainOwner\":\"123456789012\",\"durationSeconds\":900}",
            (c, _) => c.GetAuthorizationTokenAsync(new GetAuthorizationTokenRequest { Domain = "nextwork", DomainOwner = "123456789012", DurationSeconds = 900 })),
        new("codeartifact", "GetRepositoryEndpoint", "{" + Scope + ",\"format\":\"npm\",\"endpointType\":\"ipv4\"}",
            (c, _) => c.GetRepositoryEndpointAsync(Repo(new GetRepositoryEndpointRequest { Format = "npm", EndpointType = "ipv4" }))),
        new("codeartifact", "CreateDomain", "{\"domain\":\"nextwork\",\"tags\":[{\"key\":\"team\",\"value\":\"devops\"}]}",
            (c, _) => c.CreateDomainAsync(new CreateDomainRequest { Domain = "nextwork", Tags = [new() { Key = "team", Value = "devops" }] })),
        new("codeartifact", "CreateRepository", "{" + Scope + ",\"description\":\"CI/CD repo\",\"upstreams\":[{\"repositoryName\":\"npm-store\"}]}",
            (c, _) => c.CreateRepositoryAsync(Repo(new CreateRepositoryRequest { Description = "CI/CD repo", Upstreams = [new() { RepositoryName = "npm-store" }] }))),
        new("codeartifact", "AssociateExternalConnection", "{" + Scope + ",\"externalConnection\":\"public:maven-central\"}",
            (c, _) => c.AssociateExternalConnectionAsync(Repo(new AssociateExternalConnectionRequest { ExternalConnection = "public:maven-central" }))),
        new("codeartifact", "DescribeRepository", "{" + Scope + "}",
            (c, _) => c.DescribeRepositoryAsync(Repo(new DescribeRepositoryRequest()))),
        new("codeartifact", "ListRepositoriesInDomain", "{\"domain\":\"nextwork\",\"domainOwner\":\"123456789012\",\"administratorAccount\":\"123456789012\",\"repositoryPrefix\":\"next\",\"maxResults\":5,\"nextToken\":\"t\"}",
            (c, _) => c.ListRepositoriesInDomainAsync(new ListRepositoriesInDomainRequest { Domain = "nextwork", DomainOwner = "123456789012", AdministratorAccount = "123456789012", RepositoryPrefix = "next", MaxResults = 5, NextToken = "t" })),
        new("sns", "Publish", "{\"TopicArn\":\"arn:aws:sns:eu-north-1:123456789012:package-events\",\"Subject\":\"Package secret-mission 1.0.0 published\",\"Message\":\"{\\\"default\\\":\\\"d\\\",\\\"email\\\":\\\"e\\\"}\",\"MessageStructure\":\"json\",\"MessageAttributes\":{\"packageFormat\":{\"DataType\":\"String\",\"StringValue\":\"generic\"},\"severity\":{\"DataType\":\"Number\",\"StringValue\":\"3\"},\"blob\":{\"DataType\":\"Binary\",\"BinaryValue\":\"hello\"}}}",
            (_, s) =>
            {
                var request = new PublishRequest { TopicArn = "arn:aws:sns:eu-north-1:123456789012:package-events", Subject = "Package secret-mission 1.0.0 published", Message = """{"default":"d","email":"e"}""", MessageStructure = "json" };
                request.MessageAttributes["packageFormat"] = MessageAttributeValue.OfString("generic");
                request.MessageAttributes["severity"] = MessageAttributeValue.OfNumber("3");
                request.MessageAttributes["blob"] = MessageAttributeValue.OfBinary("hello"u8.ToArray());
                return s.PublishAsync(request);
            }),
        new("sns", "CreateTopic", "{\"Name\":\"package-events\",\"Attributes\":{\"DisplayName\":\"Governance\"},\"Tags\":[{\"Key\":\"team\",\"Value\":\"devops\"}]}",
            (_, s) =>
            {
                var request = new CreateTopicRequest { Name = "package-events" };
                request.Attributes["DisplayName"] = "Governance";
                request.Tags["team"] = "devops";
                return s.CreateTopicAsync(request);
            }),
        new("sns", "Subscribe", "{\"TopicArn\":\"arn:aws:sns:eu-north-1:123456789012:t\",\"Protocol\":\"email\",\"Endpoint\":\"ops@example.com\",\"Attributes\":{\"FilterPolicy\":\"{\\\"verdict\\\":[\\\"fail\\\"]}\"},\"ReturnSubscriptionArn\":true}",
            (_, s) =>
            {
                var request = new SubscribeRequest { TopicArn = "arn:aws:sns:eu-north-1:123456789012:t", Protocol = "email", Endpoint = "ops@example.com", ReturnSubscriptionArn = true };
                request.Attributes["FilterPolicy"] = """{"verdict":["fail"]}""";
                return s.SubscribeAsync(request);
            }),
        new("sns", "ListSubscriptionsByTopic", "{\"TopicArn\":\"arn:aws:sns:eu-north-1:123456789012:t\",\"NextToken\":\"n\"}",
            (_, s) => s.ListSubscriptionsByTopicAsync(new ListSubscriptionsByTopicRequest { TopicArn = "arn:aws:sns:eu-north-1:123456789012:t", NextToken = "n" })),
    ];

    [Fact]
    public async Task EveryOperation_WhenComparedWithBotocore_ShouldPutTheSameRequestOnTheWire()
    {
        await using var server = new LoopbackHttpServer(e => e.Request.Target.StartsWith("/v1/", StringComparison.Ordinal)
            ? e.RespondAsync(200, "{}", ("Content-Type", "application/json"))
            : e.RespondAsync(200, "<R><RequestId>x</RequestId></R>", ("Content-Type", "text/xml")));
        using var codeArtifact = new CodeArtifactClient(TestEnvironment.Credentials, new CodeArtifactConfig().AtLoopback(server.BaseUri));
        using var sns = new SnsClient(TestEnvironment.Credentials, new SnsConfig().AtLoopback(server.BaseUri));
        var captured = new List<CapturedRequest>();
        foreach (var operation in Operations)
        {
            var before = server.Requests.Count;
            try
            {
                await operation.Call(codeArtifact, sns);
            }
            catch (AmazonUnmarshallingException)
            {
                // The loopback server answers "{}", which some responses cannot be read from (the SDK retries those
                // before giving up); only the first request matters here.
            }

            Assert.True(server.Requests.Count > before, $"{operation.Name} sent nothing");
            captured.Add(server.Requests.ToArray()[before]);
        }

        var expected = await BotocoreSerializer.SerializeAsync(Operations.Select(o => new BotocoreSerializer.OperationInput(o.Service, o.Name, JsonNode.Parse(o.BotocoreParams)!.AsObject())));
        Assert.Equal(Operations.Length, expected.Count);
        for (var i = 0; i < Operations.Length; i++)
        {
            AssertSameRequest(Operations[i].Name, expected[i], captured[i]);
        }
    }

    private static void AssertSameRequest(string operation, JsonObject expected, CapturedRequest actual)
    {
        var parts = actual.Target.Split('?', 2);
        Assert.True(expected["method"]!.GetValue<string>() == actual.Method, $"{operation}: method {actual.Method}");
        Assert.True(expected["path"]!.GetValue<string>() == parts[0], $"{operation}: path {parts[0]}");

        var query = parts.Length > 1
            ? parts[1].Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1]))
            : [];
        var expectedQuery = expected["query"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
        Assert.True(expectedQuery.OrderBy(p => p.Key).SequenceEqual(query.OrderBy(p => p.Key)),
            $"{operation}: query {string.Join('&', query.Select(p => p.Key + "=" + p.Value))} vs botocore {string.Join('&', expectedQuery.Select(p => p.Key + "=" + p.Value))}");

        foreach (var (name, value) in expected["headers"]!.AsObject())
        {
            Assert.True(value!.GetValue<string>() == actual.Header(name), $"{operation}: header {name} = '{actual.Header(name)}', botocore '{value}'");
        }

        if (expected["bodyJson"] is JsonNode json)
        {
            Assert.True(JsonNode.DeepEquals(json, JsonNode.Parse(actual.Body)), $"{operation}: body {actual.BodyText} vs botocore {json.ToJsonString()}");
        }
        else if (expected["bodyForm"] is JsonObject form)
        {
            var actualForm = HttpUtility.ParseQueryString(actual.BodyText);
            var expectedForm = form.ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
            Assert.True(expectedForm.Count == actualForm.Count && expectedForm.All(p => actualForm[p.Key] == p.Value),
                $"{operation}: form {actual.BodyText} vs botocore {form.ToJsonString()}");
        }
        else if (expected["bodyText"] is JsonNode text)
        {
            Assert.Equal(text.GetValue<string>(), Encoding.UTF8.GetString(actual.Body));
        }
        else
        {
            Assert.True(actual.Body.Length == 0, $"{operation}: botocore sends no body, we sent {actual.Body.Length} bytes");
        }
    }
}
