using Governance.Aws;
using Governance.Aws.CodeArtifact;
using Governance.Aws.Ledger;
using Governance.Aws.Parameters;
using Governance.Aws.Queues;
using Governance.Aws.Sns;

namespace Governance.Functions;

/// <summary>
/// What each function of this program calls on AWS, taken from the adapters' operation tables (never typed twice):
/// the deployment tests compare it with the IAM statements of template.yaml, so a new call without a grant, or a
/// grant without a call, fails the build.
/// </summary>
public static class FunctionCatalog
{
    /// <summary>The CodeArtifact operations the review calls through <see cref="CodeArtifactPackageSource"/>.</summary>
    public static IReadOnlyList<string> ReviewCodeArtifactOperations { get; } =
        ["DescribePackageVersion", "ListPackageVersionAssets", "GetPackageVersionAsset", "UpdatePackageVersionsStatus"];

    /// <summary>Function name (the value of GOVERNANCE_FUNCTION) → the AWS operations its code can call.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<AwsOperation>> OperationsByFunction { get; } =
        new Dictionary<string, IReadOnlyList<AwsOperation>>(StringComparer.Ordinal)
        {
            ["review"] =
            [
                .. CodeArtifactClient.Operations.Where(o => ReviewCodeArtifactOperations.Contains(o.Name)),
                .. SnsClient.Operations.Where(o => o.Name == "Publish"),
                .. DynamoDbDecisionLedger.Operations,
                .. SqsDeadLetterForwarder.Operations,
                .. SqsRetryBackoff.Operations,
            ],
            ["reevaluate"] =
            [
                .. CodeArtifactClient.Operations.Where(o => ReviewCodeArtifactOperations.Contains(o.Name)),
                .. SnsClient.Operations.Where(o => o.Name == "Publish"),
                .. DynamoDbDecisionLedger.ReevaluationOperations,
            ],
            ["notify"] = [.. SsmSecureParameter.Operations, .. DynamoDbDecisionLedger.ReceiptOperations],
        };

    /// <summary>The IAM actions per function.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> ActionsByFunction { get; } =
        OperationsByFunction.ToDictionary(
            pair => pair.Key,
            pair => (IReadOnlySet<string>)pair.Value.SelectMany(o => o.IamActions).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);
}
