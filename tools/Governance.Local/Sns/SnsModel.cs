using System.Text.Json.Serialization;

namespace Governance.Local.Sns;

/// <summary>A topic as the local SNS keeps it (persisted).</summary>
public sealed class SnsTopic
{
    public required string Arn { get; init; }

    public required string Name { get; init; }

    public required string Owner { get; init; }

    public Dictionary<string, string> Attributes { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>A subscription as the local SNS keeps it (persisted). Always confirmed: see <see cref="SnsService"/>.</summary>
public sealed class SnsSubscription
{
    public required string Arn { get; init; }

    public required string TopicArn { get; init; }

    public required string Protocol { get; init; }

    public required string Endpoint { get; init; }

    public required string Owner { get; init; }

    public Dictionary<string, string> Attributes { get; init; } = new(StringComparer.Ordinal);

    [JsonIgnore]
    public bool RawMessageDelivery =>
        Attributes.TryGetValue(SnsAttributeNames.RawMessageDelivery, out var raw) && string.Equals(raw, "true", StringComparison.OrdinalIgnoreCase);
}

/// <summary>One message attribute as published: a data type and either a string or a base64 binary value.</summary>
public sealed record SnsAttributeValue(string DataType, string? StringValue, string? BinaryValue)
{
    /// <summary>The value as SNS puts it in notifications: strings as given, binaries as base64 text.</summary>
    public string WireValue => StringValue ?? BinaryValue ?? string.Empty;

    /// <summary>The type name SNS uses in notifications ("String", "Number", "Binary", "String.Array"), without custom suffixes.</summary>
    public string BaseType
    {
        get
        {
            if (DataType.StartsWith("String.Array", StringComparison.Ordinal))
            {
                return "String.Array";
            }

            var dot = DataType.IndexOf('.', StringComparison.Ordinal);
            return dot < 0 ? DataType : DataType[..dot];
        }
    }
}

/// <summary>A message accepted by Publish, before it is fanned out to subscriptions.</summary>
public sealed record SnsPublishedMessage(
    string MessageId,
    string TopicArn,
    string? Subject,
    string DefaultMessage,
    IReadOnlyDictionary<string, string> PerProtocolMessages,
    IReadOnlyDictionary<string, SnsAttributeValue> Attributes,
    bool IsJsonStructure,
    DateTimeOffset Timestamp)
{
    /// <summary>The text a subscriber of this protocol receives: its own key under MessageStructure=json, else default.</summary>
    public string MessageFor(string protocol) =>
        PerProtocolMessages.TryGetValue(protocol, out var text) ? text : DefaultMessage;

    /// <summary>
    /// Attributes delivered to subscribers. The SNS guide says attributes are sent only when the message structure is
    /// String, not JSON, so a JSON-structured message is delivered without them (filter policies still see them).
    /// </summary>
    public IReadOnlyDictionary<string, SnsAttributeValue> DeliveredAttributes =>
        IsJsonStructure ? new Dictionary<string, SnsAttributeValue>() : Attributes;
}
