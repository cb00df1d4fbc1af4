using System.Text;
using Governance.Local.Events;
using Governance.Local.Storage;

namespace Governance.Local.Faults;

/// <summary>
/// Sits in front of the real bus and, as the injector decides, publishes an event twice (a redelivery) or holds
/// it back until the next event has gone out (out-of-order delivery), as EventBridge may.
/// </summary>
/// <remarks>
/// A held-back event is the one event that is not yet in the bus's log, yet its change is already committed. Held in
/// memory only, a <c>kill -9</c> during the hold lost it (the version was stored and never reviewed). With a data
/// folder it is therefore written to <c>events.held.json</c> before <see cref="Publish"/> returns, and a bus started
/// later on the same folder releases it first — unless the log already holds that exact line (the process died
/// after releasing it and before removing the file), so a restart never doubles it.
/// </remarks>
public sealed class FaultyEventBus : ILocalEventBus
{
    private readonly object _gate = new();
    private readonly ILocalEventBus _inner;
    private readonly FaultInjector _faults;
    private readonly string? _heldPath;
    private string? _heldBack;

    /// <param name="dataFolder">Where a held-back event is kept across a crash; null keeps it in memory only.</param>
    /// <param name="logPath">The inner bus's log, consulted at start-up so that a released event is not released twice.</param>
    public FaultyEventBus(ILocalEventBus inner, FaultInjector faults, string? dataFolder = null, string? logPath = null)
    {
        _inner = inner;
        _faults = faults;
        if (dataFolder is not null)
        {
            _heldPath = Path.Combine(dataFolder, "events.held.json");
            ReleaseLeftover(logPath);
        }
    }

    /// <summary>The longest an event is held back when no later event overtakes it.</summary>
    public static TimeSpan HoldBackLimit { get; } = TimeSpan.FromSeconds(2);

    public void Publish(string eventJson)
    {
        lock (_gate)
        {
            if (_heldBack is null && _faults.ReorderEvent())
            {
                Hold(eventJson);
                // A held-back event goes out after the next one, or after a short while if no other event comes:
                // reordering must never turn into loss.
                _ = Task.Delay(HoldBackLimit).ContinueWith(_ => Release(eventJson), TaskScheduler.Default);
                return;
            }

            Deliver(eventJson);
            ReleaseHeld();
        }
    }

    /// <summary>Releases an event still held back (on shutdown, or when a test wants the queue drained).</summary>
    public void Flush()
    {
        lock (_gate)
        {
            ReleaseHeld();
        }
    }

    public IDisposable Subscribe(Func<string, CancellationToken, Task> subscriber) => _inner.Subscribe(subscriber);

    private void Release(string eventJson)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_heldBack, eventJson))
            {
                ReleaseHeld();
            }
        }
    }

    private void Hold(string eventJson)
    {
        if (_heldPath is not null)
        {
            AtomicFile.WriteAllBytes(_heldPath, Encoding.UTF8.GetBytes(eventJson));
        }

        _heldBack = eventJson;
    }

    private void ReleaseHeld()
    {
        if (_heldBack is null)
        {
            return;
        }

        var late = _heldBack;
        _heldBack = null;
        Deliver(late);
        // Removed only once the inner bus has the event: a crash before this line releases it again at start-up.
        if (_heldPath is not null)
        {
            File.Delete(_heldPath);
        }
    }

    private void ReleaseLeftover(string? logPath)
    {
        if (!File.Exists(_heldPath))
        {
            return;
        }

        var held = File.ReadAllText(_heldPath, Encoding.UTF8);
        if (held.Length > 0 && !LogContains(logPath, held))
        {
            _inner.Publish(held);
        }

        File.Delete(_heldPath);
    }

    private static bool LogContains(string? logPath, string line)
    {
        if (logPath is null || !File.Exists(logPath))
        {
            return false;
        }

        using var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (reader.ReadLine() is { } logged)
        {
            if (string.Equals(logged, line, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private void Deliver(string eventJson)
    {
        _inner.Publish(eventJson);
        if (_faults.DuplicateEvent())
        {
            _inner.Publish(eventJson);
        }
    }
}
