namespace Governance.Local.Tests.Support;

/// <summary>The SNS endpoint tests that need nothing but the endpoint: each test gets a fresh <see cref="SnsTestHost"/>.</summary>
public abstract class SnsHostTests : IAsyncLifetime
{
    protected SnsTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await SnsTestHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>Stops the endpoint and starts a new one on the same folder, as a restarted stack would.</summary>
    protected async Task RestartKeepingDataAsync()
    {
        await Host.StopKeepingDataAsync();
        Host = await SnsTestHost.StartAsync(directory: Host.Directory);
    }
}
