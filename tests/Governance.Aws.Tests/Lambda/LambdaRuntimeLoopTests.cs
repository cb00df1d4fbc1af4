using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Governance.Aws.Lambda;
using Governance.Aws.Tests.Support;

namespace Governance.Aws.Tests.Lambda;

/// <summary>
/// The Runtime API loop against a loopback Runtime API that behaves as Lambda's does: events on <c>next</c>,
/// 202 on response and error posts.
/// </summary>
public sealed class LambdaRuntimeLoopTests
{
    private sealed class FakeRuntimeApi : IAsyncDisposable
    {
        private readonly ConcurrentQueue<(string Id, string Body, DateTimeOffset Deadline)> _events = new();

        public FakeRuntimeApi(TimeSpan? nextDelay = null, bool answerResponses = true)
        {
            Server = new LoopbackHttpServer(async e =>
            {
                var path = e.Request.Target;
                if (e.Request.Method == "GET" && path == "/2018-06-01/runtime/invocation/next")
                {
                    if (nextDelay is { } delay)
                    {
                        await Task.Delay(delay);
                    }

                    if (!_events.TryDequeue(out var next))
                    {
                        await Task.Delay(TimeSpan.FromSeconds(30));
                        return;
                    }

                    await e.RespondAsync(200, next.Body,
                        ("Content-Type", "application/json"),
                        ("Lambda-Runtime-Aws-Request-Id", next.Id),
                        ("Lambda-Runtime-Deadline-Ms", next.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
                        ("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:eu-north-1:123456789012:function:review"),
                        ("Lambda-Runtime-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"));
                    return;
                }

                if (!answerResponses && path.EndsWith("/response", StringComparison.Ordinal))
                {
                    await Task.Delay(TimeSpan.FromSeconds(30));
                    return;
                }

                await e.RespondAsync(202, """{"status":"OK"}""", ("Content-Type", "application/json"));
            });
        }

        public LoopbackHttpServer Server { get; }

        public string Api => $"127.0.0.1:{Server.Port}";

        public void Enqueue(string id, string body, DateTimeOffset deadline) => _events.Enqueue((id, body, deadline));

        public CapturedRequest Posted(string suffix) => Server.Requests.Single(r => r.Method == "POST" && r.Target.EndsWith(suffix, StringComparison.Ordinal));

        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }

    private static CancellationToken Bounded() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private static MemoryStream Text(string s) => new MemoryStream(Encoding.UTF8.GetBytes(s));

    [Fact]
    public async Task Run_WhenHandlerSucceeds_ShouldPostItsResponseAndExposeTheContext()
    {
        await using var api = new FakeRuntimeApi();
        var deadline = DateTimeOffset.UtcNow.AddMinutes(2);
        api.Enqueue("req-1", """{"detail":"hello"}""", deadline);
        InvocationContext? seen = null;
        string? traceDuringInvoke = null;
        var exit = await LambdaRuntimeLoop.RunAsync(async (input, context, token) =>
        {
            seen = context;
            traceDuringInvoke = Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID");
            using var reader = new StreamReader(input);
            return Text((await reader.ReadToEndAsync(token)).ToUpperInvariant());
        }, new LambdaRuntimeOptions { RuntimeApi = api.Api, MaxInvocations = 1, Log = TextWriter.Null }, Bounded());

        Assert.Equal(0, exit);
        Assert.Equal("""{"DETAIL":"HELLO"}""", api.Posted("/2018-06-01/runtime/invocation/req-1/response").BodyText);
        Assert.NotNull(seen);
        Assert.Equal("req-1", seen.RequestId);
        Assert.Equal("arn:aws:lambda:eu-north-1:123456789012:function:review", seen.FunctionArn);
        Assert.Equal(deadline.ToUnixTimeMilliseconds(), seen.Deadline.ToUnixTimeMilliseconds());
        Assert.InRange(seen.RemainingTime, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2));
        Assert.StartsWith("Root=1-5759e988", seen.TraceId);
        Assert.Equal(seen.TraceId, traceDuringInvoke);
    }

    [Fact]
    public async Task Run_WhenHandlerThrows_ShouldPostTheErrorAsLambdaExpects()
    {
        await using var api = new FakeRuntimeApi();
        api.Enqueue("req-2", "{}", DateTimeOffset.UtcNow.AddMinutes(2));
        var log = new StringWriter();
        await LambdaRuntimeLoop.RunAsync((_, _, _) => throw new InvalidOperationException("policy file is broken"),
            new LambdaRuntimeOptions { RuntimeApi = api.Api, MaxInvocations = 1, Log = log }, Bounded());

        var posted = api.Posted("/2018-06-01/runtime/invocation/req-2/error");
        Assert.Equal("InvalidOperationException", posted.Header("Lambda-Runtime-Function-Error-Type"));
        Assert.Equal(LambdaRuntimeLoop.ErrorContentType, posted.Header("Content-Type"));
        using var body = JsonDocument.Parse(posted.Body);
        Assert.Equal("policy file is broken", body.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal("InvalidOperationException", body.RootElement.GetProperty("errorType").GetString());
        Assert.Equal(JsonValueKind.Array, body.RootElement.GetProperty("stackTrace").ValueKind);
        Assert.DoesNotContain(api.Server.Requests, r => r.Target.EndsWith("/response", StringComparison.Ordinal));
        // The loop's own log line is structured like the function's: request id and time included.
        using var line = JsonDocument.Parse(log.ToString().Trim());
        Assert.Equal("req-2", line.RootElement.GetProperty("requestId").GetString());
        Assert.True(DateTimeOffset.TryParse(line.RootElement.GetProperty("timestamp").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
    }

    [Fact]
    public async Task Run_WhenInitializationFails_ShouldPostInitErrorAndNotAskForEvents()
    {
        await using var api = new FakeRuntimeApi();
        var exit = await LambdaRuntimeLoop.RunAsync(
            _ => throw new ArgumentException("GOVERNANCE_TOPIC_ARN is not set"),
            new LambdaRuntimeOptions { RuntimeApi = api.Api, Log = TextWriter.Null }, Bounded());

        Assert.Equal(1, exit);
        var posted = api.Posted("/2018-06-01/runtime/init/error");
        Assert.Equal("ArgumentException", posted.Header("Lambda-Runtime-Function-Error-Type"));
        Assert.Contains("GOVERNANCE_TOPIC_ARN is not set", posted.BodyText);
        Assert.DoesNotContain(api.Server.Requests, r => r.Method == "GET");
    }

    [Fact]
    public async Task Run_WhenHandlerRunsIntoTheDeadline_ShouldCancelItEarlyAndReportTheTimeout()
    {
        await using var api = new FakeRuntimeApi();
        api.Enqueue("req-3", "{}", DateTimeOffset.UtcNow.AddMilliseconds(3000));
        var watch = Stopwatch.StartNew();
        TimeSpan remainingAtStart = default;
        await LambdaRuntimeLoop.RunAsync(async (_, context, token) =>
        {
            remainingAtStart = context.RemainingTime;
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
            return Stream.Null;
        }, new LambdaRuntimeOptions { RuntimeApi = api.Api, MaxInvocations = 1, DeadlineMargin = TimeSpan.FromMilliseconds(500), Log = TextWriter.Null }, Bounded());
        watch.Stop();

        Assert.InRange(remainingAtStart, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(3000));
        // Cancelled at deadline - margin (about 2.5 s from now), not left hanging until the test's own bound.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), $"took {watch.Elapsed}");
        Assert.True(watch.Elapsed > TimeSpan.FromSeconds(1.5), $"cancelled too early, after {watch.Elapsed}");
        var posted = api.Posted("/2018-06-01/runtime/invocation/req-3/error");
        Assert.Equal("Runtime.DeadlineExceeded", posted.Header("Lambda-Runtime-Function-Error-Type"));
    }

    [Fact]
    public async Task Run_WhenNextTakesLongerThanTheCallTimeout_ShouldStillWaitForTheEvent()
    {
        await using var api = new FakeRuntimeApi(nextDelay: TimeSpan.FromSeconds(2));
        api.Enqueue("req-4", "{}", DateTimeOffset.UtcNow.AddMinutes(2));
        await LambdaRuntimeLoop.RunAsync((_, _, _) => Task.FromResult<Stream>(Text("ok")),
            new LambdaRuntimeOptions { RuntimeApi = api.Api, MaxInvocations = 1, CallTimeout = TimeSpan.FromMilliseconds(500), Log = TextWriter.Null }, Bounded());
        Assert.Equal("ok", api.Posted("/2018-06-01/runtime/invocation/req-4/response").BodyText);
    }

    [Fact]
    public async Task Run_WhenRuntimeApiNeverAnswersTheResponse_ShouldGiveUpWithinTheCallTimeout()
    {
        await using var api = new FakeRuntimeApi(answerResponses: false);
        api.Enqueue("req-5", "{}", DateTimeOffset.UtcNow.AddMinutes(2));
        var log = new StringWriter();
        var watch = Stopwatch.StartNew();
        await LambdaRuntimeLoop.RunAsync((_, _, _) => Task.FromResult<Stream>(Text("ok")),
            new LambdaRuntimeOptions { RuntimeApi = api.Api, MaxInvocations = 1, CallTimeout = TimeSpan.FromSeconds(1), Log = log }, Bounded());
        watch.Stop();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        // The stuck response post timed out and was reported as an error instead of hanging the loop.
        Assert.Contains(api.Server.Requests, r => r.Target.EndsWith("/req-5/error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_WhenRuntimeApiVariableMissing_ShouldSaySo()
    {
        var previous = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
        Environment.SetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API", null);
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => LambdaRuntimeLoop.RunAsync((_, _, _) => Task.FromResult(Stream.Null)));
            Assert.Contains("AWS_LAMBDA_RUNTIME_API", error.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API", previous);
        }
    }
}
