using Governance.Local.Events;

namespace Governance.Local.Faults;

/// <summary>
/// Sits in front of the real bus and, as the injector decides, publishes an event twice (a redelivery) or holds
/// it back until the next event has gone out (out-of-order delivery), as EventBridge may.
/// </summary>
public sealed class FaultyEventBus(ILocalEventBus inner, FaultInjector faults) : ILocalEventBus
{
    private readonly object _gate = new();
    private string? _heldBack;

    /// <summary>The longest an event is held back when no later event overtakes it.</summary>
    public static TimeSpan HoldBackLimit { get; } = TimeSpan.FromSeconds(2);

    public void Publish(string eventJson)
    {
        lock (_gate)
        {
            if (_heldBack is null && faults.ReorderEvent())
            {
                _heldBack = eventJson;
                // A held-back event goes out after the next one, or after a short while if no other event comes:
                // reordering must never turn into loss.
                _ = Task.Delay(HoldBackLimit).ContinueWith(_ => Release(eventJson), TaskScheduler.Default);
                return;
            }

            Deliver(eventJson);
            if (_heldBack is not null)
            {
                var late = _heldBack;
                _heldBack = null;
                Deliver(late);
            }
        }
    }

    /// <summary>Releases an event still held back (on shutdown, or when a test wants the queue drained).</summary>
    public void Flush()
    {
        lock (_gate)
        {
            if (_heldBack is not null)
            {
                Deliver(_heldBack);
                _heldBack = null;
            }
        }
    }

    private void Release(string eventJson)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_heldBack, eventJson))
            {
                _heldBack = null;
                Deliver(eventJson);
            }
        }
    }

    public IDisposable Subscribe(Func<string, CancellationToken, Task> subscriber) => inner.Subscribe(subscriber);

    private void Deliver(string eventJson)
    {
        inner.Publish(eventJson);
        if (faults.DuplicateEvent())
        {
            inner.Publish(eventJson);
        }
    }
}
