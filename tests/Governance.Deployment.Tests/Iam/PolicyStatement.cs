namespace Governance.Deployment.Tests.Iam;

/// <summary>
/// One statement of a function's role policy, with its resources rendered as ARN shapes: pseudo parameters take
/// sample values and names that come from this stack appear as <c>{Resource}</c> or <c>{Parameter}</c>, so that
/// the shape can be checked against AWS's ARN formats and for wildcards.
/// </summary>
public sealed record PolicyStatement(
    string Sid,
    string Effect,
    IReadOnlyList<string> Actions,
    IReadOnlyList<string> Resources,
    bool HasCondition,
    bool HasExplainingComment,
    int Line);
