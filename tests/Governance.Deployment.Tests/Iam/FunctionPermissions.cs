namespace Governance.Deployment.Tests.Iam;

/// <summary>The one place the IAM tests get the code's side from.</summary>
public static class FunctionPermissions
{
    // Integration seam: replace with an adapter over Governance.Functions.FunctionCatalog (and delete
    // InterimFunctionPermissions) once the functions program exists.
    public static IFunctionPermissionsSource Source { get; } = new InterimFunctionPermissions();
}
