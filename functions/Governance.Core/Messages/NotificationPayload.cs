using System.Text;
using System.Text.Json;
using Governance.Core.Ports;

namespace Governance.Core.Messages;

/// <summary>
/// The SNS Publish payload of a <see cref="NotificationMessage"/>, exactly as it is sent and as SNS measures it.
/// SNS refuses a message over 256 KiB, counting the UTF-8 bytes of the message (with <c>MessageStructure=json</c>, the
/// whole JSON document holding every protocol's text, escapes included) and of every message attribute's name, data
/// type and value. The subject is counted too, to be safe.
/// </summary>
public static class NotificationPayload
{
    /// <summary>SNS's limit on one published message with its attributes: 256 KiB.</summary>
    public const int MaxBytes = 262_144;

    /// <summary>The data type every notification attribute is published with.</summary>
    public const string AttributeDataType = "String";

    /// <summary>
    /// The <c>Message</c> parameter for <c>MessageStructure=json</c>: <c>{"default": DefaultJson, "email": EmailBody}</c>.
    /// Email subscribers get the readable body, every other protocol (the notify function) the verdict document.
    /// </summary>
    public static string Message(NotificationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("default", message.DefaultJson);
            writer.WriteString("email", message.EmailBody);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The size SNS checks against <see cref="MaxBytes"/> for <paramref name="message"/>.</summary>
    public static int Bytes(NotificationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Bytes(Message(message), message.Subject, message.Attributes);
    }

    /// <summary>The size of a Publish call: the message, the subject, and each attribute's name, data type and value, in UTF-8 bytes.</summary>
    public static int Bytes(string publishedMessage, string? subject, IEnumerable<KeyValuePair<string, string>> attributes)
    {
        ArgumentNullException.ThrowIfNull(publishedMessage);
        ArgumentNullException.ThrowIfNull(attributes);
        var bytes = Encoding.UTF8.GetByteCount(publishedMessage) + Encoding.UTF8.GetByteCount(subject ?? "");
        foreach (var (name, value) in attributes)
        {
            bytes += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(AttributeDataType) + Encoding.UTF8.GetByteCount(value);
        }

        return bytes;
    }

    public static bool Fits(NotificationMessage message) => Bytes(message) <= MaxBytes;
}
