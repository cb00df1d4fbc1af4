using Governance.Core.Messages;
using Governance.Core.Ports;

namespace Governance.Aws.Sns;

/// <summary>
/// <see cref="INotificationPublisher"/> over <see cref="SnsClient"/>: one Publish with <c>MessageStructure=json</c>,
/// the message being <c>{"default": DefaultJson, "email": EmailBody}</c> (<see cref="NotificationPayload.Message"/>:
/// email subscribers get the readable body, everyone else the machine verdict), the subject, and the attributes as
/// String message attributes for filter policies. The subject is cleaned to what SNS accepts (no control characters,
/// under 100 characters). Before it is sent, the payload is measured as SNS measures it and, if over 256 KiB,
/// rendered again smaller (<see cref="NotificationRenderer.Fit"/>): SNS would refuse it, every retry would fail the
/// same way, and nobody would be told of a status already changed.
/// </summary>
public sealed class SnsNotificationPublisher(SnsClient client, string topicArn) : INotificationPublisher
{
    public async Task<string> PublishAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        var request = Request(message, topicArn);
        var response = await client.PublishAsync(request, cancellationToken);
        return response.MessageId ?? throw new InvalidDataException("SNS Publish returned no MessageId.");
    }

    /// <summary>The Publish request for <paramref name="message"/>, within SNS's size limit.</summary>
    internal static PublishRequest Request(NotificationMessage message, string topicArn)
    {
        ArgumentNullException.ThrowIfNull(message);
        message = NotificationRenderer.Fit(message with { Subject = CleanSubject(message.Subject) });
        var request = new PublishRequest
        {
            TopicArn = topicArn,
            Subject = CleanSubject(message.Subject),
            Message = NotificationPayload.Message(message),
            MessageStructure = "json",
        };
        foreach (var (name, value) in message.Attributes)
        {
            request.MessageAttributes[name] = new MessageAttributeValue { DataType = NotificationPayload.AttributeDataType, StringValue = value };
        }

        return request;
    }

    /// <summary>The size SNS checks for <paramref name="request"/>: message, subject, and each attribute's name, data type and value.</summary>
    internal static int PayloadBytes(PublishRequest request) =>
        NotificationPayload.Bytes(request.Message ?? "", request.Subject,
            request.MessageAttributes.Select(a => KeyValuePair.Create(a.Key, a.Value.StringValue ?? "")));

    /// <summary>SNS subjects: UTF-8, no line breaks or control characters, fewer than 100 characters.</summary>
    internal static string CleanSubject(string subject)
    {
        var cleaned = new string(subject.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        if (cleaned.Length == 0)
        {
            cleaned = "Package governance notification";
        }

        return cleaned.Length <= 99 ? cleaned : cleaned[..98] + "…";
    }
}
