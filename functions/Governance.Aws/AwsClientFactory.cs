using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Governance.Aws.CodeArtifact;
using Governance.Aws.Sns;

namespace Governance.Aws;

/// <summary>
/// Builds clients from the environment the way Lambda and the AWS CLI configure them: region from
/// <c>AWS_REGION</c> (else the profile), endpoint from <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c> then
/// <c>AWS_ENDPOINT_URL</c> (both honoured by AWSSDK.Core itself, keyed on each client's ServiceId; the signing region
/// stays the configured region), credentials from the SDK's default chain (in Lambda: the environment's session
/// credentials) unless given.
/// </summary>
public static class AwsClientFactory
{
    /// <summary>CodeArtifact; endpoint override <c>AWS_ENDPOINT_URL_CODEARTIFACT</c>.</summary>
    public static CodeArtifactClient CreateCodeArtifact(AWSCredentials? credentials = null)
    {
        var config = WithRegion(new CodeArtifactConfig());
        return credentials is null ? new CodeArtifactClient(config) : new CodeArtifactClient(credentials, config);
    }

    /// <summary>SNS; endpoint override <c>AWS_ENDPOINT_URL_SNS</c>.</summary>
    public static SnsClient CreateSns(AWSCredentials? credentials = null)
    {
        var config = WithRegion(new SnsConfig());
        return credentials is null ? new SnsClient(config) : new SnsClient(credentials, config);
    }

    /// <summary>DynamoDB (the decision ledger); endpoint override <c>AWS_ENDPOINT_URL_DYNAMODB</c>.</summary>
    public static IAmazonDynamoDB CreateDynamoDb(AWSCredentials? credentials = null)
    {
        var config = WithRegion(new AmazonDynamoDBConfig());
        return credentials is null ? new AmazonDynamoDBClient(config) : new AmazonDynamoDBClient(credentials, config);
    }

    /// <summary>SSM (parameters); endpoint override <c>AWS_ENDPOINT_URL_SSM</c>.</summary>
    public static IAmazonSimpleSystemsManagement CreateSsm(AWSCredentials? credentials = null)
    {
        var config = WithRegion(new AmazonSimpleSystemsManagementConfig());
        return credentials is null ? new AmazonSimpleSystemsManagementClient(config) : new AmazonSimpleSystemsManagementClient(credentials, config);
    }

    /// <summary>
    /// Applies <c>AWS_REGION</c> explicitly so that an endpoint override does not lose the signing region. The .NET
    /// SDK reads <c>AWS_REGION</c>, not <c>AWS_DEFAULT_REGION</c>; the latter is honoured here too, as the CLI does.
    /// </summary>
    private static T WithRegion<T>(T config)
        where T : ClientConfig
    {
        var region = Environment.GetEnvironmentVariable("AWS_REGION") is { Length: > 0 } r ? r
            : Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION") is { Length: > 0 } d ? d
            : null;
        if (region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
            config.AuthenticationRegion = region;
        }

        return config;
    }
}
