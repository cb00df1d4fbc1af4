using System.Globalization;
using System.Text.RegularExpressions;

namespace Governance.Local.Sns;

public sealed partial class SnsService
{
    private const string FifoSuffix = ".fifo";
    private const int MaxTopicNameLength = 256;

    // Reported by GetTopicAttributes but fixed at creation or computed, so SetTopicAttributes refuses them.
    private static readonly string[] ReadOnlyTopicAttributes =
        ["TopicArn", "Owner", SnsAttributeNames.FifoTopic, "SubscriptionsConfirmed", "SubscriptionsPending", "SubscriptionsDeleted"];

    /// <summary>Creates the topic, or returns the existing one of that name (its attributes unchanged), as SNS does.</summary>
    public SnsTopic CreateTopic(string accountId, string region, string name, IReadOnlyDictionary<string, string> attributes)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(attributes);
        var fifo = IsFifo(name);
        var baseName = fifo ? name[..^FifoSuffix.Length] : name;
        if (!TopicNamePattern().IsMatch(baseName) || name.Length > MaxTopicNameLength)
        {
            throw SnsException.InvalidParameter(
                "Invalid parameter: Topic Name (use 1-256 ASCII letters, digits, hyphens and underscores; FIFO topics end in .fifo)");
        }

        var fifoAttribute = attributes.TryGetValue(SnsAttributeNames.FifoTopic, out var fifoValue)
            && string.Equals(fifoValue, "true", StringComparison.OrdinalIgnoreCase);
        if (fifoAttribute != fifo)
        {
            throw SnsException.InvalidParameter(
                "Invalid parameter: Topic Name: a FIFO topic needs both the .fifo suffix and the attribute FifoTopic=true");
        }

        return _store.GetOrAddTopic(new SnsTopic
        {
            Arn = $"arn:aws:sns:{region}:{accountId}:{name}",
            Name = name,
            Owner = accountId,
            Attributes = new Dictionary<string, string>(attributes, StringComparer.Ordinal),
        });
    }

    /// <summary>Deletes the topic and its subscriptions; like SNS, deleting a topic that does not exist succeeds.</summary>
    public void DeleteTopic(string topicArn) => _store.RemoveTopic(topicArn);

    public SnsPage<SnsTopic> ListTopics(string? nextToken) =>
        SnsPaging.Slice(_store.Topics.OrderBy(t => t.Arn, StringComparer.Ordinal).ToList(), nextToken);

    /// <summary>The attributes SNS reports (computed ones first, overridden by those set), in ordinal name order.</summary>
    public IReadOnlyDictionary<string, string> GetTopicAttributes(string topicArn)
    {
        var topic = RequireTopic(topicArn);
        var attributes = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["TopicArn"] = topic.Arn,
            ["Owner"] = topic.Owner,
            [SnsAttributeNames.DisplayName] = string.Empty,
            ["SubscriptionsConfirmed"] = _store.SubscriptionsOf(topic.Arn).Count.ToString(CultureInfo.InvariantCulture),
            ["SubscriptionsPending"] = "0",
            ["SubscriptionsDeleted"] = "0",
            ["Policy"] = DefaultTopicPolicy(topic),
            ["EffectiveDeliveryPolicy"] = DefaultDeliveryPolicy,
        };
        foreach (var (key, value) in topic.Attributes)
        {
            attributes[key] = value;
        }

        return attributes;
    }

    /// <param name="attributeName">Required, but checked after the topic lookup.</param>
    /// <param name="attributeValue">Null stores an empty value.</param>
    public void SetTopicAttribute(string topicArn, string? attributeName, string? attributeValue)
    {
        var topic = RequireTopic(topicArn);
        var name = Required(attributeName, "AttributeName");
        if (ReadOnlyTopicAttributes.Contains(name, StringComparer.Ordinal))
        {
            throw SnsException.InvalidParameter($"Invalid parameter: AttributeName ({name} is read-only)");
        }

        _store.Update(() => topic.Attributes[name] = attributeValue ?? string.Empty);
    }

    private static bool IsFifo(string topicName) => topicName.EndsWith(FifoSuffix, StringComparison.Ordinal);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex TopicNamePattern();

    private static string DefaultTopicPolicy(SnsTopic topic) =>
        "{\"Version\":\"2008-10-17\",\"Id\":\"__default_policy_ID\",\"Statement\":[{\"Sid\":\"__default_statement_ID\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":[\"SNS:Publish\",\"SNS:Subscribe\",\"SNS:Receive\",\"SNS:GetTopicAttributes\",\"SNS:SetTopicAttributes\",\"SNS:ListSubscriptionsByTopic\",\"SNS:DeleteTopic\"],\"Resource\":\""
        + topic.Arn + "\",\"Condition\":{\"StringEquals\":{\"AWS:SourceOwner\":\"" + topic.Owner + "\"}}}]}";
}
