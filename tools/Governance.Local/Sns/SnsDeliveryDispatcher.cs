using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Governance.Local.Sns;

/// <summary>What happened to one delivery, for tests, the demo table and the failure log.</summary>
public sealed record SnsDeliveryRecord(
    string MessageId, string SubscriptionArn, string Protocol, string Endpoint, bool Succeeded, int Attempts, string Detail, DateTimeOffset Time);

/// <summary>Delivery settings: attempts and pause for HTTP(S) endpoints (SNS retries failed HTTP deliveries).</summary>
public sealed record SnsDeliveryOptions
{
    public int HttpAttempts { get; init; } = 3;

    public TimeSpan HttpRetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan HttpTimeout { get; init; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// Fans a published message out to its subscriptions in the background: Publish returns as soon as the message is
/// accepted, as SNS does. <see cref="WhenIdleAsync"/> lets tests and the demo wait until every pending delivery has
/// finished (delivered or given up, with the outcome in <see cref="History"/> and the failure log).
/// </summary>
public sealed class SnsDeliveryDispatcher
{
    private readonly SnsEmailOutbox _outbox;
    private readonly HttpClient _http;
    private readonly ILambdaInvoker? _lambda;
    private readonly SnsNotificationSigner _signer;
    private readonly Uri _publicBaseUrl;
    private readonly SnsDeliveryOptions _options;
    private readonly string _failureLogPath;
    private readonly ConcurrentDictionary<Task, byte> _pending = new();
    private readonly ConcurrentQueue<SnsDeliveryRecord> _history = new();
    private readonly object _logGate = new();
    private readonly SnsPendingDeliveries? _pendingDeliveries;

    public SnsDeliveryDispatcher(
        SnsEmailOutbox outbox,
        HttpClient http,
        ILambdaInvoker? lambda,
        SnsNotificationSigner signer,
        Uri publicBaseUrl,
        SnsDeliveryOptions options,
        string failureLogPath,
        string? pendingFolder = null)
    {
        _pendingDeliveries = pendingFolder is null ? null : new SnsPendingDeliveries(pendingFolder);
        _outbox = outbox;
        _http = http;
        _lambda = lambda;
        _signer = signer;
        _publicBaseUrl = publicBaseUrl;
        _options = options;
        _failureLogPath = failureLogPath;
    }

    public IReadOnlyList<SnsDeliveryRecord> History => [.. _history];

    public void Dispatch(SnsPublishedMessage message, IEnumerable<SnsSubscription> subscriptions, string? topicDisplayName)
    {
        foreach (var subscription in subscriptions)
        {
            // Kept on disk before Publish answers, so a kill of the stack cannot lose an accepted message.
            var file = _pendingDeliveries?.Add(new SnsPendingDelivery(message, subscription.Arn, topicDisplayName));
            Start(message, subscription, topicDisplayName, file);
        }
    }

    /// <summary>
    /// Delivers again what a previous run of the stack accepted and did not finish (call once its subscribers, the
    /// Lambda functions among them, are ready); deliveries to subscriptions deleted since are dropped.
    /// </summary>
    public int ResumeUnfinished(Func<string, SnsSubscription?> subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var resumed = 0;
        foreach (var (path, delivery) in _pendingDeliveries?.Unfinished() ?? [])
        {
            if (subscription(delivery.SubscriptionArn) is { } current)
            {
                Start(delivery.Message, current, delivery.TopicDisplayName, path);
                resumed++;
            }
            else
            {
                SnsPendingDeliveries.Remove(path);
            }
        }

        return resumed;
    }

    private void Start(SnsPublishedMessage message, SnsSubscription subscription, string? topicDisplayName, string? pendingFile)
    {
        var task = Task.Run(async () =>
        {
            await DeliverAsync(message, subscription, topicDisplayName).ConfigureAwait(false);
            if (pendingFile is not null)
            {
                SnsPendingDeliveries.Remove(pendingFile);
            }
        });
        _pending.TryAdd(task, 0);
        task.ContinueWith(t => _pending.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Completes when no delivery is in flight (including deliveries started while waiting).</summary>
    public async Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        while (!_pending.IsEmpty)
        {
            await Task.WhenAll(_pending.Keys).WaitAsync(cancellationToken);
        }
    }

    private async Task DeliverAsync(SnsPublishedMessage message, SnsSubscription subscription, string? topicDisplayName)
    {
        SnsDeliveryRecord record;
        try
        {
            record = subscription.Protocol switch
            {
                SnsProtocols.Email => await DeliverEmailAsync(message, subscription, topicDisplayName),
                SnsProtocols.EmailJson => await DeliverEmailJsonAsync(message, subscription, topicDisplayName),
                SnsProtocols.Http or SnsProtocols.Https => await DeliverHttpAsync(message, subscription),
                SnsProtocols.Lambda => await DeliverLambdaAsync(message, subscription),
                _ => Record(message, subscription, false, 0, "protocol not supported locally"),
            };
        }
#pragma warning disable CA1031 // A failed delivery must be recorded, whatever failed; it never reaches the publisher.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            record = Record(message, subscription, false, 1, ex.GetType().Name + ": " + ex.Message);
        }

        _history.Enqueue(record);
        if (!record.Succeeded)
        {
            LogFailure(record);
        }
    }

    private async Task<SnsDeliveryRecord> DeliverEmailAsync(SnsPublishedMessage message, SnsSubscription subscription, string? displayName)
    {
        var path = await _outbox.WriteAsync(message, subscription, displayName, _publicBaseUrl, CancellationToken.None);
        return Record(message, subscription, true, 1, path);
    }

    private async Task<SnsDeliveryRecord> DeliverEmailJsonAsync(SnsPublishedMessage message, SnsSubscription subscription, string? displayName)
    {
        var text = message.MessageFor(SnsProtocols.EmailJson);
        var json = SnsNotifications.HttpNotification(message, subscription, text, _signer.Sign(message, text), _publicBaseUrl);
        var asEmail = message with { DefaultMessage = json, PerProtocolMessages = new Dictionary<string, string>() };
        var path = await _outbox.WriteAsync(asEmail, subscription, displayName, _publicBaseUrl, CancellationToken.None);
        return Record(message, subscription, true, 1, path);
    }

    private async Task<SnsDeliveryRecord> DeliverHttpAsync(SnsPublishedMessage message, SnsSubscription subscription)
    {
        var text = message.MessageFor(subscription.Protocol);
        var body = subscription.RawMessageDelivery
            ? text
            : SnsNotifications.HttpNotification(message, subscription, text, _signer.Sign(message, text), _publicBaseUrl);
        var detail = string.Empty;
        for (var attempt = 1; attempt <= _options.HttpAttempts; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Endpoint)
            {
                Content = new StringContent(body, Encoding.UTF8),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "UTF-8" };
            request.Headers.TryAddWithoutValidation("x-amz-sns-message-type", "Notification");
            request.Headers.TryAddWithoutValidation("x-amz-sns-message-id", message.MessageId);
            request.Headers.TryAddWithoutValidation("x-amz-sns-topic-arn", message.TopicArn);
            request.Headers.TryAddWithoutValidation("x-amz-sns-subscription-arn", subscription.Arn);
            if (subscription.RawMessageDelivery)
            {
                request.Headers.TryAddWithoutValidation("x-amz-sns-rawdelivery", "true");
            }

            request.Headers.TryAddWithoutValidation("User-Agent", "Amazon Simple Notification Service Agent");
            try
            {
                using var timeout = new CancellationTokenSource(_options.HttpTimeout);
                using var response = await _http.SendAsync(request, timeout.Token);
                if ((int)response.StatusCode is >= 200 and < 300)
                {
                    return Record(message, subscription, true, attempt, "HTTP " + (int)response.StatusCode);
                }

                detail = "HTTP " + (int)response.StatusCode;
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                detail = ex.GetType().Name + ": " + ex.Message;
            }

            if (attempt < _options.HttpAttempts)
            {
                await Task.Delay(_options.HttpRetryDelay);
            }
        }

        return Record(message, subscription, false, _options.HttpAttempts, detail);
    }

    private async Task<SnsDeliveryRecord> DeliverLambdaAsync(SnsPublishedMessage message, SnsSubscription subscription)
    {
        if (_lambda is null)
        {
            return Record(message, subscription, false, 0, "no Lambda invoker is configured on this SNS endpoint");
        }

        var text = message.MessageFor(SnsProtocols.Lambda);
        var payload = SnsNotifications.LambdaEvent(message, subscription, text, _signer.Sign(message, text), _publicBaseUrl);
        await _lambda.InvokeAsync(subscription.Endpoint, payload, CancellationToken.None);
        return Record(message, subscription, true, 1, "invoked");
    }

    private static SnsDeliveryRecord Record(SnsPublishedMessage message, SnsSubscription subscription, bool ok, int attempts, string detail) =>
        new(message.MessageId, subscription.Arn, subscription.Protocol, subscription.Endpoint, ok, attempts, detail, DateTimeOffset.UtcNow);

    private void LogFailure(SnsDeliveryRecord record)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("time", record.Time);
            writer.WriteString("messageId", record.MessageId);
            writer.WriteString("subscriptionArn", record.SubscriptionArn);
            writer.WriteString("protocol", record.Protocol);
            writer.WriteString("endpoint", record.Endpoint);
            writer.WriteNumber("attempts", record.Attempts);
            writer.WriteString("error", record.Detail);
            writer.WriteEndObject();
        }

        lock (_logGate)
        {
            File.AppendAllText(_failureLogPath, Encoding.UTF8.GetString(buffer.ToArray()) + "\n");
        }
    }
}
