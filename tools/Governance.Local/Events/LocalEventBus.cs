using System.Threading.Channels;

namespace Governance.Local.Events;

/// <summary>
/// The in-process event delivery. <see cref="Publish"/> appends the event to <c>events.jsonl</c> in the data
/// folder (one JSON document a line, the durable record) and queues it for every subscriber; each subscriber has
/// its own ordered queue and worker, and a failing handler is retried a few times before the event is written to
/// <c>events-dead-letter.jsonl</c>. The fault injector can duplicate or hold back events before they get here.
/// </summary>
public sealed class LocalEventBus : ILocalEventBus, IAsyncDisposable
{
    private const int MaxAttempts = 3;
    private readonly object _fileGate = new();
    private readonly string? _logPath;
    private readonly string? _deadLetterPath;
    private readonly List<Subscription> _subscriptions = [];
    private readonly object _subscriptionsGate = new();

    public LocalEventBus(string? dataFolder)
    {
        if (dataFolder is not null)
        {
            Directory.CreateDirectory(dataFolder);
            _logPath = Path.Combine(dataFolder, "events.jsonl");
            _deadLetterPath = Path.Combine(dataFolder, "events-dead-letter.jsonl");
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

        Append(_logPath, eventJson);
        Subscription[] targets;
        lock (_subscriptionsGate)
        {
            targets = [.. _subscriptions];
        }

        foreach (var subscription in targets)
        {
            subscription.Queue.Writer.TryWrite(eventJson);
        }
    }

    public IDisposable Subscribe(Func<string, CancellationToken, Task> subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        var subscription = new Subscription(this, subscriber);
        lock (_subscriptionsGate)
        {
            _subscriptions.Add(subscription);
        }

        subscription.Start();
        return subscription;
    }

    public async ValueTask DisposeAsync()
    {
        Subscription[] all;
        lock (_subscriptionsGate)
        {
            all = [.. _subscriptions];
            _subscriptions.Clear();
        }

        foreach (var subscription in all)
        {
            await subscription.StopAsync();
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_subscriptionsGate)
        {
            _subscriptions.Remove(subscription);
        }
    }

    private void Append(string? path, string line)
    {
        if (path is null)
        {
            return;
        }

        lock (_fileGate)
        {
            File.AppendAllText(path, line + "\n");
        }
    }

    private sealed class Subscription(LocalEventBus bus, Func<string, CancellationToken, Task> handler) : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private Task _worker = Task.CompletedTask;

        public Channel<string> Queue { get; } = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

        public void Start() => _worker = Task.Run(RunAsync);

        public async Task StopAsync()
        {
            Queue.Writer.TryComplete();
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
            Queue.Writer.TryComplete();
            _stop.Cancel();
        }

        private async Task RunAsync()
        {
            await foreach (var eventJson in Queue.Reader.ReadAllAsync(_stop.Token))
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
                        return;
                    }
                    catch (Exception) when (attempt < MaxAttempts)
                    {
                        // At-least-once: the same event is handed over again after a short, growing pause.
                        await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), _stop.Token);
                    }
                    catch (Exception)
                    {
                        bus.Append(bus._deadLetterPath, eventJson);
                        break;
                    }
                }
            }
        }
    }
}
