using System.Collections.Concurrent;
using Governance.Local.Events;
using Governance.Local.Faults;
using Governance.Local.Lambda;
using Governance.TestSupport;

namespace Governance.Local.Tests.Events;

/// <summary>
/// Issue 15 ("Lost reviews"): events the review function had not acknowledged when the stack died without a
/// graceful shutdown are delivered after a restart on the same data folder; acknowledged ones are not. The crash is
/// simulated in process: the first bus is never disposed before the second starts, its handler hangs on the event it
/// was delivering, so nothing after that point is acknowledged, exactly as after <c>kill -9</c>.
/// </summary>
public sealed class DurableEventDeliveryTests : IDisposable
{
    private const string Name = "governance-review";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    private string AckJournalPath => _data.File($"events.acked.{Name}.jsonl");

    private string DeadLetterPath => _data.File("review-dead-letter.jsonl");

    private static string Event(int i) => $"{{\"id\":\"event-{i}\",\"detail\":{{\"packageName\":\"pkg-{i % 3}\",\"packageVersion\":\"1.0.{i}\"}}}}";

    [Fact]
    public async Task Crash_BeforeAcknowledgement_WhenRestarted_ShouldDeliverEveryUnacknowledgedEventOnceMoreAndNoAcknowledgedOne()
    {
        var crashed = new LocalEventBus(_data.Path);
        try
        {
            // The first 3 invocations succeed; the 4th never returns (the process dies during it).
            var first = new ScriptedInvoker(succeedFirst: 3, thenHang: true);
            crashed.SubscribeDurable(Name, Through(first));
            for (var i = 0; i < 10; i++)
            {
                crashed.Publish(Event(i));
            }

            await WaitUntilAsync(() => first.Payloads.Count == 4);
            Assert.Equal([Event(0), Event(1), Event(2), Event(3)], first.Payloads);

            // The restarted stack: a new bus and delivery on the same folder.
            var second = new ScriptedInvoker();
            await using (var restarted = new LocalEventBus(_data.Path))
            {
                var subscription = restarted.SubscribeDurable(Name, Through(second));
                await WaitUntilAsync(() => subscription.Pending == 0);
                Assert.Equal(Enumerable.Range(3, 7).Select(Event), second.Payloads);
            }

            // Everything is acknowledged now: a third start delivers nothing.
            var third = new ScriptedInvoker();
            await using (var again = new LocalEventBus(_data.Path))
            {
                var subscription = again.SubscribeDurable(Name, Through(third));
                Assert.Equal(0, subscription.Pending);
                await Task.Delay(200);
                Assert.Empty(third.Payloads);
            }
        }
        finally
        {
            await crashed.DisposeAsync();
        }
    }

    [Fact]
    public async Task TornLastLineInAckJournal_WhenRestarted_ShouldRedeliverThatEventAndKeepAppendingCleanLines()
    {
        var crashed = new LocalEventBus(_data.Path);
        try
        {
            var first = new ScriptedInvoker(succeedFirst: 2, thenHang: true);
            crashed.SubscribeDurable(Name, Through(first));
            for (var i = 0; i < 4; i++)
            {
                crashed.Publish(Event(i));
            }

            await WaitUntilAsync(() => first.Payloads.Count == 3);
            // The process died while appending event 2's acknowledgement: the line has no end.
            var lines = await File.ReadAllLinesAsync(AckJournalPath);
            var intact = lines[^1];
            Assert.StartsWith("1 ", intact, StringComparison.Ordinal);
            await File.AppendAllTextAsync(AckJournalPath, "2 " + intact[2..^3]);

            var second = new ScriptedInvoker();
            await using (var restarted = new LocalEventBus(_data.Path))
            {
                var subscription = restarted.SubscribeDurable(Name, Through(second));
                await WaitUntilAsync(() => subscription.Pending == 0);
                Assert.Equal([Event(2), Event(3)], second.Payloads);
                restarted.Publish(Event(4));
                await WaitUntilAsync(() => subscription.Pending == 0 && second.Payloads.Count == 3);
            }

            Assert.EndsWith("\n", await File.ReadAllTextAsync(AckJournalPath), StringComparison.Ordinal);
            var third = new ScriptedInvoker();
            await using (var again = new LocalEventBus(_data.Path))
            {
                Assert.Equal(0, again.SubscribeDurable(Name, Through(third)).Pending);
            }

            // A start that finds nothing pending compacts the journal to one line.
            Assert.Single(await File.ReadAllLinesAsync(AckJournalPath));
        }
        finally
        {
            await crashed.DisposeAsync();
        }
    }

    [Fact]
    public async Task DeadLetteredEvents_ShouldCountAsAcknowledged()
    {
        var failing = new ScriptedInvoker(succeedFirst: 0);
        await using (var bus = new LocalEventBus(_data.Path))
        {
            var subscription = bus.SubscribeDurable(Name, Through(failing, attempts: 2));
            bus.Publish(Event(0));
            bus.Publish(Event(1));
            await WaitUntilAsync(() => subscription.Pending == 0);
        }

        Assert.Equal(4, failing.Payloads.Count);
        Assert.Equal(2, (await File.ReadAllLinesAsync(DeadLetterPath)).Length);
        var second = new ScriptedInvoker();
        await using var restarted = new LocalEventBus(_data.Path);
        Assert.Equal(0, restarted.SubscribeDurable(Name, Through(second)).Pending);
    }

    [Fact]
    public async Task SubscribeDurable_ThroughTheFaultInjectorsBus_ShouldStayDurable()
    {
        var crashed = new LocalEventBus(_data.Path);
        try
        {
            var first = new ScriptedInvoker(succeedFirst: 1, thenHang: true);
            ILocalEventBus decorated = new FaultyEventBus(crashed, new FaultInjector(FaultSettings.None));
            decorated.SubscribeDurable(Name, Through(first));
            decorated.Publish(Event(0));
            decorated.Publish(Event(1));
            await WaitUntilAsync(() => first.Payloads.Count == 2);

            var second = new ScriptedInvoker();
            await using var restartedInner = new LocalEventBus(_data.Path);
            ILocalEventBus restarted = new FaultyEventBus(restartedInner, new FaultInjector(FaultSettings.None));
            var subscription = restarted.SubscribeDurable(Name, Through(second));
            await WaitUntilAsync(() => subscription.Pending == 0);
            Assert.Equal([Event(1)], second.Payloads);
        }
        finally
        {
            await crashed.DisposeAsync();
        }
    }

    [Fact]
    public async Task AckJournal_AfterManyAcknowledgements_ShouldBeCompactedAndStillAcknowledgeEverything()
    {
        var first = new ScriptedInvoker();
        await using (var bus = new LocalEventBus(_data.Path, compactAcksEvery: 5))
        {
            var subscription = bus.SubscribeDurable(Name, Through(first));
            for (var i = 0; i < 23; i++)
            {
                bus.Publish(Event(i));
            }

            await WaitUntilAsync(() => subscription.Pending == 0);
            Assert.InRange((await File.ReadAllLinesAsync(AckJournalPath)).Length, 1, 5);
        }

        Assert.Equal(23, first.Payloads.Count);
        var second = new ScriptedInvoker();
        await using var restarted = new LocalEventBus(_data.Path, compactAcksEvery: 5);
        Assert.Equal(0, restarted.SubscribeDurable(Name, Through(second)).Pending);
    }

    [Fact]
    public async Task NewDurableSubscription_OnAnExistingLogWithATornLastLine_ShouldStartAtTheEndAndCutTheTornLine()
    {
        await File.WriteAllTextAsync(_data.File("events.jsonl"), Event(0) + "\n" + Event(1) + "\n" + Event(2)[..10]);
        var first = new ScriptedInvoker();
        await using var bus = new LocalEventBus(_data.Path);
        var subscription = bus.SubscribeDurable(Name, Through(first));
        Assert.Equal(0, subscription.Pending);
        bus.Publish(Event(3));
        await WaitUntilAsync(() => subscription.Pending == 0);

        Assert.Equal([Event(3)], first.Payloads);
        Assert.Equal([Event(0), Event(1), Event(3)], await File.ReadAllLinesAsync(_data.File("events.jsonl")));
    }

    [Fact]
    public async Task AckJournal_ThatNoLongerMatchesTheLog_ShouldAcknowledgeNothingItCannotProve()
    {
        var first = new ScriptedInvoker();
        await using (var bus = new LocalEventBus(_data.Path))
        {
            var subscription = bus.SubscribeDurable(Name, Through(first));
            for (var i = 0; i < 3; i++)
            {
                bus.Publish(Event(i));
            }

            await WaitUntilAsync(() => subscription.Pending == 0);
        }

        // The log was replaced behind the journal's back (same line count, other events): deliver, do not skip.
        await File.WriteAllLinesAsync(_data.File("events.jsonl"), [Event(10), Event(11), Event(12)]);
        var second = new ScriptedInvoker();
        await using var restarted = new LocalEventBus(_data.Path);
        var again = restarted.SubscribeDurable(Name, Through(second));
        await WaitUntilAsync(() => again.Pending == 0);
        Assert.Equal([Event(10), Event(11), Event(12)], second.Payloads);
    }

    private Func<string, CancellationToken, Task> Through(ScriptedInvoker invoker, int attempts = 3)
    {
        var delivery = new EventDelivery(invoker, new EventDeliveryOptions
        {
            MaxAttempts = attempts,
            InitialBackoff = TimeSpan.FromMilliseconds(1),
            DeadLetterFilePath = DeadLetterPath,
        });
        return async (json, ct) => await delivery.DeliverAsync(json, ct);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the deliveries");
            await Task.Delay(20);
        }
    }

    /// <summary>A stand-in for the review function: succeeds for the first N invocations, then fails or hangs.</summary>
    private sealed class ScriptedInvoker(int succeedFirst = int.MaxValue, bool thenHang = false) : IFunctionInvoker
    {
        private readonly ConcurrentQueue<string> _payloads = new();

        public string FunctionName => "governance-review";

        public IReadOnlyList<string> Payloads => [.. _payloads];

        public async Task<InvocationResult> InvokeAsync(string payload, CancellationToken cancellationToken)
        {
            _payloads.Enqueue(payload);
            if (_payloads.Count <= succeedFirst)
            {
                return new InvocationResult(true, "{}", null, null, TimeSpan.Zero);
            }

            if (thenHang)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return new InvocationResult(false, null, "Handled", "scripted failure", TimeSpan.Zero);
        }
    }
}
