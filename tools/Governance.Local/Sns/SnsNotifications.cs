using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Governance.Local.Sns;

/// <summary>
/// The documents SNS delivers: the JSON notification POSTed to HTTP(S) subscribers and the event a subscribed Lambda
/// function receives. The two differ in the casing of two keys (<c>SigningCertURL</c>/<c>UnsubscribeURL</c> over
/// HTTP, <c>SigningCertUrl</c>/<c>UnsubscribeUrl</c> for Lambda), as the real service does.
/// </summary>
public static class SnsNotifications
{
    public static string FormatTimestamp(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string UnsubscribeUrl(Uri publicBaseUrl, string subscriptionArn)
    {
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        return publicBaseUrl.GetLeftPart(UriPartial.Authority) + "/?Action=Unsubscribe&SubscriptionArn=" + Uri.EscapeDataString(subscriptionArn);
    }

    public static string SigningCertUrl(Uri publicBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        return publicBaseUrl.GetLeftPart(UriPartial.Authority) + SnsNotificationSigner.CertificatePath;
    }

    /// <summary>The JSON notification body for http/https (and email-json) subscribers.</summary>
    public static string HttpNotification(SnsPublishedMessage message, SnsSubscription subscription, string text, string signature, Uri publicBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(subscription);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("Type", "Notification");
            writer.WriteString("MessageId", message.MessageId);
            writer.WriteString("TopicArn", message.TopicArn);
            if (message.Subject is not null)
            {
                writer.WriteString("Subject", message.Subject);
            }

            writer.WriteString("Message", text);
            writer.WriteString("Timestamp", FormatTimestamp(message.Timestamp));
            writer.WriteString("SignatureVersion", "1");
            writer.WriteString("Signature", signature);
            writer.WriteString("SigningCertURL", SigningCertUrl(publicBaseUrl));
            writer.WriteString("UnsubscribeURL", UnsubscribeUrl(publicBaseUrl, subscription.Arn));
            if (message.DeliveredAttributes.Count > 0)
            {
                WriteAttributes(writer, message.DeliveredAttributes);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The event a Lambda function subscribed to the topic is invoked with.</summary>
    public static string LambdaEvent(SnsPublishedMessage message, SnsSubscription subscription, string text, string signature, Uri publicBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(subscription);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("Records");
            writer.WriteStartObject();
            writer.WriteString("EventSource", "aws:sns");
            writer.WriteString("EventVersion", "1.0");
            writer.WriteString("EventSubscriptionArn", subscription.Arn);
            writer.WriteStartObject("Sns");
            writer.WriteString("Type", "Notification");
            writer.WriteString("MessageId", message.MessageId);
            writer.WriteString("TopicArn", message.TopicArn);
            if (message.Subject is null)
            {
                writer.WriteNull("Subject");
            }
            else
            {
                writer.WriteString("Subject", message.Subject);
            }

            writer.WriteString("Message", text);
            writer.WriteString("Timestamp", FormatTimestamp(message.Timestamp));
            writer.WriteString("SignatureVersion", "1");
            writer.WriteString("Signature", signature);
            writer.WriteString("SigningCertUrl", SigningCertUrl(publicBaseUrl));
            writer.WriteString("UnsubscribeUrl", UnsubscribeUrl(publicBaseUrl, subscription.Arn));
            WriteAttributes(writer, message.DeliveredAttributes);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteAttributes(Utf8JsonWriter writer, IReadOnlyDictionary<string, SnsAttributeValue> attributes)
    {
        writer.WriteStartObject("MessageAttributes");
        foreach (var (name, attribute) in attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            writer.WriteStartObject(name);
            writer.WriteString("Type", attribute.DataType);
            writer.WriteString("Value", attribute.WireValue);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
