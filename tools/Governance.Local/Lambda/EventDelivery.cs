using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Governance.Local.Lambda;

/// <summary>
/// Retry settings. The default (3 attempts: the first plus 2 retries) is what Lambda does for asynchronous invokes
/// such as EventBridge → Lambda. Lambda waits about 1 and then 2 minutes between them; locally the default backoff is
/// 1 s doubling, so a demo does not stall. The dead-letter file receives events that failed every attempt.
/// </summary>
public sealed record EventDeliveryOptions
{
    public int MaxAttempts { get; init; } = 3;

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public double BackoffMultiplier { get; init; } = 2.0;

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>JSON-lines file of events that could not be delivered (created on first use).</summary>
    public required string DeadLetterFilePath { get; init; }
}

/// <summary>The outcome of delivering one event: delivered or dead-lettered, after how many attempts, with the last result.</summary>
public sealed record DeliveryOutcome(bool Delivered, int Attempts, InvocationResult LastResult);

/// <summary>
/// At-least-once delivery of events to one function: invoke, retry failures (function errors, timeouts, crashes) with
/// exponential backoff, and after the last attempt append the event, the error and the attempt count to the
/// dead-letter file, so nothing is lost silently. Subscribe it to the event bus with
/// <c>bus.SubscribeDurable("function-name", delivery.DeliverAsync)</c>: <see cref="DeliverAsync"/> returns only once
/// the event was delivered or dead-lettered, which is when the bus acknowledges it, so an event a crash interrupted is
/// delivered again after a restart (see <see cref="Events.LocalEventBus"/>).
/// </summary>
public sealed class EventDelivery
{
    // Shared by every instance: several functions' deliveries may be configured with the same dead-letter file.
    private static readonly SemaphoreSlim DeadLetterGate = new(1, 1);
    private readonly IFunctionInvoker _invoker;
    private readonly EventDeliveryOptions _options;
    private readonly TimeProvider _time;

    public EventDelivery(IFunctionInvoker invoker, EventDeliveryOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxAttempts < 1)
        {
            throw new ArgumentException($"EventDeliveryOptions.MaxAttempts must be at least 1 (was {options.MaxAttempts}).", nameof(options));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(options.DeadLetterFilePath, nameof(options));
        _invoker = invoker;
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    public string FunctionName => _invoker.FunctionName;

    public async Task<DeliveryOutcome> DeliverAsync(string eventJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(eventJson);
        InvocationResult? last = null;
        var backoff = _options.InitialBackoff;
        for (var attempt = 1; attempt <= _options.MaxAttempts; attempt++)
        {
            last = await InvokeOnceAsync(eventJson, cancellationToken);
            if (last.Success)
            {
                return new DeliveryOutcome(true, attempt, last);
            }

            if (attempt < _options.MaxAttempts)
            {
                await Task.Delay(backoff, _time, cancellationToken);
                backoff = TimeSpan.FromTicks(Math.Min((long)(backoff.Ticks * _options.BackoffMultiplier), _options.MaxBackoff.Ticks));
            }
        }

        await WriteDeadLetterAsync(eventJson, last!, cancellationToken);
        return new DeliveryOutcome(false, _options.MaxAttempts, last!);
    }

    /// <summary>One attempt; a host that cannot even run the function (it failed to start) counts as a failed attempt.</summary>
    private async Task<InvocationResult> InvokeOnceAsync(string eventJson, CancellationToken cancellationToken)
    {
        try
        {
            return await _invoker.InvokeAsync(eventJson, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new InvocationResult(false, null, "Local." + ex.GetType().Name, ex.Message, TimeSpan.Zero);
        }
    }

    private async Task WriteDeadLetterAsync(string eventJson, InvocationResult last, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("time", _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            writer.WriteString("functionName", _invoker.FunctionName);
            writer.WriteNumber("attempts", _options.MaxAttempts);
            writer.WriteString("errorType", last.ErrorType);
            writer.WriteString("errorMessage", last.ErrorMessage);
            writer.WriteString("requestId", last.RequestId);
            writer.WritePropertyName("event");
            if (IsJson(eventJson))
            {
                writer.WriteRawValue(eventJson);
            }
            else
            {
                // Kept verbatim as a string when it is not JSON, so even a malformed event is not lost.
                writer.WriteStringValue(eventJson);
            }

            writer.WriteEndObject();
        }

        var line = Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
        var directory = Path.GetDirectoryName(Path.GetFullPath(_options.DeadLetterFilePath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await DeadLetterGate.WaitAsync(cancellationToken);
        try
        {
            await File.AppendAllTextAsync(_options.DeadLetterFilePath, line, new UTF8Encoding(false), cancellationToken);
        }
        finally
        {
            DeadLetterGate.Release();
        }
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
