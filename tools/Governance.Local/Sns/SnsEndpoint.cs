using System.Net;
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
/// The SNS-compatible endpoint behind the edge: the awsQuery binding (API version 2010-03-31) of
/// <see cref="SnsService"/>. It reads the form parameters under their wire names, routes by <c>Action</c>, writes the
/// <c>{Action}Response</c> XML and turns <see cref="SnsException"/> into <c>&lt;ErrorResponse&gt;</c>. It also owns what
/// the service shares with delivery (the outbox, the signing key, the HTTP client) and waits for deliveries on disposal.
/// </summary>
public sealed class SnsEndpoint : IServiceEndpoint, IAsyncDisposable
{
    private const string FailureLogFileName = "sns-delivery-failures.jsonl";
    private const string PendingFolderName = "pending-deliveries";

    // SNS sends a confirmation request instead; the comment tells a reader of the raw XML why none will arrive.
    private const string AutoConfirmedComment = "local stack: subscriptions are confirmed automatically, no confirmation message is sent";

    private readonly SnsService _service;
    private readonly SnsStateStore _store;
    private readonly SnsDeliveryDispatcher _dispatcher;
    private readonly SnsNotificationSigner _signer = new();
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    public SnsEndpoint(SnsEndpointOptions options, ILambdaInvoker? lambdaInvoker = null, HttpClient? httpClient = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var store = new SnsStateStore(options.DataDirectory);
        _store = store;
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient();
        Outbox = new SnsEmailOutbox(options.OutboxDirectory);
        _dispatcher = new SnsDeliveryDispatcher(
            Outbox, _http, lambdaInvoker, _signer, options.PublicBaseUrl, options.Delivery,
            Path.Combine(options.DataDirectory, FailureLogFileName),
            Path.Combine(options.DataDirectory, PendingFolderName));
        _service = new SnsService(store, _dispatcher, time);
    }

    public string SigningName => "sns";

    public SnsEmailOutbox Outbox { get; }

    /// <summary>Every delivery attempted so far (successful or not), in completion order.</summary>
    public IReadOnlyList<SnsDeliveryRecord> Deliveries => _dispatcher.History;

    /// <summary>The PEM certificate whose key signs notifications; serve it at <see cref="SnsNotificationSigner.CertificatePath"/>.</summary>
    public string SigningCertificatePem => _signer.CertificatePem;

    /// <summary>
    /// Delivers again every message a previous run of the stack accepted and had not delivered to all its
    /// subscriptions (a kill -9 between Publish and delivery). Call it once the subscribers are ready. Returns how many.
    /// </summary>
    public int ResumeUnfinishedDeliveries() =>
        _dispatcher.ResumeUnfinished(arn => _store.AllSubscriptions.FirstOrDefault(s => string.Equals(s.Arn, arn, StringComparison.Ordinal)));

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
            var result = Invoke(action, request, caller);
            await SnsXmlWriter.WriteResultAsync(context, action, requestId, result, action == "Subscribe" ? AutoConfirmedComment : null);
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

    /// <summary>Runs the action and returns the writer of its <c>{Action}Result</c> element (null when SNS sends none).</summary>
    /// <remarks>Arguments are read left to right, so a missing required parameter is reported before the service runs.</remarks>
    private Action<XmlWriter>? Invoke(string action, SnsQueryRequest request, CallerIdentity caller) => action switch
    {
        "CreateTopic" => Element("TopicArn", _service.CreateTopic(caller.AccountId, caller.Region, request.Required("Name"), request.Map("Attributes")).Arn),
        "DeleteTopic" => NoResult(() => _service.DeleteTopic(request.Required("TopicArn"))),
        "ListTopics" => Page(_service.ListTopics(request.Optional("NextToken"))),
        "GetTopicAttributes" => Attributes(_service.GetTopicAttributes(request.Required("TopicArn"))),
        "SetTopicAttributes" => NoResult(() => _service.SetTopicAttribute(
            request.Required("TopicArn"), request.Optional("AttributeName"), request.Optional("AttributeValue"))),
        "Subscribe" => Element("SubscriptionArn", _service.Subscribe(
            caller.AccountId, request.Required("TopicArn"), request.Required("Protocol"), request.Optional("Endpoint") ?? string.Empty, request.Map("Attributes")).Arn),
        "ConfirmSubscription" => Element("SubscriptionArn", _service.ConfirmSubscription(request.Required("TopicArn"), request.Optional("Token")).Arn),
        "Unsubscribe" => NoResult(() => _service.Unsubscribe(request.Required("SubscriptionArn"))),
        "ListSubscriptionsByTopic" => Page(_service.ListSubscriptionsByTopic(request.Required("TopicArn"), request.Optional("NextToken"))),
        "ListSubscriptions" => Page(_service.ListSubscriptions(request.Optional("NextToken"))),
        "GetSubscriptionAttributes" => Attributes(_service.GetSubscriptionAttributes(request.Required("SubscriptionArn"))),
        "SetSubscriptionAttributes" => NoResult(() => _service.SetSubscriptionAttribute(
            request.Required("SubscriptionArn"), request.Optional("AttributeName"), request.Optional("AttributeValue"))),
        "Publish" => Published(_service.Publish(ReadPublish(request))),
        _ => throw new SnsException("InvalidAction", HttpStatusCode.BadRequest, $"Could not find operation {action} for version 2010-03-31"),
    };

    private static SnsPublishRequest ReadPublish(SnsQueryRequest request) => new()
    {
        TopicArn = request.Optional("TopicArn"),
        TargetArn = request.Optional("TargetArn"),
        PhoneNumber = request.Optional("PhoneNumber"),
        Message = request.Optional("Message"),
        Subject = request.Optional("Subject"),
        MessageStructure = request.Optional("MessageStructure"),
        MessageGroupId = request.Optional("MessageGroupId"),
        MessageAttributes = request.MessageAttributes(),
    };

    private static Action<XmlWriter>? NoResult(Action call)
    {
        call();
        return null;
    }

    private static Action<XmlWriter> Element(string name, string value) => w => w.WriteElementString(name, value);

    private static Action<XmlWriter> Attributes(IReadOnlyDictionary<string, string> attributes) => w => SnsXmlWriter.AttributeMap(w, attributes);

    private static Action<XmlWriter> Page(SnsPage<SnsTopic> page) => w => SnsXmlWriter.TopicList(w, page);

    private static Action<XmlWriter> Page(SnsPage<SnsSubscription> page) => w => SnsXmlWriter.SubscriptionList(w, page);

    private static Action<XmlWriter> Published(SnsPublishResult result) => w =>
    {
        w.WriteElementString("MessageId", result.MessageId);
        SnsXmlWriter.Member(w, "SequenceNumber", result.SequenceNumber);
    };
}
