using Governance.Functions;

namespace Governance.Deployment.Tests.Iam;

/// <summary>The one place the IAM tests get the code's side from: the function program's own catalog.</summary>
public static class FunctionPermissions
{
    public static IFunctionPermissionsSource Source { get; } = new CatalogPermissions();

    private sealed class CatalogPermissions : IFunctionPermissionsSource
    {
        public IReadOnlyDictionary<string, IReadOnlySet<string>> ActionsByFunction => FunctionCatalog.ActionsByFunction;
    }
}
