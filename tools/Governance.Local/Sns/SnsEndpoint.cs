using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using Governance.Local.Edge;
using Microsoft.AspNetCore.Http;

namespace Governance.Local.Sns;

/// <summary>Where the local SNS keeps its state and outbox, and the URL it advertises in notifications.</summary>
public sealed record SnsEndpointOptions
{
    /// <summary>Folder for <c>sns-state.json</c> (topics, subscriptions) and <c>sns-delivery-failures.jsonl</c>.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Folder where email and email-json deliveries are written as <c>.eml</c> files.</summary>
    public required string OutboxDirectory { get; init; }

    /// <summary>The edge URL, used for UnsubscribeURL and SigningCertURL in notifications.</summary>
    public Uri PublicBaseUrl { get; init; } = new("http://127.0.0.1:4566");

    public SnsDeliveryOptions Delivery { get; init; } = new();
}

/// <summary>
/// The SNS-compatible endpoint (awsQuery protocol, API version 2010-03-31) behind the edge: topics, subscriptions,
/// Publish with <c>MessageStructure=json</c>, message attributes and subscription filter policies. Deliveries go to
/// email (<c>.eml</c> files in the outbox), HTTP(S) endpoints (the signed JSON notification) and Lambda functions
/// (through <see cref="ILambdaInvoker"/>). Local differences, on purpose: every subscription is confirmed at once
/// (no confirmation message; Subscribe returns the subscription ARN), and SMS, SQS, mobile and Firehose protocols are
/// refused with InvalidParameter.
/// </summary>
public sealed partial class SnsEndpoint : IServiceEndpoint, IAsyncDisposable
{
    private const int MaxMessageBytes = 262_144;
    private const int PageSize = 100;
    private static readonly string[] SupportedProtocols = ["email", "email-json", "http", "https", "lambda"];
    private static readonly string[] SubscriptionAttributeNames =
        ["FilterPolicy", "FilterPolicyScope", "RawMessageDelivery", "DeliveryPolicy", "RedrivePolicy", "SubscriptionRoleArn"];

    private readonly SnsStateStore _store;
    private readonly SnsDeliveryDispatcher _dispatcher;
    private readonly SnsNotificationSigner _signer = new();
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly TimeProvider _time;
    private long _sequenceNumber;

    public SnsEndpoint(SnsEndpointOptions options, ILambdaInvoker? lambdaInvoker = null, HttpClient? httpClient = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = new SnsStateStore(options.DataDirectory);
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient();
        _time = time ?? TimeProvider.System;
        Outbox = new SnsEmailOutbox(options.OutboxDirectory);
        _dispatcher = new SnsDeliveryDispatcher(
            Outbox, _http, lambdaInvoker, _signer, options.PublicBaseUrl, options.Delivery,
            Path.Combine(options.DataDirectory, "sns-delivery-failures.jsonl"));
    }

    public string SigningName => "sns";

    public SnsEmailOutbox Outbox { get; }

    /// <summary>Every delivery attempted so far (successful or not), in completion order.</summary>
    public IReadOnlyList<SnsDeliveryRecord> Deliveries => _dispatcher.History;

    /// <summary>The PEM certificate whose key signs notifications; serve it at <see cref="SnsNotificationSigner.CertificatePath"/>.</summary>
    public string SigningCertificatePem => _signer.CertificatePem;

    /// <summary>Completes when every delivery started by a Publish so far has finished.</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken) => _dispatcher.WhenIdleAsync(cancellationToken);

    /// <summary>Unsigned GET handler for the signing certificate (map it on <see cref="SnsNotificationSigner.CertificatePath"/>).</summary>
    public async Task WriteSigningCertificateAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.ContentType = "application/x-pem-file";
        await context.Response.WriteAsync(_signer.CertificatePem, context.RequestAborted);
    }

    public async Task HandleAsync(HttpContext context, CallerIdentity caller)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(caller);
        var requestId = Guid.NewGuid().ToString();
        try
        {
            var request = await SnsQueryRequest.ReadAsync(context.Request, context.RequestAborted);
            var action = request.Optional("Action") ?? throw new SnsException(
                "MissingAction", HttpStatusCode.BadRequest, "Missing required parameter Action (for example Action=Publish)");
            await (action switch
            {
                "CreateTopic" => CreateTopicAsync(context, request, caller, requestId),
                "DeleteTopic" => DeleteTopicAsync(context, request, requestId),
                "ListTopics" => ListTopicsAsync(context, request, requestId),
                "GetTopicAttributes" => GetTopicAttributesAsync(context, request, requestId),
                "SetTopicAttributes" => SetTopicAttributesAsync(context, request, requestId),
                "Subscribe" => SubscribeAsync(context, request, caller, requestId),
                "ConfirmSubscription" => ConfirmSubscriptionAsync(context, request, requestId),
                "Unsubscribe" => UnsubscribeAsync(context, request, requestId),
                "ListSubscriptionsByTopic" => ListSubscriptionsByTopicAsync(context, request, requestId),
                "ListSubscriptions" => ListSubscriptionsAsync(context, request, requestId),
                "GetSubscriptionAttributes" => GetSubscriptionAttributesAsync(context, request, requestId),
                "SetSubscriptionAttributes" => SetSubscriptionAttributesAsync(context, request, requestId),
                "Publish" => PublishAsync(context, request, requestId),
                _ => throw new SnsException("InvalidAction", HttpStatusCode.BadRequest, $"Could not find operation {action} for version 2010-03-31"),
            });
        }
        catch (SnsException error)
        {
            await SnsXmlWriter.WriteErrorAsync(context, error, requestId);
        }
        catch (InvalidDataException ex)
        {
            // The form reader's limits (too many keys, value too long) are the caller's fault.
            await SnsXmlWriter.WriteErrorAsync(context, SnsException.InvalidParameter("Invalid parameter: request body (" + ex.Message + ")"), requestId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Anything else is our bug: answer as SNS does for its own faults, so clients see a modeled error.
            await SnsXmlWriter.WriteErrorAsync(context, new SnsException("InternalError", HttpStatusCode.InternalServerError, "Internal error: " + ex.Message, senderFault: false), requestId);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _dispatcher.WhenIdleAsync(bounded.Token);
        }
        catch (OperationCanceledException)
        {
            // Deliveries still hanging after 30 s are abandoned: disposal must not hang the host.
        }

        _signer.Dispose();
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex TopicNamePattern();

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,256}$")]
    private static partial Regex AttributeNamePattern();

    private async Task CreateTopicAsync(HttpContext context, SnsQueryRequest request, CallerIdentity caller, string requestId)
    {
        var name = request.Required("Name");
        var attributes = request.Map("Attributes");
        var fifo = name.EndsWith(".fifo", StringComparison.Ordinal);
        var baseName = fifo ? name[..^5] : name;
        if (!TopicNamePattern().IsMatch(baseName) || name.Length > 256)
        {
            throw SnsException.InvalidParameter(
                "Invalid parameter: Topic Name (use 1-256 ASCII letters, digits, hyphens and underscores; FIFO topics end in .fifo)");
        }

        var fifoAttribute = attributes.TryGetValue("FifoTopic", out var fifoValue) && string.Equals(fifoValue, "true", StringComparison.OrdinalIgnoreCase);
        if (fifoAttribute != fifo)
        {
            throw SnsException.InvalidParameter(
                "Invalid parameter: Topic Name: a FIFO topic needs both the .fifo suffix and the attribute FifoTopic=true");
        }

        var arn = $"arn:aws:sns:{caller.Region}:{caller.AccountId}:{name}";
        var topic = _store.GetOrAddTopic(new SnsTopic { Arn = arn, Name = name, Owner = caller.AccountId, Attributes = attributes });
        await SnsXmlWriter.WriteResultAsync(context, "CreateTopic", requestId, w => w.WriteElementString("TopicArn", topic.Arn));
    }

    private async Task DeleteTopicAsync(HttpContext context, SnsQueryRequest request, string requestId)
    {
        // Like SNS, deleting a topic that does not exist succeeds.
        _store.RemoveTopic(request.Required("TopicArn"));
        await SnsXmlWriter.WriteResultAsync(context, "DeleteTopic", requestId, null);
    }

    private async Task ListTopicsAsync(HttpContext context, SnsQueryRequest request, string requestId)
    {
        var (page, next) = Page(_store.Topics.OrderBy(t => t.Arn, StringComparer.Ordinal).ToList(), request.Optional("NextToken"));
        await SnsXmlWriter.WriteResultAsync(context, "ListTopics", requestId, w =>
        {
            w.WriteStartElement("Topics");
            foreach (var topic in page)
            {
                w.WriteStartElement("member");
                w.WriteElementString("TopicArn", topic.Arn);
                w.WriteEndElement();
            }

            w.WriteEndElement();
            SnsXmlWriter.Member(w, "NextToken", next);
        });
    }

    private async Task GetTopicAttributesAsync(HttpContext context, SnsQueryRequest request, string requestId)
    {
        var topic = RequireTopic(request.Required("TopicArn"));
        var subscriptions = _store.SubscriptionsOf(topic.Arn);
        var attributes = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["TopicArn"] = topic.Arn,
            ["Owner"] = topic.Owner,
            ["DisplayName"] = string.Empty,
            ["SubscriptionsConfirmed"] = subscriptions.Count.ToString(CultureInfo.InvariantCulture),
            ["SubscriptionsPending"] = "0",
            ["SubscriptionsDeleted"] = "0",
            ["Policy"] = DefaultTopicPolicy(topic),
            ["EffectiveDeliveryPolicy"] = DefaultDeliveryPolicy,
        };
        foreach (var (key, value) in topic.Attributes)
        {
            attributes[key] = value;
        }

        await SnsXmlWriter.WriteResultAsync(context, "GetTopicAttributes", requestId, w => SnsXmlWriter.AttributeMap(w, attributes));
    }

    private async Task SetTopicAttributesAsync(HttpContext context, SnsQueryRequest request, string requestId)
    {
        var topic = RequireTopic(request.Required("TopicArn"));
        var name = request.Required("AttributeName");
        var value = request.Optional("AttributeValue") ?? string.Empty;
        if (name is "TopicArn" or "Owner" or "FifoTopic" or "SubscriptionsConfirmed" or "SubscriptionsPending" or "SubscriptionsDeleted")
        {
            throw SnsException.InvalidParameter($"Invalid parameter: AttributeName ({name} is read-only)");
        }

        _store.Update(() => topic.Attributes[name] = value);
        await SnsXmlWriter.WriteResultAsync(context, "SetTopicAttributes", requestId, null);
    }

    private async Task SubscribeAsync(HttpContext context, SnsQueryRequest request, CallerIdentity caller, string requestId)
    {
        var topicArn = request.Required("TopicArn");
        var protocol = request.Required("Protocol");
        var endpoint = request.Optional("Endpoint") ?? string.Empty;
        var attributes = request.Map("Attributes");
        if (!SupportedProtocols.Contains(protocol, StringComparer.Ordinal))
        {
            throw SnsException.InvalidParameter(
                $"Invalid parameter: Protocol ({protocol} is not supported by the local SNS; use one of {string.Join(", ", SupportedProtocols)})");
        }

        ValidateEndpoint(protocol, endpoint);
        var topic = RequireTopic(topicArn);
        foreach (var (name, value) in attributes)
        {
            ValidateSubscriptionAttribute(name, value, attributes);
        }

        var subscription = _store.GetOrAddSubscription(new SnsSubscription
        {
            Arn = topic.Arn + ":" + Guid.NewGuid().ToString(),
            TopicArn = topic.Arn,
            Protocol = protocol,
            Endpoint = endpoint,
            Owner = caller.AccountId,
            Attributes = attributes,
        });
        await SnsXmlWriter.WriteResultAsync(
            context, "Subscribe", requestId, w => w.WriteElementString("SubscriptionArn", subscription.Arn),
            "local stack: subscriptions are confirmed automatically, no confirmation message is sent");
    }

    private async Task ConfirmSubscriptionAsync(HttpContext context, SnsQueryRequest request, string requestId)
    {
        // Subscriptions are confirmed on creation locally; confirming answers with the topic's first subscription ARN.
        var topic = RequireTopic(request.Required("TopicArn"));
        request.Required("Token");
        var subscriptions = _store.SubscriptionsOf(topic.Arn);
        var first = subscriptions.Count > 0 ? subscriptions[0] : throw SnsException.NotFound("Subscription does not exist");
        await SnsXmlWriter.WriteResultAsync(context, "ConfirmSubscription", requestId, w => w.WriteElementString("SubscriptionArn", first.Arn));
    }

    private async Task UnsubscribeAsync(HttpContext context, SnsQueryRequest request, string requestId)
    {
        if (!_store.RemoveSubscription(request.Required("SubscriptionArn")))
        {
            throw SnsException.NotFound("Subscription does not exist");
        }

        await SnsXmlWriter.WriteResultAsync(context, "Unsubscribe", requestId, null);
    }

    private async Task ListSubscriptionsByTopicAsync(HttpContext context, SnsQueryRequest request, string requestId)
    {
        var topic = RequireTopic(request.Required("TopicArn"));
        var (page, next) = Page(_store.SubscriptionsOf(topic.Arn), request.Optional("NextToken"));
        await SnsXmlWriter.WriteResultAsync(context, "ListSubscriptionsByTopic", requestId, w => WriteSubscriptions(w, page, next));
    }

    private async Task ListSubscriptionsAsync(HttpContext context, SnsQueryRequest request, string requestId)
    {
        var (page, next) = Page(_store.AllSubscriptions, request.Optional("NextToken"));
        await SnsXmlWriter.WriteResultAsync(context, "ListSubscriptions", requestId, w => WriteSubscriptions(w, page, next));
    }

    private async Task GetSubscriptionAttributesAsync(HttpContext context, SnsQueryRequest request, string requestId)
    {
        var subscription = RequireSubscription(request.Required("SubscriptionArn"));
        var attributes = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["SubscriptionArn"] = subscription.Arn,
            ["TopicArn"] = subscription.TopicArn,
            ["Owner"] = subscription.Owner,
            ["Protocol"] = subscription.Protocol,
            ["Endpoint"] = subscription.Endpoint,
            ["ConfirmationWasAuthenticated"] = "true",
            ["PendingConfirmation"] = "false",
            ["RawMessageDelivery"] = "false",
            ["EffectiveDeliveryPolicy"] = DefaultDeliveryPolicy,
        };
        foreach (var (key, value) in subscription.Attributes)
        {
            attributes[key] = value;
        }

        await SnsXmlWriter.WriteResultAsync(context, "GetSubscriptionAttributes", requestId, w => SnsXmlWriter.AttributeMap(w, attributes));
    }

    private async Task SetSubscriptionAttributesAsync(HttpContext context, SnsQueryRequest request, string requestId)
    {
        var subscription = RequireSubscription(request.Required("SubscriptionArn"));
        var name = request.Required("AttributeName");
        var value = request.Optional("AttributeValue") ?? string.Empty;
        var merged = new Dictionary<string, string>(subscription.Attributes, StringComparer.Ordinal) { [name] = value };
        if (name == "FilterPolicy" && value.Length == 0)
        {
            // An empty FilterPolicy removes the policy: the subscription receives everything again.
            _store.Update(() => subscription.Attributes.Remove(name));
        }
        else
        {
            ValidateSubscriptionAttribute(name, value, merged);
            _store.Update(() => subscription.Attributes[name] = value);
        }

        await SnsXmlWriter.WriteResultAsync(context, "SetSubscriptionAttributes", requestId, null);
    }

    private async Task PublishAsync(HttpContext context, SnsQueryRequest request, string requestId)
    {
        if (request.Optional("PhoneNumber") is not null)
        {
            throw SnsException.InvalidParameter("Invalid parameter: PhoneNumber (SMS is not supported by the local SNS; publish to a TopicArn)");
        }

        var topicArn = request.Optional("TopicArn") ?? request.Optional("TargetArn");
        if (string.IsNullOrEmpty(topicArn))
        {
            throw SnsException.InvalidParameter("Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter");
        }

        var message = request.Optional("Message");
        if (string.IsNullOrEmpty(message))
        {
            throw SnsException.InvalidParameter("Invalid parameter: Empty message");
        }

        var subject = request.Optional("Subject");
        if (subject is not null && (subject.Length == 0 || subject.Length >= 100 || subject.Any(char.IsControl)))
        {
            throw SnsException.InvalidParameter("Invalid parameter: Subject (must be under 100 characters, with no line breaks or control characters)");
        }

        var attributes = request.MessageAttributes();
        foreach (var (name, attribute) in attributes)
        {
            ValidateMessageAttribute(name, attribute);
        }

        var size = Encoding.UTF8.GetByteCount(message)
            + attributes.Sum(a => Encoding.UTF8.GetByteCount(a.Key) + Encoding.UTF8.GetByteCount(a.Value.DataType) + Encoding.UTF8.GetByteCount(a.Value.WireValue));
        if (size > MaxMessageBytes)
        {
            throw SnsException.InvalidParameter($"Invalid parameter: Message too long (message and attributes are {size} bytes; the limit is {MaxMessageBytes})");
        }

        var structure = request.Optional("MessageStructure");
        var (defaultMessage, perProtocol) = structure switch
        {
            null => (message, new Dictionary<string, string>(StringComparer.Ordinal)),
            "json" => ParseStructuredMessage(message),
            _ => throw SnsException.InvalidParameter("Invalid parameter: MessageStructure (the only valid value is json)"),
        };

        var topic = _store.FindTopic(topicArn) ?? throw SnsException.NotFound("Topic does not exist");
        var fifo = topic.Name.EndsWith(".fifo", StringComparison.Ordinal);
        if (fifo && string.IsNullOrEmpty(request.Optional("MessageGroupId")))
        {
            throw SnsException.InvalidParameter("Invalid parameter: The MessageGroupId parameter is required for FIFO topics");
        }

        var published = new SnsPublishedMessage(
            Guid.NewGuid().ToString(), topic.Arn, subject, defaultMessage, perProtocol, attributes, structure is not null, _time.GetUtcNow());
        var recipients = _store.SubscriptionsOf(topic.Arn).Where(s => Accepts(s, published)).ToList();
        topic.Attributes.TryGetValue("DisplayName", out var displayName);
        _dispatcher.Dispatch(published, recipients, displayName);

        var sequence = fifo ? Interlocked.Increment(ref _sequenceNumber).ToString("D20", CultureInfo.InvariantCulture) : null;
        await SnsXmlWriter.WriteResultAsync(context, "Publish", requestId, w =>
        {
            w.WriteElementString("MessageId", published.MessageId);
            SnsXmlWriter.Member(w, "SequenceNumber", sequence);
        });
    }

    private static bool Accepts(SnsSubscription subscription, SnsPublishedMessage message)
    {
        if (!subscription.Attributes.TryGetValue("FilterPolicy", out var policy) || string.IsNullOrWhiteSpace(policy))
        {
            return true;
        }

        subscription.Attributes.TryGetValue("FilterPolicyScope", out var scope);
        return SnsFilterPolicy.Parse(policy, scope).Matches(message);
    }

    private static (string Default, Dictionary<string, string> PerProtocol) ParseStructuredMessage(string message)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message, new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException)
        {
            throw SnsException.InvalidParameter("Invalid parameter: Message Structure - JSON message body failed to parse");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw SnsException.InvalidParameter("Invalid parameter: Message Structure - JSON message body failed to parse");
            }

            var perProtocol = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                // Keys whose value is not a JSON string are ignored, as SNS does.
                if (property.Value.ValueKind == JsonValueKind.String)
                {
                    perProtocol[property.Name] = property.Value.GetString()!;
                }
            }

            if (!perProtocol.Remove("default", out var defaultMessage))
            {
                throw SnsException.InvalidParameter("Invalid parameter: Message Structure - No default entry in JSON message body");
            }

            return (defaultMessage, perProtocol);
        }
    }

    private static void ValidateMessageAttribute(string name, SnsAttributeValue attribute)
    {
        if (!AttributeNamePattern().IsMatch(name) || name.StartsWith('.') || name.EndsWith('.') || name.Contains("..", StringComparison.Ordinal)
            || name.StartsWith("AWS.", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Amazon.", StringComparison.OrdinalIgnoreCase))
        {
            throw SnsException.ParameterValueInvalid(
                $"The message attribute name '{name}' is invalid: use letters, digits, '_', '-' and '.', without leading, trailing or double dots, and not starting with AWS. or Amazon.");
        }

        switch (attribute.BaseType)
        {
            case "String" or "Number" or "String.Array":
                if (string.IsNullOrEmpty(attribute.StringValue))
                {
                    throw SnsException.ParameterValueInvalid(
                        $"The message attribute '{name}' must contain non-empty message attribute value for message attribute type '{attribute.DataType}'.");
                }

                if (attribute.BaseType == "Number" && !double.TryParse(attribute.StringValue, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    throw SnsException.ParameterValueInvalid($"Could not cast message attribute '{name}' value to number.");
                }

                if (attribute.BaseType == "String.Array" && !IsJsonArray(attribute.StringValue))
                {
                    throw SnsException.ParameterValueInvalid(
                        $"The message attribute '{name}' with type 'String.Array' must be a JSON array, for example [\"a\",\"b\"].");
                }

                break;
            case "Binary":
                if (string.IsNullOrEmpty(attribute.BinaryValue))
                {
                    throw SnsException.ParameterValueInvalid(
                        $"The message attribute '{name}' must contain non-empty message attribute value for message attribute type 'Binary'.");
                }

                break;
            default:
                throw SnsException.ParameterValueInvalid(
                    $"The message attribute '{name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.");
        }
    }

    private static bool IsJsonArray(string? text)
    {
        try
        {
            using var document = JsonDocument.Parse(text ?? string.Empty);
            return document.RootElement.ValueKind == JsonValueKind.Array;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void ValidateEndpoint(string protocol, string endpoint)
    {
        var valid = protocol switch
        {
            "email" or "email-json" => endpoint.Contains('@', StringComparison.Ordinal) && !endpoint.Any(char.IsWhiteSpace),
            "http" => endpoint.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && Uri.IsWellFormedUriString(endpoint, UriKind.Absolute),
            "https" => endpoint.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && Uri.IsWellFormedUriString(endpoint, UriKind.Absolute),
            "lambda" => endpoint.Length > 0,
            _ => false,
        };
        if (!valid)
        {
            throw SnsException.InvalidParameter(
                protocol.StartsWith("email", StringComparison.Ordinal) ? "Invalid parameter: Email address" : $"Invalid parameter: Endpoint must match the specified protocol ({protocol})");
        }
    }

    private static void ValidateSubscriptionAttribute(string name, string value, Dictionary<string, string> all)
    {
        if (!SubscriptionAttributeNames.Contains(name, StringComparer.Ordinal))
        {
            throw SnsException.InvalidParameter($"Invalid parameter: AttributeName (unknown subscription attribute {name}; supported: {string.Join(", ", SubscriptionAttributeNames)})");
        }

        switch (name)
        {
            case "RawMessageDelivery" when value is not ("true" or "false" or "True" or "False"):
                throw SnsException.InvalidParameter("Invalid parameter: Attributes Reason: RawMessageDelivery: Invalid value [" + value + "]. Must be true or false.");
            case "FilterPolicy":
                all.TryGetValue("FilterPolicyScope", out var scope);
                SnsFilterPolicy.Parse(value, scope);
                break;
            case "FilterPolicyScope":
                SnsFilterPolicy.Parse(all.TryGetValue("FilterPolicy", out var policy) && policy.Length > 0 ? policy : "{}", value);
                break;
            default:
                break;
        }
    }

    private SnsTopic RequireTopic(string arn) => _store.FindTopic(arn) ?? throw SnsException.NotFound("Topic does not exist");

    private SnsSubscription RequireSubscription(string arn) =>
        _store.FindSubscription(arn) ?? throw SnsException.NotFound("Subscription does not exist");

    private static (List<T> Page, string? Next) Page<T>(IReadOnlyList<T> items, string? token)
    {
        var start = 0;
        if (token is not null && (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start > items.Count))
        {
            throw SnsException.InvalidParameter("Invalid parameter: NextToken (pass the value returned by the previous call)");
        }

        var page = items.Skip(start).Take(PageSize).ToList();
        var next = start + PageSize < items.Count ? (start + PageSize).ToString(CultureInfo.InvariantCulture) : null;
        return (page, next);
    }

    private static void WriteSubscriptions(XmlWriter w, List<SnsSubscription> page, string? next)
    {
        w.WriteStartElement("Subscriptions");
        foreach (var subscription in page)
        {
            w.WriteStartElement("member");
            w.WriteElementString("SubscriptionArn", subscription.Arn);
            w.WriteElementString("Owner", subscription.Owner);
            w.WriteElementString("Protocol", subscription.Protocol);
            w.WriteElementString("Endpoint", subscription.Endpoint);
            w.WriteElementString("TopicArn", subscription.TopicArn);
            w.WriteEndElement();
        }

        w.WriteEndElement();
        SnsXmlWriter.Member(w, "NextToken", next);
    }

    private const string DefaultDeliveryPolicy =
        "{\"http\":{\"defaultHealthyRetryPolicy\":{\"minDelayTarget\":20,\"maxDelayTarget\":20,\"numRetries\":3,\"numMaxDelayRetries\":0,\"numNoDelayRetries\":0,\"numMinDelayRetries\":0,\"backoffFunction\":\"linear\"},\"disableSubscriptionOverrides\":false}}";

    private static string DefaultTopicPolicy(SnsTopic topic) =>
        "{\"Version\":\"2008-10-17\",\"Id\":\"__default_policy_ID\",\"Statement\":[{\"Sid\":\"__default_statement_ID\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":[\"SNS:Publish\",\"SNS:Subscribe\",\"SNS:Receive\",\"SNS:GetTopicAttributes\",\"SNS:SetTopicAttributes\",\"SNS:ListSubscriptionsByTopic\",\"SNS:DeleteTopic\"],\"Resource\":\""
        + topic.Arn + "\",\"Condition\":{\"StringEquals\":{\"AWS:SourceOwner\":\"" + topic.Owner + "\"}}}]}";
}
