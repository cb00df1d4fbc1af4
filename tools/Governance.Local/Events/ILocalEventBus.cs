namespace Governance.Local.Events;

/// <summary>
/// Where the emulated services publish what they emit: CodeArtifact's EventBridge events, each as the exact JSON
/// document EventBridge would deliver. Subscribers (in-process handlers, the JSON-lines file, the Lambda host's
/// delivery) receive every event at least once, in publication order per subscriber.
/// </summary>
public interface ILocalEventBus
{
    void Publish(string eventJson);

    IDisposable Subscribe(Func<string, CancellationToken, Task> subscriber);

    /// <summary>
    /// Subscribes like a named SQS queue: every event published from the subscription's first creation on is kept
    /// until the handler acknowledges it (returns, or the event is dead-lettered after its attempts), across
    /// restarts and <c>kill -9</c>; a new bus on the same data folder hands the unacknowledged ones over again,
    /// before new events. <paramref name="name"/> (letters, digits, <c>.</c>, <c>_</c>, <c>-</c>) names the
    /// acknowledgement journal <c>events.acked.NAME.jsonl</c>.
    /// </summary>
    /// <remarks>
    /// The default implementation marks the handler as durable and passes it through <see cref="Subscribe"/>, so a
    /// decorator that forwards subscriptions unchanged (the fault injector's bus does) keeps the durability.
    /// </remarks>
    IEventSubscription SubscribeDurable(string name, Func<string, CancellationToken, Task> subscriber)
    {
        var durable = new DurableSubscriber(name, subscriber);
        return Subscribe(durable.HandleAsync) as IEventSubscription
            ?? throw new NotSupportedException($"{GetType().Name} does not pass durable subscriptions through to the event bus.");
    }
}

/// <summary>A subscription; disposing it stops the deliveries (unacknowledged durable events stay kept).</summary>
public interface IEventSubscription : IDisposable
{
    /// <summary>Events handed to this subscription and not yet acknowledged (handled or dead-lettered).</summary>
    long Pending { get; }
}

/// <summary>Marks a handler passed to <see cref="ILocalEventBus.Subscribe"/> as a durable, named subscription.</summary>
internal sealed class DurableSubscriber
{
    public DurableSubscriber(string name, Func<string, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        AckJournal.ValidateName(name);
        Name = name;
        Handler = handler;
    }

    public string Name { get; }

    public Func<string, CancellationToken, Task> Handler { get; }

    public Task HandleAsync(string eventJson, CancellationToken cancellationToken) => Handler(eventJson, cancellationToken);
}
