using Governance.Core.Messages;
using Governance.Core.Ports;

namespace Governance.Core.Tests.Workflow.Fakes;

/// <summary>Records what would have gone to SNS.</summary>
public sealed class RecordingPublisher : INotificationPublisher
{
    private readonly Lock _gate = new();

    public List<NotificationMessage> Messages { get; } = [];

    public Task<string> PublishAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Messages.Add(message);
            return Task.FromResult("msg-" + Messages.Count);
        }
    }
}
