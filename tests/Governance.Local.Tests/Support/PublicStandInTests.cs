namespace Governance.Local.Tests.Support;

/// <summary>The tests of the public-registry stand-ins: each gets a fresh <see cref="PublicStandInFixture"/> and reads it over HTTP.</summary>
public abstract class PublicStandInTests : IAsyncLifetime
{
    protected static HttpClient Client { get; } = new();

    protected PublicStandInFixture StandIns { get; private set; } = null!;

    public async Task InitializeAsync() => StandIns = await PublicStandInFixture.StartAsync();

    public async Task DisposeAsync() => await StandIns.DisposeAsync();
}
