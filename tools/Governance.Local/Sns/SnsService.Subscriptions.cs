namespace Governance.Local.Sns;

public sealed partial class SnsService
{
    /// <summary>
    /// Subscribes an endpoint, confirmed at once; subscribing the same protocol and endpoint again returns the
    /// existing subscription.
    /// </summary>
    public SnsSubscription Subscribe(string accountId, string topicArn, string protocol, string endpoint, IReadOnlyDictionary<string, string> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        SnsSubscriptionRules.Protocol(protocol);
        SnsSubscriptionRules.Endpoint(protocol, endpoint);
        var topic = RequireTopic(topicArn);
        foreach (var (name, value) in attributes)
        {
            SnsSubscriptionRules.Attribute(name, value, attributes);
        }

        return _store.GetOrAddSubscription(new SnsSubscription
        {
            Arn = topic.Arn + ":" + Guid.NewGuid().ToString(),
            TopicArn = topic.Arn,
            Protocol = protocol,
            Endpoint = endpoint,
            Owner = accountId,
            Attributes = new Dictionary<string, string>(attributes, StringComparer.Ordinal),
        });
    }

    /// <summary>
    /// Subscriptions are confirmed on creation locally and no token is ever sent, so any token is accepted and the
    /// answer is the topic's first subscription.
    /// </summary>
    /// <param name="token">Required, but checked after the topic lookup.</param>
    public SnsSubscription ConfirmSubscription(string topicArn, string? token)
    {
        var topic = RequireTopic(topicArn);
        Required(token, "Token");
        var subscriptions = _store.SubscriptionsOf(topic.Arn);
        return subscriptions.Count > 0 ? subscriptions[0] : throw SnsException.NotFound("Subscription does not exist");
    }

    public void Unsubscribe(string subscriptionArn)
    {
        if (!_store.RemoveSubscription(subscriptionArn))
        {
            throw SnsException.NotFound("Subscription does not exist");
        }
    }

    public SnsPage<SnsSubscription> ListSubscriptionsByTopic(string topicArn, string? nextToken) =>
        SnsPaging.Slice(_store.SubscriptionsOf(RequireTopic(topicArn).Arn), nextToken);

    public SnsPage<SnsSubscription> ListSubscriptions(string? nextToken) => SnsPaging.Slice(_store.AllSubscriptions, nextToken);

    /// <summary>The attributes SNS reports (defaults first, overridden by those set), in ordinal name order.</summary>
    public IReadOnlyDictionary<string, string> GetSubscriptionAttributes(string subscriptionArn)
    {
        var subscription = RequireSubscription(subscriptionArn);
        var attributes = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["SubscriptionArn"] = subscription.Arn,
            ["TopicArn"] = subscription.TopicArn,
            ["Owner"] = subscription.Owner,
            ["Protocol"] = subscription.Protocol,
            ["Endpoint"] = subscription.Endpoint,
            ["ConfirmationWasAuthenticated"] = "true",
            ["PendingConfirmation"] = "false",
            [SnsAttributeNames.RawMessageDelivery] = "false",
            ["EffectiveDeliveryPolicy"] = DefaultDeliveryPolicy,
        };
        foreach (var (key, value) in subscription.Attributes)
        {
            attributes[key] = value;
        }

        return attributes;
    }

    /// <param name="attributeName">Required, but checked after the subscription lookup.</param>
    /// <param name="attributeValue">Null is an empty value; an empty FilterPolicy removes the policy.</param>
    public void SetSubscriptionAttribute(string subscriptionArn, string? attributeName, string? attributeValue)
    {
        var subscription = RequireSubscription(subscriptionArn);
        var name = Required(attributeName, "AttributeName");
        var value = attributeValue ?? string.Empty;
        if (name == SnsAttributeNames.FilterPolicy && value.Length == 0)
        {
            // The subscription receives everything again, as it did before it had a policy.
            _store.Update(() => subscription.Attributes.Remove(name));
            return;
        }

        var merged = new Dictionary<string, string>(subscription.Attributes, StringComparer.Ordinal) { [name] = value };
        SnsSubscriptionRules.Attribute(name, value, merged);
        _store.Update(() => subscription.Attributes[name] = value);
    }
}
