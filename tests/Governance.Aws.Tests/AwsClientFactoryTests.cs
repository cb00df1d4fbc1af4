using Amazon.DynamoDBv2.Model;
using Amazon.SimpleSystemsManagement.Model;
using Governance.Aws.CodeArtifact;
using Governance.Aws.CodeArtifact.Model;
using Governance.Aws.Sns;
using Governance.Aws.Tests.CodeArtifact;
using Governance.Aws.Tests.Support;

namespace Governance.Aws.Tests;

/// <summary>These tests change process-wide environment variables, so they never run beside other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentMutatingGroup
{
    public const string Name = "environment-mutating";
}

/// <summary>Clients built from the environment as Lambda and the CLI configure them.</summary>
[Collection(EnvironmentMutatingGroup.Name)]
public sealed class AwsClientFactoryTests : IClassFixture<MotoServerFixture>
{
    private readonly MotoServerFixture _moto;

    public AwsClientFactoryTests(MotoServerFixture moto) => _moto = moto;

    private static async Task WithEnvironment(IReadOnlyDictionary<string, string?> variables, Func<Task> body)
    {
        var previous = variables.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        foreach (var (name, value) in variables)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        try
        {
            await body();
        }
        finally
        {
            foreach (var (name, value) in previous)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }

    [Fact]
    public async Task CreateCodeArtifact_WhenServiceEndpointVariableSet_ShouldCallItSignedForAwsRegionWithEnvironmentCredentials()
    {
        await using var server = new LoopbackHttpServer(CodeArtifactClientSignatureTests.AnswerAsync);
        await WithEnvironment(new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL_CODEARTIFACT"] = server.BaseUri.ToString(),
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9/never-used",
            ["AWS_REGION"] = "ap-southeast-2",
            ["AWS_SESSION_TOKEN"] = "env-session-token",
        }, async () =>
        {
            using var client = AwsClientFactory.CreateCodeArtifact();
            var response = await client.DescribePackageVersionAsync(new DescribePackageVersionRequest
            {
                Domain = "nextwork", Repository = "r1", Format = "generic", Namespace = "ns", Package = "p", PackageVersion = "1.0.0",
            });
            Assert.Equal("REV1", response.PackageVersion.Revision);
        });

        var captured = Assert.Single(server.Requests);
        Assert.Equal("env-session-token", captured.Header("X-Amz-Security-Token"));
        var verdict = Assert.Single(await BotocoreSigV4Verifier.VerifyAsync(server.Requests, TestEnvironment.AccessKey, TestEnvironment.SecretKey, "env-session-token"));
        Assert.True(verdict.Ok, verdict.Raw);
        Assert.Equal("ap-southeast-2", verdict.Region);
    }

    [Fact]
    public async Task CreateClients_WhenOnlyGlobalEndpointVariableSet_ShouldReachMotoForSnsDynamoDbAndSsm()
    {
        await WithEnvironment(new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL"] = _moto.Endpoint.ToString(),
            ["AWS_REGION"] = TestEnvironment.Region,
        }, async () =>
        {
            using var sns = AwsClientFactory.CreateSns();
            var topic = await sns.CreateTopicAsync(new CreateTopicRequest { Name = "factory-" + Guid.NewGuid().ToString("N")[..8] });
            Assert.StartsWith($"arn:aws:sns:{TestEnvironment.Region}:", topic.TopicArn);

            using var dynamo = AwsClientFactory.CreateDynamoDb();
            var table = "factory-" + Guid.NewGuid().ToString("N")[..8];
            await Governance.Aws.Ledger.DynamoDbDecisionLedger.CreateTableAsync(dynamo, table, CancellationToken.None);
            Assert.Contains(table, (await dynamo.ListTablesAsync(new ListTablesRequest())).TableNames);

            using var ssm = AwsClientFactory.CreateSsm();
            var name = "/factory/" + Guid.NewGuid().ToString("N")[..8];
            await ssm.PutParameterAsync(new PutParameterRequest { Name = name, Value = "v", Type = Amazon.SimpleSystemsManagement.ParameterType.SecureString });
            Assert.Equal("v", (await ssm.GetParameterAsync(new GetParameterRequest { Name = name, WithDecryption = true })).Parameter.Value);
        });
    }

    [Fact]
    public void Operations_WhenListed_ShouldNameEveryIamActionTheAdaptersNeed()
    {
        Assert.Equal(16, CodeArtifactClient.Operations.Count);
        Assert.Contains(CodeArtifactClient.Operations, o => o.Name == "GetAuthorizationToken" && o.IamActions.Contains("sts:GetServiceBearerToken"));
        // Each CodeArtifact operation is authorised by the IAM action of the same name (plus STS for the token).
        Assert.All(CodeArtifactClient.Operations, o => Assert.Equal("codeartifact:" + o.Name, o.IamActions[0]));
        Assert.All(CodeArtifactClient.Operations, o => Assert.All(o.IamActions, a => Assert.Matches("^(codeartifact|sts):[A-Za-z]+$", a)));
        Assert.Equal(["sns:Publish", "sns:CreateTopic", "sns:Subscribe", "sns:ListSubscriptionsByTopic"], SnsClient.Operations.SelectMany(o => o.IamActions));
        Assert.Equal(["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:GetItem", "dynamodb:Query"], Governance.Aws.Ledger.DynamoDbDecisionLedger.Operations.SelectMany(o => o.IamActions));
        Assert.Contains("kms:Decrypt", Assert.Single(Governance.Aws.Parameters.SsmSecureParameter.Operations).Note);
    }
}
