namespace Governance.Local.Sns;

/// <summary>
/// The rules of the local SNS, free of HTTP: topics, subscriptions, their attributes, and Publish (validation, the
/// 256 KiB limit, <c>MessageStructure=json</c>, filter policies choosing the recipients). State goes to
/// <see cref="SnsStateStore"/>; accepted messages go to <see cref="SnsDeliveryDispatcher"/>, which delivers them in the
/// background. Local differences, on purpose: every subscription is confirmed at once (no confirmation message;
/// Subscribe returns the subscription ARN), and SMS, SQS, mobile and Firehose are refused with InvalidParameter.
/// Several operations look the resource up before checking their other parameters, so an unknown ARN is reported
/// first; <see cref="SnsEndpoint"/> passes such parameters through unchecked.
/// </summary>
public sealed partial class SnsService
{
    // What real SNS reports for a topic or subscription without a delivery policy of its own.
    private const string DefaultDeliveryPolicy =
        "{\"http\":{\"defaultHealthyRetryPolicy\":{\"minDelayTarget\":20,\"maxDelayTarget\":20,\"numRetries\":3,\"numMaxDelayRetries\":0,\"numNoDelayRetries\":0,\"numMinDelayRetries\":0,\"backoffFunction\":\"linear\"},\"disableSubscriptionOverrides\":false}}";

    private readonly SnsStateStore _store;
    private readonly SnsDeliveryDispatcher _dispatcher;
    private readonly TimeProvider _time;

    public SnsService(SnsStateStore store, SnsDeliveryDispatcher dispatcher, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(dispatcher);
        _store = store;
        _dispatcher = dispatcher;
        _time = time ?? TimeProvider.System;
    }

    private SnsTopic RequireTopic(string arn) => _store.FindTopic(arn) ?? throw SnsException.NotFound("Topic does not exist");

    private SnsSubscription RequireSubscription(string arn) =>
        _store.FindSubscription(arn) ?? throw SnsException.NotFound("Subscription does not exist");

    private static string Required(string? value, string parameterName) =>
        string.IsNullOrEmpty(value) ? throw SnsException.MissingParameter(parameterName) : value;
}
