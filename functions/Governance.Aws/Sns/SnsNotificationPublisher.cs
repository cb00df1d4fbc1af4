using System.Text.Json;
using System.Text.Json.Serialization;
using Governance.Core.Ports;

namespace Governance.Aws.Sns;

/// <summary>
/// <see cref="INotificationPublisher"/> over <see cref="SnsClient"/>: one Publish with <c>MessageStructure=json</c>,
/// the message being <c>{"default": DefaultJson, "email": EmailBody}</c> (email subscribers get the readable body,
/// everyone else the machine verdict), the subject, and the attributes as String message attributes for filter
/// policies. The subject is cleaned to what SNS accepts (no control characters, under 100 characters).
/// </summary>
public sealed class SnsNotificationPublisher(SnsClient client, string topicArn) : INotificationPublisher
{
    public async Task<string> PublishAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var structured = JsonSerializer.Serialize(
            new StructuredMessage { Default = message.DefaultJson, Email = message.EmailBody },
            SnsJsonContext.Default.StructuredMessage);
        var request = new PublishRequest
        {
            TopicArn = topicArn,
            Subject = CleanSubject(message.Subject),
            Message = structured,
            MessageStructure = "json",
        };
        foreach (var (name, value) in message.Attributes)
        {
            request.MessageAttributes[name] = MessageAttributeValue.OfString(value);
        }

        var response = await client.PublishAsync(request, cancellationToken);
        return response.MessageId ?? throw new InvalidDataException("SNS Publish returned no MessageId.");
    }

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

internal sealed class StructuredMessage
{
    [JsonPropertyName("default")]
    public string Default { get; set; } = string.Empty;

    [JsonPropertyName("email")]
    public string Email { get; set; } = string.Empty;
}

[JsonSerializable(typeof(StructuredMessage))]
internal sealed partial class SnsJsonContext : JsonSerializerContext
{
}
