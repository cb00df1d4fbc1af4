using System.Text;
using System.Threading.Channels;

namespace Governance.Local.Events;

/// <summary>
/// The in-process event delivery. <see cref="Publish"/> appends the event to <c>events.jsonl</c> in the data
/// folder (one JSON document a line, the durable record; an event's line index is its sequence number) and queues
/// it for every subscriber; each subscriber has its own ordered queue and worker, and a failing handler is retried a
/// few times before the event is written to <c>events-dead-letter.jsonl</c>. The fault injector can duplicate or
/// hold back events before they get here.
/// A durable subscription (<see cref="SubscribeDurable"/>) also survives the process: each event it handled or
/// dead-lettered is acknowledged in <c>events.acked.NAME.jsonl</c> (see <see cref="AckJournal"/>), and a bus started
/// later on the same folder queues every event of <c>events.jsonl</c> not acknowledged there first, in log order —
/// at least once, as an SQS queue keeps a message until it is deleted. Plain subscriptions are in memory only.
/// </summary>
public sealed class LocalEventBus : ILocalEventBus, IAsyncDisposable
{
    /// <summary>Acknowledgement lines after which a durable subscription's journal is compacted to one line.</summary>
    public const int DefaultCompactAcksEvery = 1000;

    private const int MaxAttempts = 3;

    // Publish, subscribe and unsubscribe take this one lock, so an event's log line, its sequence number and the
    // queues it is written to agree, and a durable subscription's replay meets no event twice and misses none.
    private readonly object _gate = new();
    private readonly object _deadLetterGate = new();
    private readonly string? _dataFolder;
    private readonly string? _logPath;
    private readonly string? _deadLetterPath;
    private readonly int _compactAcksEvery;
    private readonly List<Subscription> _subscriptions = [];
    private long _nextSequence;

    public LocalEventBus(string? dataFolder, int compactAcksEvery = DefaultCompactAcksEvery)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(compactAcksEvery, 1);
        _compactAcksEvery = compactAcksEvery;
        if (dataFolder is not null)
        {
            Directory.CreateDirectory(dataFolder);
            _dataFolder = dataFolder;
            _logPath = Path.Combine(dataFolder, "events.jsonl");
            _deadLetterPath = Path.Combine(dataFolder, "events-dead-letter.jsonl");
            // A torn last line was never published (Publish had not returned); cut it so the next line starts clean.
            _nextSequence = EventLogFile.Repair(_logPath);
        }
    }

    /// <summary>The JSON-lines file every published event is appended to (null when running without a data folder).</summary>
    public string? LogPath => _logPath;

    public void Publish(string eventJson)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventJson);
        if (eventJson.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("an event must be one line of JSON", nameof(eventJson));
        }

        lock (_gate)
        {
            if (_logPath is not null)
            {
                // One write call: a kill leaves the whole line or a torn tail that the next start cuts off.
                using var log = new FileStream(_logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1);
                log.Write(Encoding.UTF8.GetBytes(eventJson + "\n"));
            }

            var sequence = _nextSequence++;
            foreach (var subscription in _subscriptions)
            {
                subscription.Enqueue(sequence, eventJson);
            }
        }
    }

    public IDisposable Subscribe(Func<string, CancellationToken, Task> subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        // A durable subscription made through a decorating bus (ILocalEventBus.SubscribeDurable's default) arrives here.
        if (subscriber.Target is DurableSubscriber durable)
        {
            return SubscribeDurable(durable.Name, durable.Handler);
        }

        return Add(new Subscription(this, subscriber, null), []);
    }

    /// <inheritdoc />
    public IEventSubscription SubscribeDurable(string name, Func<string, CancellationToken, Task> subscriber)
    {
        AckJournal.ValidateName(name);
        ArgumentNullException.ThrowIfNull(subscriber);
        if (_dataFolder is null)
        {
            return Add(new Subscription(this, subscriber, null), []);
        }

        lock (_gate)
        {
            if (_subscriptions.Any(s => s.Journal is not null && s.Name == name))
            {
                throw new InvalidOperationException($"the durable subscription \"{name}\" is already active on this bus");
            }

            var journal = AckJournal.Open(AckJournal.PathFor(_dataFolder, name), EventLogFile.Read(_logPath!), _compactAcksEvery, out var unacknowledged);
            return Add(new Subscription(this, subscriber, journal) { Name = name }, unacknowledged);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Subscription[] all;
        lock (_gate)
        {
            all = [.. _subscriptions];
            _subscriptions.Clear();
        }

        foreach (var subscription in all)
        {
            await subscription.StopAsync();
        }
    }

    private Subscription Add(Subscription subscription, List<(long Sequence, string Json)> replay)
    {
        lock (_gate)
        {
            foreach (var (sequence, json) in replay)
            {
                subscription.Enqueue(sequence, json);
            }

            _subscriptions.Add(subscription);
        }

        subscription.Start();
        return subscription;
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
        }
    }

    private void DeadLetter(string line)
    {
        if (_deadLetterPath is null)
        {
            return;
        }

        lock (_deadLetterGate)
        {
            File.AppendAllText(_deadLetterPath, line + "\n");
        }
    }

    private sealed class Subscription(LocalEventBus bus, Func<string, CancellationToken, Task> handler, AckJournal? journal) : IEventSubscription
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Channel<(long Sequence, string Json)> _queue = Channel.CreateUnbounded<(long Sequence, string Json)>(new UnboundedChannelOptions { SingleReader = true });
        private Task _worker = Task.CompletedTask;
        private long _pending;

        public AckJournal? Journal => journal;

        public string Name { get; init; } = "";

        public long Pending => Interlocked.Read(ref _pending);

        public void Enqueue(long sequence, string json)
        {
            if (_queue.Writer.TryWrite((sequence, json)))
            {
                Interlocked.Increment(ref _pending);
            }
        }

        public void Start() => _worker = Task.Run(RunAsync);

        public async Task StopAsync()
        {
            _queue.Writer.TryComplete();
            await _stop.CancelAsync();
            try
            {
                await _worker;
            }
            catch (OperationCanceledException)
            {
            }
        }

        public void Dispose()
        {
            bus.Remove(this);
            _queue.Writer.TryComplete();
            _stop.Cancel();
        }

        private async Task RunAsync()
        {
            await foreach (var (sequence, eventJson) in _queue.Reader.ReadAllAsync(_stop.Token))
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await handler(eventJson, _stop.Token);
                        break;
                    }
                    catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                    {
                        // Stopped mid-delivery: not acknowledged, so a durable subscription gets it again after a restart.
                        return;
                    }
                    catch (Exception) when (attempt < MaxAttempts)
                    {
                        // At-least-once: the same event is handed over again after a short, growing pause.
                        await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), _stop.Token);
                    }
                    catch (Exception)
                    {
                        bus.DeadLetter(eventJson);
                        break;
                    }
                }

                Acknowledge(sequence, eventJson);
            }
        }

        private void Acknowledge(long sequence, string eventJson)
        {
            try
            {
                journal?.Acknowledge(sequence, eventJson);
            }
            catch (IOException)
            {
                // Not recorded: the event is delivered again after a restart (a duplicate, never a loss).
            }
            catch (UnauthorizedAccessException)
            {
            }

            Interlocked.Decrement(ref _pending);
        }
    }
}
