using System.Text.Json.Nodes;
using Governance.Functions.Notify;
using Governance.Functions.Observability;
using Governance.Functions.Tests.Support;

namespace Governance.Functions.Tests.Notify;

/// <summary>The notify function against the Slack capture endpoint on a loopback Kestrel, with verdicts the real reviewer wrote.</summary>
public sealed class NotifyFunctionTests : IAsyncLifetime
{
    private readonly StringWriter _logText = new();
    private LoopbackSlack _slack = null!;

    public async Task InitializeAsync() => _slack = await LoopbackSlack.StartAsync();

    [Fact]
    public async Task HandleAsync_WhenVerdictArrives_ShouldPostValidBlockKitAndLogWithoutTheWebhookUrl()
    {
        var function = Function(new SlackWebhookPoster(new HttpClient()));

        var answer = await function.HandleAsync(SnsEvent(await VerdictJsonAsync("posted")), CancellationToken.None);

        Assert.Equal("{\"delivered\":1,\"receipts\":0}", answer);
        var record = Assert.Single(_slack.Capture.Records);
        Assert.Equal(200, record.StatusCode);
        Assert.Contains("pkg:generic/unit/posted@1.0.0", File.ReadAllText(record.FilePath!), StringComparison.Ordinal);
        var posted = Assert.Single(FunctionLogLines.Parse(_logText.ToString()), l => l.GetProperty("message").GetString() == "posted to Slack");
        Assert.Equal("pkg:generic/unit/posted@1.0.0", posted.GetProperty("packageUrl").GetString());
        Assert.Equal("req-notify", posted.GetProperty("requestId").GetString());
        Assert.DoesNotContain(LoopbackSlack.SecretPart, _logText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_WhenSlackKeepsFailing_ShouldFailTheInvokeWithoutRevealingTheWebhookUrl()
    {
        _slack.Capture.RespondServerError(10);
        var function = Function(new SlackWebhookPoster(new HttpClient(), maxAttempts: 3, maxDelay: TimeSpan.FromMilliseconds(50)));

        var error = await Assert.ThrowsAsync<HttpRequestException>(async () =>
            await function.HandleAsync(SnsEvent(await VerdictJsonAsync("unlucky")), CancellationToken.None));

        Assert.Contains("500", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(LoopbackSlack.SecretPart, error.ToString(), StringComparison.Ordinal);
        Assert.Equal(3, _slack.Capture.Records.Count(r => r.StatusCode == 500));
    }

    [Fact]
    public async Task HandleAsync_WhenMessageIsNotAVerdict_ShouldSkipItWithAWarningAndPostNothing()
    {
        var function = Function(new SlackWebhookPoster(new HttpClient()));

        var answer = await function.HandleAsync(SnsEvent("{\"hello\":\"world\"}"), CancellationToken.None);

        Assert.Equal("{\"delivered\":0,\"receipts\":0}", answer);
        Assert.Empty(_slack.Capture.Records);
        var warning = Assert.Single(FunctionLogLines.Parse(_logText.ToString()));
        Assert.Equal("WARN", warning.GetProperty("level").GetString());
        Assert.Equal("sns-message-1", warning.GetProperty("messageId").GetString());
    }

    [Fact]
    public async Task HandleAsync_WhenSnsEventIsMalformed_ShouldFailNamingTheField()
    {
        var function = Function(new SlackWebhookPoster(new HttpClient()));

        var error = await Assert.ThrowsAsync<Governance.Functions.Review.MalformedEventException>(() =>
            function.HandleAsync("{\"Records\":[{\"EventSource\":\"aws:sns\"}]}", CancellationToken.None));

        Assert.Contains("$.Records[0].Sns", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_WhenTheVerdictsDecisionIsInTheLedger_ShouldRecordOneReceiptWithTheSnsMessageId()
    {
        using var reviewer = new ReviewerHarness();
        var id = reviewer.AddGeneric("receipted");
        await reviewer.Function.HandleAsync(ReviewerHarness.EventFor("receipted"), CancellationToken.None);
        var verdict = Assert.Single(reviewer.Publisher.Messages).DefaultJson;
        var function = new NotifyFunction(null, null, reviewer.Ledger, Core.Ports.SystemClock.Instance, new StructuredLog(_logText));

        var first = await function.HandleAsync(SnsEvent(verdict, "sns-first"), CancellationToken.None);
        var redelivered = await function.HandleAsync(SnsEvent(verdict, "sns-second"), CancellationToken.None);

        Assert.Equal("{\"delivered\":0,\"receipts\":1}", first);
        Assert.Equal("{\"delivered\":0,\"receipts\":0}", redelivered);
        var decision = await reviewer.Ledger.GetAsync(new Core.Ports.DecisionKey(Core.Packages.PackageIdentity.VersionKey(id), "rev-1"), CancellationToken.None);
        Assert.Equal("sns-first", decision?.ReceiptMessageId);
        Assert.Empty(_slack.Capture.Records);
    }

    [Fact]
    public async Task HandleAsync_WhenTheLedgerHasNoSuchDecision_ShouldWarnAndStillPostToSlack()
    {
        using var emptyLedger = new ReviewerHarness();
        var function = new NotifyFunction(_ => Task.FromResult(_slack.Webhook), new SlackWebhookPoster(new HttpClient()), emptyLedger.Ledger,
            Core.Ports.SystemClock.Instance, new StructuredLog(_logText));

        var answer = await function.HandleAsync(SnsEvent(await VerdictJsonAsync("orphan")), CancellationToken.None);

        Assert.Equal("{\"delivered\":1,\"receipts\":0}", answer);
        Assert.Single(_slack.Capture.Records);
        Assert.Contains(FunctionLogLines.Parse(_logText.ToString()), l => l.GetProperty("message").GetString()!.StartsWith("no decision in the ledger", StringComparison.Ordinal));
    }

    private NotifyFunction Function(SlackWebhookPoster poster) =>
        new(_ => Task.FromResult(_slack.Webhook), poster, null, Core.Ports.SystemClock.Instance, new StructuredLog(_logText) { RequestId = "req-notify" });

    /// <summary>A verdict document exactly as the review function publishes it (the SNS message's default).</summary>
    internal static async Task<string> VerdictJsonAsync(string name)
    {
        using var reviewer = new ReviewerHarness();
        reviewer.AddGeneric(name);
        await reviewer.Function.HandleAsync(ReviewerHarness.EventFor(name), CancellationToken.None);
        return Assert.Single(reviewer.Publisher.Messages).DefaultJson;
    }

    internal static string SnsEvent(string message, string messageId = "sns-message-1") => new JsonObject
    {
        ["Records"] = new JsonArray(new JsonObject
        {
            ["EventSource"] = "aws:sns",
            ["EventVersion"] = "1.0",
            ["EventSubscriptionArn"] = "arn:aws:sns:us-east-1:111122223333:governance-verdicts:sub",
            ["Sns"] = new JsonObject
            {
                ["Type"] = "Notification",
                ["MessageId"] = messageId,
                ["TopicArn"] = "arn:aws:sns:us-east-1:111122223333:governance-verdicts",
                ["Subject"] = "FAIL something",
                ["Message"] = message,
                ["Timestamp"] = "2026-11-25T12:00:00.000Z",
                ["MessageAttributes"] = new JsonObject { ["verdict"] = new JsonObject { ["Type"] = "String", ["Value"] = "pass" } },
            },
        }),
    }.ToJsonString();

    public async Task DisposeAsync()
    {
        await _slack.DisposeAsync();
        _logText.Dispose();
    }
}
