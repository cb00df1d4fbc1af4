namespace Governance.Core.Ports;

/// <summary>Publishes one notification (SNS in production, the local stack's SNS endpoint locally).</summary>
public interface INotificationPublisher
{
    /// <returns>The message id the service assigned.</returns>
    Task<string> PublishAsync(NotificationMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// One rendered notification. Published with MessageStructure=json: <see cref="DefaultJson"/> becomes the
/// <c>default</c> key (machine-readable verdict), <see cref="EmailBody"/> the <c>email</c> key.
/// <see cref="Attributes"/> are String message attributes for subscription filter policies.
/// </summary>
public sealed record NotificationMessage(
    string Subject,
    string EmailBody,
    string DefaultJson,
    IReadOnlyDictionary<string, string> Attributes);
