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
}
