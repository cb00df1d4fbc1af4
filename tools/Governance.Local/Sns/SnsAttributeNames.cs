namespace Governance.Local.Sns;

/// <summary>Topic and subscription attribute names the local SNS acts on (the others are stored and echoed only).</summary>
public static class SnsAttributeNames
{
    public const string DisplayName = "DisplayName";
    public const string FifoTopic = "FifoTopic";
    public const string FilterPolicy = "FilterPolicy";
    public const string FilterPolicyScope = "FilterPolicyScope";
    public const string RawMessageDelivery = "RawMessageDelivery";

    /// <summary>The subscription attributes SNS lets Subscribe and SetSubscriptionAttributes set.</summary>
    public static IReadOnlyList<string> SettableOnSubscription { get; } =
        [FilterPolicy, FilterPolicyScope, RawMessageDelivery, "DeliveryPolicy", "RedrivePolicy", "SubscriptionRoleArn"];
}
