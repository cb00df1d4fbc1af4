using System.Text.Json;
using System.Text.Json.Nodes;
using Governance.Aws.Queues;
using Governance.Core.Policy;
using Governance.Core.Ports;
using Governance.Core.Workflow;
using Governance.Functions.Observability;
using Governance.Functions.Review;
using Governance.Functions.Tests.Support;

namespace Governance.Functions.Tests.Review;

/// <summary>
/// A record that failed retryably is given the backoff of its delivery count on its own queue before it is reported
/// failed, and a backoff that cannot be set never loses the record. The queue is an edge here (recorded, as the
/// dead-letter queue is in <see cref="ReviewerHarness"/>); what SQS does with the call is tested against moto_server
/// in Governance.Aws.Tests/Queues/SqsRetryBackoffTests.
/// </summary>
public sealed class RetryBackoffTests : IDisposable
{
    private const string QueueArn = "arn:aws:sqs:us-east-1:111122223333:governance-review";

    private readonly ReviewerHarness _harness = new();
    private readonly StringWriter _log = new();
    private readonly StringWriter _metrics = new();
    private readonly List<(string QueueArn, string ReceiptHandle, int? ReceiveCount)> _calls = [];

    public void Dispose()
    {
        _harness.Dispose();
        _log.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public async Task HandleAsync_WhenARecordFailsOnSuccessiveDeliveries_ShouldBackItOffLongerEachTimeOnItsOwnQueue()
    {
        _harness.AddGeneric("flaky");
        _harness.Source.FailingNames.Add("flaky");
        var function = FunctionWith(RecordingSchedule(RetryBackoffSchedule.Default));

        var answers = new List<string>();
        foreach (var delivery in new[] { 1, 2, 3 })
        {
            answers.Add(await function.HandleAsync(Batch(("msg-flaky", ReviewerHarness.EventFor("flaky"), delivery)), CancellationToken.None));
        }

        Assert.All(answers, answer => Assert.Equal(["msg-flaky"], BatchItemFailures(answer)));
        Assert.Equal(
            [(QueueArn, "handle-msg-flaky-1", 1), (QueueArn, "handle-msg-flaky-2", 2), (QueueArn, "handle-msg-flaky-3", (int?)3)],
            _calls);
        var backedOff = LogLines().Where(l => l.GetProperty("message").GetString() == "retry backed off").ToList();
        Assert.Equal([30.0, 60.0, 120.0], backedOff.Select(l => l.GetProperty("retryInSeconds").GetDouble()));
        Assert.Empty(_harness.Publisher.Messages);
    }

    [Fact]
    public async Task HandleAsync_WhenOnlyOneRecordOfTheBatchFails_ShouldBackOffOnlyThatOne()
    {
        _harness.AddGeneric("steady");
        _harness.AddGeneric("flaky");
        _harness.Source.FailingNames.Add("flaky");
        var malformed = JsonNode.Parse(ReviewerHarness.EventFor("bad"))!.AsObject();
        malformed["detail"]!.AsObject().Remove("packageName");
        var function = FunctionWith(RecordingSchedule(RetryBackoffSchedule.Default));

        var answer = await function.HandleAsync(
            Batch(("msg-steady", ReviewerHarness.EventFor("steady"), 1), ("msg-bad", malformed.ToJsonString(), 1), ("msg-flaky", ReviewerHarness.EventFor("flaky"), 4)),
            CancellationToken.None);

        Assert.Equal(["msg-flaky"], BatchItemFailures(answer));
        Assert.Equal([(QueueArn, "handle-msg-flaky-4", (int?)4)], _calls);
        Assert.Single(_harness.Publisher.Messages);
    }

    [Fact]
    public async Task HandleAsync_WhenTheBackoffCannotBeSet_ShouldStillReportTheRecordFailedForTheQueuesOwnTimeout()
    {
        _harness.AddGeneric("flaky");
        _harness.Source.FailingNames.Add("flaky");
        var function = FunctionWith((_, _, _, _) => throw new HttpRequestException("sqs.us-east-1.amazonaws.com unreachable (test fault)"));

        var answer = await function.HandleAsync(Batch(("msg-flaky", ReviewerHarness.EventFor("flaky"), 2)), CancellationToken.None);

        Assert.Equal(["msg-flaky"], BatchItemFailures(answer));
        var warning = Assert.Single(LogLines(), l => l.GetProperty("message").GetString() == "retry backoff not set; the queue's visibility timeout applies");
        Assert.Equal("msg-flaky", warning.GetProperty("messageId").GetString());
        Assert.Contains("unreachable", warning.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_WhenTheRecordNamesNoQueue_ShouldReportItFailedWithoutABackoff()
    {
        _harness.AddGeneric("flaky");
        _harness.Source.FailingNames.Add("flaky");
        var function = FunctionWith(RecordingSchedule(RetryBackoffSchedule.Default));
        var batch = JsonNode.Parse(Batch(("msg-flaky", ReviewerHarness.EventFor("flaky"), 1)))!;
        batch["Records"]![0]!.AsObject().Remove("eventSourceARN");

        var answer = await function.HandleAsync(batch.ToJsonString(), CancellationToken.None);

        Assert.Equal(["msg-flaky"], BatchItemFailures(answer));
        Assert.Empty(_calls);
        Assert.Contains(LogLines(), l => l.GetProperty("message").GetString()!.StartsWith("retry backoff not set: the record names no receipt handle or queue", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HandleAsync_WhenAnotherRecordsBodyCannotBeReadAsText_ShouldStillBackOffTheFailedOne()
    {
        // A lone surrogate escape: JSON, but no .NET string. It must not take the envelopes of the batch down with it.
        _harness.AddGeneric("flaky");
        _harness.Source.FailingNames.Add("flaky");
        var function = FunctionWith(RecordingSchedule(RetryBackoffSchedule.Default));
        var batch = Batch(("msg-hostile", "PLACEHOLDER", 1), ("msg-flaky", ReviewerHarness.EventFor("flaky"), 2))
            .Replace("\"PLACEHOLDER\"", "\"{\\ud800}\"", StringComparison.Ordinal);

        var answer = await function.HandleAsync(batch, CancellationToken.None);

        Assert.Equal(["msg-flaky"], BatchItemFailures(answer));
        Assert.Equal([(QueueArn, "handle-msg-flaky-2", (int?)2)], _calls);
    }

    private RetryDelay RecordingSchedule(RetryBackoffSchedule schedule) => (queueArn, receiptHandle, receiveCount, _) =>
    {
        _calls.Add((queueArn, receiptHandle, receiveCount));
        return Task.FromResult(schedule.DelayAfter(receiveCount));
    };

    private ReviewFunction FunctionWith(RetryDelay retryDelay) => new(
        new VersionReviewer(_harness.Source, _harness.Ledger, _harness.Publisher, DefaultPolicy.Policy, SystemClock.Instance,
            new ReviewerOptions { Holder = "unit", Lease = TimeSpan.FromSeconds(30) }),
        new StructuredLog(_log),
        new EmbeddedMetrics(_metrics, "governance-review"),
        (_, _, messageId, _) => Task.FromResult("dlq-" + messageId),
        retryDelay);

    private IReadOnlyList<JsonElement> LogLines() => FunctionLogLines.Parse(_log.ToString());

    private static List<string> BatchItemFailures(string answer)
    {
        using var document = JsonDocument.Parse(answer);
        return document.RootElement.GetProperty("batchItemFailures").EnumerateArray()
            .Select(f => f.GetProperty("itemIdentifier").GetString()!).ToList();
    }

    /// <summary>An SQS batch as the event source mapping delivers it; each receipt handle names its delivery.</summary>
    private static string Batch(params (string MessageId, string Body, int ReceiveCount)[] records) => new JsonObject
    {
        ["Records"] = new JsonArray([.. records.Select(r => (JsonNode)new JsonObject
        {
            ["messageId"] = r.MessageId,
            ["receiptHandle"] = $"handle-{r.MessageId}-{r.ReceiveCount}",
            ["body"] = r.Body,
            ["attributes"] = new JsonObject { ["ApproximateReceiveCount"] = r.ReceiveCount.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["eventSource"] = "aws:sqs",
            ["eventSourceARN"] = QueueArn,
            ["awsRegion"] = "us-east-1",
        })]),
    }.ToJsonString();
}
