using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Governance.Core.Ports;

namespace Governance.Aws.Lambda;

/// <summary>The function's handler: the event bytes in, the response bytes out (copied from the stream's position).</summary>
public delegate Task<Stream> LambdaHandler(Stream input, InvocationContext context, CancellationToken cancellationToken);

/// <summary>Options of <see cref="LambdaRuntimeLoop"/>; the defaults are what Lambda needs.</summary>
public sealed class LambdaRuntimeOptions
{
    /// <summary>host:port of the Runtime API; default <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    public string? RuntimeApi { get; init; }

    /// <summary>Bound on every Runtime API call except <c>next</c> (which may legitimately wait across a freeze).</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long before the deadline the handler's token fires, leaving time to report.</summary>
    public TimeSpan DeadlineMargin { get; init; } = TimeSpan.FromMilliseconds(500);

    public IClock Clock { get; init; } = SystemClock.Instance;

    /// <summary>Where the loop logs its own faults (one JSON line each); default standard error (CloudWatch).</summary>
    public TextWriter? Log { get; init; }

    /// <summary>Stop after this many invocations (tests, local runs); null = run until cancelled.</summary>
    public int? MaxInvocations { get; init; }
}

/// <summary>
/// The Lambda Runtime API 2018-06-01 loop for an executable-mode function (managed <c>dotnet10</c> with a handler
/// string without <c>::</c>, or <c>provided.al2023</c>): fetch the next event, run the handler with a token that
/// fires before the deadline, post the response or the error. An initialisation failure is reported to
/// <c>/runtime/init/error</c> and ends the process, as Lambda expects.
/// </summary>
public static class LambdaRuntimeLoop
{
    public const string ErrorContentType = "application/vnd.aws.lambda.error+json";

    /// <summary>Runs <paramref name="handler"/> for every invocation.</summary>
    /// <returns>0 when stopped (cancellation or <see cref="LambdaRuntimeOptions.MaxInvocations"/>).</returns>
    public static Task<int> RunAsync(LambdaHandler handler, LambdaRuntimeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return RunAsync(_ => Task.FromResult(handler), options, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="initialize"/> once (the sandbox's init phase: configuration, clients), then the loop.
    /// </summary>
    /// <returns>0 when stopped; 1 after an init error was reported (the process should exit with it).</returns>
    public static async Task<int> RunAsync(
        Func<CancellationToken, Task<LambdaHandler>> initialize,
        LambdaRuntimeOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(initialize);
        options ??= new LambdaRuntimeOptions();
        var api = options.RuntimeApi ?? Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API")
            ?? throw new InvalidOperationException("AWS_LAMBDA_RUNTIME_API is not set: this program runs under Lambda (or the local Runtime API host).");
        var log = options.Log ?? Console.Error;
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) })
        {
            BaseAddress = new Uri($"http://{api}/2018-06-01/"),
            // No client-wide timeout: `next` must be able to wait indefinitely; every other call has its own bound.
            Timeout = Timeout.InfiniteTimeSpan,
        };

        LambdaHandler handler;
        try
        {
            handler = await initialize(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await PostErrorAsync(http, "runtime/init/error", e, ErrorTypeOf(e), options, log, cancellationToken);
            return 1;
        }

        var invocations = 0;
        while (!cancellationToken.IsCancellationRequested && (options.MaxInvocations is null || invocations < options.MaxInvocations))
        {
            HttpResponseMessage next;
            try
            {
                next = await http.GetAsync("runtime/invocation/next", HttpCompletionOption.ResponseContentRead, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            using (next)
            {
                invocations++;
                await InvokeAsync(http, next, handler, options, log, cancellationToken);
            }
        }

        return 0;
    }

    private static async Task InvokeAsync(HttpClient http, HttpResponseMessage next, LambdaHandler handler, LambdaRuntimeOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var requestId = Header(next, "Lambda-Runtime-Aws-Request-Id");
        if (requestId is null)
        {
            Log(log, "next returned no Lambda-Runtime-Aws-Request-Id", null, null);
            return;
        }

        var deadline = long.TryParse(Header(next, "Lambda-Runtime-Deadline-Ms"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : options.Clock.UtcNow.AddMinutes(15);
        var traceId = Header(next, "Lambda-Runtime-Trace-Id");
        // The SDK and X-Ray read the trace id from this variable for the duration of the invocation.
        Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", traceId);
        var context = new InvocationContext(
            requestId,
            deadline,
            Header(next, "Lambda-Runtime-Invoked-Function-Arn") ?? string.Empty,
            traceId,
            Header(next, "Lambda-Runtime-Client-Context"),
            Header(next, "Lambda-Runtime-Cognito-Identity"),
            options.Clock);

        using var invocation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var budget = deadline - options.Clock.UtcNow - options.DeadlineMargin;
        invocation.CancelAfter(budget > TimeSpan.Zero ? budget : TimeSpan.Zero);
        var escapedId = Uri.EscapeDataString(requestId);
        try
        {
            await using var input = await next.Content.ReadAsStreamAsync(cancellationToken);
            var output = await handler(input, context, invocation.Token);
            await using (output)
            {
                using var content = new StreamContent(output);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var bounded = Bounded(options, cancellationToken);
                using var posted = await http.PostAsync($"runtime/invocation/{escapedId}/response", content, bounded.Token);
                if (!posted.IsSuccessStatusCode)
                {
                    // 413 and friends: the response was refused, so report why instead of leaving Lambda to guess.
                    var reason = new InvalidOperationException($"The Runtime API refused the response with HTTP {(int)posted.StatusCode}.");
                    await PostErrorAsync(http, $"runtime/invocation/{escapedId}/error", reason,
                        posted.StatusCode == HttpStatusCode.RequestEntityTooLarge ? "Function.ResponseSizeTooLarge" : "Runtime.ResponseRejected",
                        options, log, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException e) when (invocation.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var timeout = new TimeoutException($"The handler did not finish before the invocation deadline ({deadline:O}); stopped {options.DeadlineMargin.TotalMilliseconds} ms early.", e);
            await PostErrorAsync(http, $"runtime/invocation/{escapedId}/error", timeout, "Runtime.DeadlineExceeded", options, log, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await PostErrorAsync(http, $"runtime/invocation/{escapedId}/error", e, ErrorTypeOf(e), options, log, cancellationToken);
        }
        finally
        {
            Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", null);
        }
    }

    private static async Task PostErrorAsync(HttpClient http, string path, Exception error, string errorType, LambdaRuntimeOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var body = new LambdaErrorBody
        {
            ErrorMessage = error.Message,
            ErrorType = errorType,
            StackTrace = (error.StackTrace ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
        };
        try
        {
            using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, LambdaJsonContext.Default.LambdaErrorBody));
            content.Headers.ContentType = new MediaTypeHeaderValue(ErrorContentType);
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
            request.Headers.TryAddWithoutValidation("Lambda-Runtime-Function-Error-Type", errorType);
            using var bounded = Bounded(options, cancellationToken);
            using var response = await http.SendAsync(request, bounded.Token);
            Log(log, "handler error reported", errorType, error.Message, RequestIdOf(path));
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            // The Runtime API is gone or stuck; Lambda will see the invocation time out. Do not hang here.
            Log(log, "could not report an error to the Runtime API", errorType, e.Message, RequestIdOf(path));
        }
    }

    private static CancellationTokenSource Bounded(LambdaRuntimeOptions options, CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(options.CallTimeout);
        return source;
    }

    private static string ErrorTypeOf(Exception e) => e.GetType().Name;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>The request id in <c>runtime/invocation/{id}/error</c>; null for the init error.</summary>
    private static string? RequestIdOf(string path)
    {
        const string prefix = "runtime/invocation/";
        return path.StartsWith(prefix, StringComparison.Ordinal)
            ? Uri.UnescapeDataString(path[prefix.Length..path.LastIndexOf('/')])
            : null;
    }

    private static void Log(TextWriter log, string message, string? errorType, string? detail, string? requestId = null)
    {
        var line = JsonSerializer.Serialize(new RuntimeLogLine
        {
            Timestamp = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            Level = "ERROR",
            Message = message,
            RequestId = requestId,
            ErrorType = errorType,
            Detail = detail,
        }, LambdaJsonContext.Default.RuntimeLogLine);
        lock (log)
        {
            log.WriteLine(line);
        }
    }
}

internal sealed class LambdaErrorBody
{
    public string ErrorMessage { get; set; } = string.Empty;
    public string ErrorType { get; set; } = string.Empty;
    public List<string> StackTrace { get; set; } = [];
}

internal sealed class RuntimeLogLine
{
    public string? Timestamp { get; set; }
    public string Level { get; set; } = "INFO";
    public string? RequestId { get; set; }
    public string Message { get; set; } = string.Empty;
    public string? ErrorType { get; set; }
    public string? Detail { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LambdaErrorBody))]
[JsonSerializable(typeof(RuntimeLogLine))]
internal sealed partial class LambdaJsonContext : JsonSerializerContext
{
}
