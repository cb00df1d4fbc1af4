namespace Governance.Evidence.Tests.Registries;

/// <summary>
/// The set-up every adapter test against the stand-ins shares: fresh stand-ins for each test (tests plant files in
/// them) and one HTTP client.
/// </summary>
public abstract class RegistryStandInTests : IAsyncLifetime
{
    protected static HttpClient Client { get; } = new();

    protected RegistryStandIns StandIns { get; private set; } = null!;

    public async Task InitializeAsync() => StandIns = await RegistryStandIns.StartAsync();

    public async Task DisposeAsync() => await StandIns.DisposeAsync();
}
