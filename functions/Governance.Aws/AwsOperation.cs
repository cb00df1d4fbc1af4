namespace Governance.Aws;

/// <summary>
/// One AWS operation an adapter calls and the IAM actions it needs. The tables (e.g.
/// <c>CodeArtifactClient.Operations</c>) are what the deployment tests compare with template.yaml's policies.
/// </summary>
/// <param name="Name">The API operation name, e.g. <c>DescribePackageVersion</c>.</param>
/// <param name="IamActions">Every IAM action the call needs, e.g. <c>codeartifact:DescribePackageVersion</c>.</param>
/// <param name="Note">Why an action beyond the obvious one is listed, or a condition on it.</param>
public sealed record AwsOperation(string Name, IReadOnlyList<string> IamActions, string? Note = null);
