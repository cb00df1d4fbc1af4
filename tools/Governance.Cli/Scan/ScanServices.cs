using Amazon.DynamoDBv2;
using Governance.Aws;
using Governance.Aws.CodeArtifact;
using Governance.Aws.Sns;
using Governance.Core.Ports;

namespace Governance.Cli.Scan;

/// <summary>
/// What a scan reaches outside itself. The defaults are the aws CLI's way (default credential chain, AWS_REGION,
/// AWS_ENDPOINT_URL[_SERVICE]); tests give clients bound to their own local stack, a clock, and a crash point.
/// </summary>
internal sealed record ScanServices
{
    public static ScanServices FromEnvironment { get; } = new();

    public Func<CodeArtifactClient> CodeArtifact { get; init; } = () => AwsClientFactory.CreateCodeArtifact();

    public Func<SnsClient> Sns { get; init; } = () => AwsClientFactory.CreateSns();

    public Func<IAmazonDynamoDB> DynamoDb { get; init; } = () => AwsClientFactory.CreateDynamoDb();

    public IClock Clock { get; init; } = SystemClock.Instance;

    /// <summary>
    /// Called with a step name (the reviewer's own, plus <c>after-review</c>, <c>after-checkpoint</c>,
    /// <c>after-packages-page</c>); throwing there is a crash: nothing else is saved, as under kill -9.
    /// </summary>
    public Action<string>? CrashPoint { get; init; }

    /// <summary>How long the reviews in progress may take to finish after a stop request before they are cancelled.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the progress line may be drawn (at most about five times a second).</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(200);
}
