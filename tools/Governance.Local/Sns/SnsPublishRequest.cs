namespace Governance.Local.Sns;

/// <summary>
/// The parameters of Publish as the caller sent them, unvalidated: <see cref="SnsService.Publish"/> checks them in the
/// order SNS reports problems.
/// </summary>
public sealed record SnsPublishRequest
{
    public string? TopicArn { get; init; }

    /// <summary>Accepted in place of <see cref="TopicArn"/>, as SNS does; a topic is the only target locally.</summary>
    public string? TargetArn { get; init; }

    /// <summary>Refused when present: SMS is not emulated.</summary>
    public string? PhoneNumber { get; init; }

    public string? Message { get; init; }

    public string? Subject { get; init; }

    /// <summary>Null for plain text; <c>json</c> for a per-protocol JSON object with a <c>default</c> key.</summary>
    public string? MessageStructure { get; init; }

    public string? MessageGroupId { get; init; }

    /// <summary>
    /// In request order, repeats included, with an empty <see cref="SnsAttributeValue.DataType"/> where none was sent:
    /// Publish reports the first entry without a type, and a repeated name keeps its last value.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, SnsAttributeValue>> MessageAttributes { get; init; } = [];
}

/// <summary>What Publish answers: the message ID, and the sequence number on FIFO topics.</summary>
public sealed record SnsPublishResult(string MessageId, string? SequenceNumber);
