namespace Governance.Deployment.Tests.Iam;

/// <summary>
/// The AWS actions each function's code can call, keyed by the function name the program reads from
/// <c>GOVERNANCE_FUNCTION</c> (<c>review</c>, <c>notify</c>). Actions are IAM action strings (<c>service:Action</c>).
/// This is the code's side of the least-privilege check; the template's side is read from template.yaml.
/// </summary>
public interface IFunctionPermissionsSource
{
    IReadOnlyDictionary<string, IReadOnlySet<string>> ActionsByFunction { get; }
}
