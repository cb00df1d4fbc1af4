namespace Governance.Deployment.Tests.Iam;

/// <summary>Loads AWS's action/resource table once per test class (it is a few MB of JSON).</summary>
public sealed class IamReferenceFixture : IAsyncLifetime
{
    public IamReference Reference { get; private set; } = null!;

    public async Task InitializeAsync() => Reference = await IamReference.LoadFromCfnLintAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
