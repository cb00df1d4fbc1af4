using System.Collections.Concurrent;
using Governance.Local.Events;
using Governance.Local.Faults;
using Governance.TestSupport;

namespace Governance.Local.Tests.Events;

/// <summary>
/// Issue 15: the fault injector's reordering holds one event back until the next one has gone out. That event's change
/// is already committed, so a crash during the hold must not lose it: it is kept in the data folder and released first
/// by the next start. The crashed stack here is a bus that never writes to the folder's log (its deliveries go to an
/// in-memory bus), so after the "crash" only the held-back file can bring the event back.
/// </summary>
public sealed class HeldBackEventRecoveryTests : IDisposable
{
    private const string Name = "governance-review";
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task CrashWhileAnEventIsHeldBack_WhenRestarted_ShouldDeliverThatEventOnce()
    {
        await SubscribeOnceAsync();
        await using var memoryOnly = new LocalEventBus(dataFolder: null);
        var crashed = new FaultyEventBus(memoryOnly, new FaultInjector(new FaultSettings(ReorderEvents: 1)), _data.Path);
        crashed.Publish("{\"id\":\"held\"}");
        Assert.True(File.Exists(_data.File("events.held.json")), "the held-back event must be kept in the data folder while it is held");

        var delivered = await RestartAndDrainAsync();

        Assert.Equal(["{\"id\":\"held\"}"], delivered);
        Assert.False(File.Exists(_data.File("events.held.json")));
    }

    /// <summary>Died after releasing the event into the log and before removing the file: the restart must not release it twice.</summary>
    [Fact]
    public async Task HeldBackFileOfAnEventAlreadyInTheLog_WhenRestarted_ShouldNotDeliverItTwice()
    {
        await SubscribeOnceAsync();
        await using (var before = new LocalEventBus(_data.Path))
        {
            before.Publish("{\"id\":\"first\"}");
            before.Publish("{\"id\":\"released\"}");
        }

        await File.WriteAllTextAsync(_data.File("events.held.json"), "{\"id\":\"released\"}");

        var delivered = await RestartAndDrainAsync();

        Assert.Equal(["{\"id\":\"first\"}", "{\"id\":\"released\"}"], delivered);
        Assert.False(File.Exists(_data.File("events.held.json")));
    }

    /// <summary>The review's durable subscription exists from the stack's first start on, before any event.</summary>
    private async Task SubscribeOnceAsync()
    {
        await using var first = new LocalEventBus(_data.Path);
        first.SubscribeDurable(Name, (_, _) => Task.CompletedTask).Dispose();
    }

    /// <summary>A restarted stack: a bus on the folder, the fault layer in front of it, the review's durable subscription.</summary>
    private async Task<List<string>> RestartAndDrainAsync()
    {
        var delivered = new ConcurrentQueue<string>();
        await using var bus = new LocalEventBus(_data.Path);
        _ = new FaultyEventBus(bus, new FaultInjector(FaultSettings.None), _data.Path, bus.LogPath);
        var subscription = bus.SubscribeDurable(Name, (json, _) =>
        {
            delivered.Enqueue(json);
            return Task.CompletedTask;
        });
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (subscription.Pending > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return [.. delivered];
    }
}
