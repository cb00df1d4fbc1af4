using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Governance.Local.Lambda;

/// <summary>One event waiting for, or being handled by, the function program.</summary>
internal sealed class PendingInvocation
{
    public PendingInvocation(string payload, TimeSpan timeout)
    {
        Payload = payload;
        Timeout = timeout;
    }

    public string RequestId { get; } = Guid.NewGuid().ToString();

    public string Payload { get; }

    public TimeSpan Timeout { get; }

    public string TraceId { get; } = NewTraceId();

    public TaskCompletionSource<DateTimeOffset> PickedUp { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<InvocationResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static string NewTraceId()
    {
        var epoch = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString("x8", CultureInfo.InvariantCulture);
        var random = Guid.NewGuid().ToString("N");
        return $"Root=1-{epoch}-{random[..24]};Parent={random[16..]};Sampled=0";
    }
}

/// <summary>
/// The Lambda Runtime API (2018-06-01) on a loopback port: <c>GET /runtime/invocation/next</c> hands out queued events
/// with Lambda's headers, and the function reports back on <c>/response</c>, <c>/error</c> or <c>/runtime/init/error</c>.
/// </summary>
internal sealed class RuntimeApiServer : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01/runtime/";
    private const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";
    private readonly Channel<PendingInvocation> _queue = Channel.CreateUnbounded<PendingInvocation>();
    private readonly ConcurrentDictionary<string, PendingInvocation> _inFlight = new(StringComparer.Ordinal);
    private readonly FunctionDefinition _definition;
    private readonly Action<string, string?> _onInitError;
    private WebApplication? _app;

    // The polls of the program now running. A killed program's last `next` poll can still be waiting here before
    // Kestrel has noticed its connection is gone; handed the successor's event, it would swallow it (the invoke then
    // times out). A new program starts a new generation, which ends every poll of the one before.
    private CancellationTokenSource _generation = new();

    /// <param name="onInitError">Called with the posted error type and message when the program reports an init failure.</param>
    public RuntimeApiServer(FunctionDefinition definition, Action<string, string?> onInitError)
    {
        _definition = definition;
        _onInitError = onInitError;
    }

    /// <summary>The value for <c>AWS_LAMBDA_RUNTIME_API</c>: <c>127.0.0.1:port</c>.</summary>
    public string Address { get; private set; } = string.Empty;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(cancellationToken);
        _app = app;
        Address = new Uri(app.Urls.First()).Authority;
    }

    public void Enqueue(PendingInvocation invocation)
    {
        _inFlight[invocation.RequestId] = invocation;
        _queue.Writer.TryWrite(invocation);
    }

    public void Forget(PendingInvocation invocation) => _inFlight.TryRemove(invocation.RequestId, out _);

    /// <summary>
    /// Ends every <c>next</c> poll waiting now: the program that made them is gone (called after it has ended, before
    /// its successor starts). The old source is cancelled, not disposed: a poll may be linking to it at this moment.
    /// </summary>
    public void AbandonWaitingPolls() => Interlocked.Exchange(ref _generation, new CancellationTokenSource()).Cancel();

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_app is not null)
        {
            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(bounded.Token);
            await _app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var method = context.Request.Method;
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            await WriteErrorAsync(context, HttpStatusCode.NotFound, "InvalidPath", $"Unknown path {path}; the Runtime API lives under {Prefix}");
            return;
        }

        var rest = path[Prefix.Length..];
        if (rest == "invocation/next" && HttpMethods.IsGet(method))
        {
            await NextAsync(context);
        }
        else if (rest == "init/error" && HttpMethods.IsPost(method))
        {
            var (type, message, _) = await ReadErrorAsync(context);
            _onInitError(type, message);
            await WriteAcceptedAsync(context);
        }
        else if (rest.StartsWith("invocation/", StringComparison.Ordinal) && HttpMethods.IsPost(method))
        {
            var parts = rest.Split('/');
            if (parts.Length != 3 || parts[2] is not ("response" or "error"))
            {
                await WriteErrorAsync(context, HttpStatusCode.NotFound, "InvalidPath", $"Unknown path {path}");
                return;
            }

            if (!_inFlight.TryGetValue(parts[1], out var invocation) || !invocation.PickedUp.Task.IsCompleted)
            {
                await WriteErrorAsync(context, HttpStatusCode.BadRequest, "InvalidRequestID", "Invalid request ID");
                return;
            }

            if (invocation.Completion.Task.IsCompleted)
            {
                await WriteErrorAsync(context, HttpStatusCode.BadRequest, "InvalidStateTransition", "Invocation already completed (timed out or reported)");
                return;
            }

            var started = await invocation.PickedUp.Task;
            var duration = DateTimeOffset.UtcNow - started;
            if (parts[2] == "response")
            {
                using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
                var body = await reader.ReadToEndAsync(context.RequestAborted);
                invocation.Completion.TrySetResult(new InvocationResult(true, body, null, null, duration) { RequestId = invocation.RequestId });
            }
            else
            {
                var (type, message, raw) = await ReadErrorAsync(context);
                invocation.Completion.TrySetResult(new InvocationResult(false, raw, type, message, duration) { RequestId = invocation.RequestId });
            }

            await WriteAcceptedAsync(context);
        }
        else
        {
            await WriteErrorAsync(context, HttpStatusCode.NotFound, "InvalidPath", $"Unknown {method} {path}");
        }
    }

    private async Task NextAsync(HttpContext context)
    {
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, Volatile.Read(ref _generation).Token);
        while (true)
        {
            PendingInvocation invocation;
            try
            {
                invocation = await _queue.Reader.ReadAsync(poll.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
            {
                return;
            }

            // An event whose invoke already ended (the program died before asking for it) is not handed out again.
            if (invocation.Completion.Task.IsCompleted)
            {
                continue;
            }

            // A poll from a program that was just killed must not swallow the event meant for its successor.
            if (poll.IsCancellationRequested)
            {
                _queue.Writer.TryWrite(invocation);
                return;
            }

            var now = DateTimeOffset.UtcNow;
            invocation.PickedUp.TrySetResult(now);
            var deadline = now + invocation.Timeout;
            var headers = context.Response.Headers;
            headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
            headers["Lambda-Runtime-Deadline-Ms"] = deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            headers["Lambda-Runtime-Invoked-Function-Arn"] = _definition.FunctionArn;
            headers["Lambda-Runtime-Trace-Id"] = invocation.TraceId;
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(invocation.Payload, context.RequestAborted);
            return;
        }
    }

    /// <summary>Reads an error document: type from the body's errorType, else the error-type header, else "Unhandled".</summary>
    private static async Task<(string Type, string? Message, string Raw)> ReadErrorAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var raw = await reader.ReadToEndAsync(context.RequestAborted);
        string? type = context.Request.Headers[ErrorTypeHeader].FirstOrDefault();
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(raw);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (document.RootElement.TryGetProperty("errorType", out var t) && t.ValueKind == JsonValueKind.String)
                {
                    type = t.GetString();
                }

                if (document.RootElement.TryGetProperty("errorMessage", out var m) && m.ValueKind == JsonValueKind.String)
                {
                    message = m.GetString();
                }
            }
        }
        catch (JsonException)
        {
            message = raw;
        }

        return (string.IsNullOrEmpty(type) ? "Unhandled" : type, message, raw);
    }

    private static async Task WriteAcceptedAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("{\"status\":\"OK\"}", context.RequestAborted);
    }

    private static async Task WriteErrorAsync(HttpContext context, HttpStatusCode status, string type, string message)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(LambdaJson.ErrorDocument(type, message), context.RequestAborted);
    }
}

/// <summary>Lambda's error document, <c>{"errorMessage","errorType"}</c>, escaped properly.</summary>
internal static class LambdaJson
{
    public static string ErrorDocument(string type, string message)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("errorMessage", message);
            writer.WriteString("errorType", type);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
