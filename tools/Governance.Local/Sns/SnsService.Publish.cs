using System.Globalization;
using System.Text;

namespace Governance.Local.Sns;

public sealed partial class SnsService
{
    /// <summary>The SNS limit on a message plus its attributes (names, types and values), in UTF-8 bytes: 256 KiB.</summary>
    public const int MaxMessageBytes = 262_144;

    private long _sequenceNumber;

    /// <summary>
    /// Validates the message, hands it to the dispatcher for every subscription whose filter policy accepts it, and
    /// returns at once: deliveries finish in the background, as with SNS.
    /// </summary>
    public SnsPublishResult Publish(SnsPublishRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.PhoneNumber is not null)
        {
            throw SnsException.InvalidParameter("Invalid parameter: PhoneNumber (SMS is not supported by the local SNS; publish to a TopicArn)");
        }

        var topicArn = request.TopicArn ?? request.TargetArn;
        if (string.IsNullOrEmpty(topicArn))
        {
            throw SnsException.InvalidParameter("Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter");
        }

        var message = request.Message;
        if (string.IsNullOrEmpty(message))
        {
            throw SnsException.InvalidParameter("Invalid parameter: Empty message");
        }

        var subject = request.Subject;
        if (subject is not null && (subject.Length == 0 || subject.Length >= 100 || subject.Any(char.IsControl)))
        {
            throw SnsException.InvalidParameter("Invalid parameter: Subject (must be under 100 characters, with no line breaks or control characters)");
        }

        var attributes = SnsMessageAttributeRules.Collect(request.MessageAttributes);
        foreach (var (name, attribute) in attributes)
        {
            SnsMessageAttributeRules.Validate(name, attribute);
        }

        var size = Utf8Bytes(message) + attributes.Sum(a => Utf8Bytes(a.Key) + Utf8Bytes(a.Value.DataType) + Utf8Bytes(a.Value.WireValue));
        if (size > MaxMessageBytes)
        {
            throw SnsException.InvalidParameter($"Invalid parameter: Message too long (message and attributes are {size} bytes; the limit is {MaxMessageBytes})");
        }

        var (defaultMessage, perProtocol) = request.MessageStructure switch
        {
            null => (message, new Dictionary<string, string>(StringComparer.Ordinal)),
            "json" => SnsStructuredMessage.Parse(message),
            _ => throw SnsException.InvalidParameter("Invalid parameter: MessageStructure (the only valid value is json)"),
        };

        var topic = RequireTopic(topicArn);
        var fifo = IsFifo(topic.Name);
        if (fifo && string.IsNullOrEmpty(request.MessageGroupId))
        {
            throw SnsException.InvalidParameter("Invalid parameter: The MessageGroupId parameter is required for FIFO topics");
        }

        var published = new SnsPublishedMessage(
            Guid.NewGuid().ToString(), topic.Arn, subject, defaultMessage, perProtocol, attributes, request.MessageStructure is not null, _time.GetUtcNow());
        var recipients = _store.SubscriptionsOf(topic.Arn).Where(s => Accepts(s, published)).ToList();
        topic.Attributes.TryGetValue(SnsAttributeNames.DisplayName, out var displayName);
        _dispatcher.Dispatch(published, recipients, displayName);

        var sequence = fifo ? Interlocked.Increment(ref _sequenceNumber).ToString("D20", CultureInfo.InvariantCulture) : null;
        return new SnsPublishResult(published.MessageId, sequence);
    }

    private static bool Accepts(SnsSubscription subscription, SnsPublishedMessage message)
    {
        if (!subscription.Attributes.TryGetValue(SnsAttributeNames.FilterPolicy, out var policy) || string.IsNullOrWhiteSpace(policy))
        {
            return true;
        }

        subscription.Attributes.TryGetValue(SnsAttributeNames.FilterPolicyScope, out var scope);
        return SnsFilterPolicy.Parse(policy, scope).Matches(message);
    }

    private static int Utf8Bytes(string text) => Encoding.UTF8.GetByteCount(text);
}
