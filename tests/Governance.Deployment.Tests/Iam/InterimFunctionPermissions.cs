namespace Governance.Deployment.Tests.Iam;

// Replaced at integration by Governance.Functions.FunctionCatalog: the catalog derives each function's actions from
// the clients' operation tables (CodeArtifactClient.Operations and the others), so the list is not typed twice.
// Until Governance.Functions exists, this interim source states what the functions are specified to call.
public sealed class InterimFunctionPermissions : IFunctionPermissionsSource
{
    public IReadOnlyDictionary<string, IReadOnlySet<string>> ActionsByFunction { get; } =
        new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
        {
            ["review"] = new HashSet<string>(StringComparer.Ordinal)
            {
                "codeartifact:DescribePackageVersion",
                "codeartifact:ListPackageVersionAssets",
                "codeartifact:GetPackageVersionAsset",
                "codeartifact:UpdatePackageVersionsStatus",
                "sns:Publish",
                "dynamodb:GetItem",
                "dynamodb:PutItem",
                "dynamodb:UpdateItem",
            },
            ["notify"] = new HashSet<string>(StringComparer.Ordinal)
            {
                "ssm:GetParameter",
            },
        };
}
