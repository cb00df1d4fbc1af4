using System.Text.Json;
using System.Text.Json.Nodes;
using Governance.Functions.Review;
using Governance.Functions.Tests.Support;

namespace Governance.Functions.Tests.Review;

public sealed class ReviewFunctionTests : IDisposable
{
    private readonly ReviewerHarness _harness = new();

    [Fact]
    public async Task HandleAsync_WhenSqsBatchHoldsMalformedAndGoodRecord_ShouldDeadLetterMalformedWithReasonAndReviewGood()
    {
        _harness.AddGeneric("good-one");
        var malformed = JsonNode.Parse(ReviewerHarness.EventFor("bad-one"))!.AsObject();
        malformed["detail"]!.AsObject().Remove("packageName");
        var batch = SqsBatch(("msg-bad", malformed.ToJsonString()), ("msg-good", ReviewerHarness.EventFor("good-one")));

        var response = await _harness.Function.HandleAsync(batch, CancellationToken.None);

        using var document = JsonDocument.Parse(response);
        Assert.Equal(0, document.RootElement.GetProperty("batchItemFailures").GetArrayLength());
        var rejected = Assert.Single(_harness.LogLines, l => l.GetProperty("message").GetString() == "malformed event moved to the dead-letter queue");
        Assert.Equal("msg-bad", rejected.GetProperty("messageId").GetString());
        Assert.Contains("$.detail.packageName", rejected.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var deadLetter = Assert.Single(_harness.DeadLetters);
        Assert.Equal("msg-bad", deadLetter.MessageId);
        Assert.Equal(malformed.ToJsonString(), deadLetter.Body);
        Assert.Contains("$.detail.packageName", deadLetter.Reason, StringComparison.Ordinal);
        var message = Assert.Single(_harness.Publisher.Messages);
        Assert.Contains("good-one", message.Subject, StringComparison.Ordinal);
        var reviewed = Assert.Single(_harness.LogLines, l => l.GetProperty("message").GetString() == "review finished");
        Assert.Equal("Pass", reviewed.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task HandleAsync_WhenNoDeadLetterQueueIsConfigured_ShouldReturnTheMalformedRecordForTheQueuesRedrive()
    {
        var malformed = JsonNode.Parse(ReviewerHarness.EventFor("bad-two"))!.AsObject();
        malformed["detail"]!.AsObject().Remove("packageVersion");
        var batch = SqsBatch(("msg-bad", malformed.ToJsonString()));

        var response = await _harness.FunctionWithoutDeadLetterQueue.HandleAsync(batch, CancellationToken.None);

        using var document = JsonDocument.Parse(response);
        var failure = Assert.Single(document.RootElement.GetProperty("batchItemFailures").EnumerateArray());
        Assert.Equal("msg-bad", failure.GetProperty("itemIdentifier").GetString());
        Assert.Empty(_harness.DeadLetters);
        Assert.Contains(_harness.LogLines, l => l.GetProperty("message").GetString()!.StartsWith("malformed event returned to the queue", StringComparison.Ordinal)
            && l.GetProperty("reason").GetString()!.Contains("$.detail.packageVersion", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HandleAsync_WhenSqsRecordHitsTransientFault_ShouldListOnlyThatRecordInBatchItemFailures()
    {
        _harness.AddGeneric("steady");
        _harness.AddGeneric("flaky");
        _harness.Source.FailingNames.Add("flaky");
        var batch = SqsBatch(("msg-steady", ReviewerHarness.EventFor("steady")), ("msg-flaky", ReviewerHarness.EventFor("flaky")));

        var response = await _harness.Function.HandleAsync(batch, CancellationToken.None);

        using var document = JsonDocument.Parse(response);
        var failure = Assert.Single(document.RootElement.GetProperty("batchItemFailures").EnumerateArray());
        Assert.Equal("msg-flaky", failure.GetProperty("itemIdentifier").GetString());
        Assert.Single(_harness.Publisher.Messages);
        Assert.Contains(_harness.LogLines, l => l.GetProperty("message").GetString() == "review will be retried"
            && l.GetProperty("messageId").GetString() == "msg-flaky");
    }

    [Fact]
    public async Task HandleAsync_WhenSqsRecordNamesVanishedVersion_ShouldAcknowledgeItAsGone()
    {
        var batch = SqsBatch(("msg-gone", ReviewerHarness.EventFor("never-published")));

        var response = await _harness.Function.HandleAsync(batch, CancellationToken.None);

        using var document = JsonDocument.Parse(response);
        Assert.Equal(0, document.RootElement.GetProperty("batchItemFailures").GetArrayLength());
        Assert.Contains(_harness.LogLines, l => l.GetProperty("message").GetString() == "review finished" && l.GetProperty("outcome").GetString() == "Gone");
        Assert.Empty(_harness.Publisher.Messages);
    }

    [Fact]
    public async Task HandleAsync_WhenDirectEventIsMalformed_ShouldFailTheInvokeNamingTheField()
    {
        var malformed = JsonNode.Parse(ReviewerHarness.EventFor("bad-direct"))!.AsObject();
        malformed["detail"]!["packageVersionState"] = "Exploded";

        var error = await Assert.ThrowsAsync<MalformedEventException>(() => _harness.Function.HandleAsync(malformed.ToJsonString(), CancellationToken.None));

        Assert.StartsWith("$.detail.packageVersionState", error.Message, StringComparison.Ordinal);
        var logged = Assert.Single(_harness.LogLines, l => l.GetProperty("message").GetString() == "malformed event rejected");
        Assert.Equal("ERROR", logged.GetProperty("level").GetString());
        Assert.StartsWith("$.detail.packageVersionState", logged.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_WhenDirectEventIsDuplicated_ShouldDecideOnceAndAnswerDuplicateTheSecondTime()
    {
        _harness.AddGeneric("twice");
        var evt = ReviewerHarness.EventFor("twice");

        var first = JsonDocument.Parse(await _harness.Function.HandleAsync(evt, CancellationToken.None)).RootElement;
        var second = JsonDocument.Parse(await _harness.Function.HandleAsync(evt, CancellationToken.None)).RootElement;

        Assert.Equal("Decided", first.GetProperty("outcome").GetString());
        Assert.Equal("Duplicate", second.GetProperty("outcome").GetString());
        Assert.Equal(first.GetProperty("notificationMessageId").GetString(), second.GetProperty("notificationMessageId").GetString());
        Assert.Single(_harness.Publisher.Messages);
    }

    [Fact]
    public async Task HandleAsync_WhenAssetsAreAddedToAPublishedVersion_ShouldReviewTheNewRevisionAgain()
    {
        var id = _harness.AddGeneric("grows");
        var evt = ReviewerHarness.EventFor("grows");
        var first = JsonDocument.Parse(await _harness.Function.HandleAsync(evt, CancellationToken.None)).RootElement;

        _harness.Source.AddAsset(id, "extra.bin", "added after the first review"u8.ToArray());
        var second = JsonDocument.Parse(await _harness.Function.HandleAsync(evt, CancellationToken.None)).RootElement;

        Assert.Equal("Decided", first.GetProperty("outcome").GetString());
        Assert.Equal("Decided", second.GetProperty("outcome").GetString());
        Assert.NotEqual(first.GetProperty("revision").GetString(), second.GetProperty("revision").GetString());
        Assert.Equal(2, _harness.Publisher.Messages.Count);
        Assert.True(second.GetProperty("bytesVerified").GetInt64() > first.GetProperty("bytesVerified").GetInt64(), "the second review must read the added asset too");
    }

    [Fact]
    public async Task HandleAsync_WhenReviewFinishes_ShouldWriteStructuredLogLinesWithRequestIdPackageUrlAndVerdict()
    {
        _harness.AddGeneric("logged");
        _harness.Log.RequestId = "req-123";

        await _harness.Function.HandleAsync(ReviewerHarness.EventFor("logged"), CancellationToken.None);

        var lines = _harness.LogText.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            using var parsed = JsonDocument.Parse(line);
            Assert.Equal("req-123", parsed.RootElement.GetProperty("requestId").GetString());
            Assert.True(parsed.RootElement.TryGetProperty("timestamp", out _));
            Assert.True(parsed.RootElement.TryGetProperty("level", out _));
        }

        var finished = Assert.Single(_harness.LogLines, l => l.GetProperty("message").GetString() == "review finished");
        Assert.Equal("pkg:generic/unit/logged@1.0.0", finished.GetProperty("packageUrl").GetString());
        Assert.Equal("Pass", finished.GetProperty("verdict").GetString());
        Assert.Equal("rev-1", finished.GetProperty("revision").GetString());
        using var metric = JsonDocument.Parse(_harness.MetricText.ToString().Trim());
        Assert.Equal("CodeArtifactGovernance", metric.RootElement.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Namespace").GetString());
        Assert.Equal(1, metric.RootElement.GetProperty("Reviews").GetInt32());
    }

    private static string SqsBatch(params (string MessageId, string Body)[] records)
    {
        var array = new JsonArray();
        foreach (var (id, body) in records)
        {
            array.Add(new JsonObject
            {
                ["messageId"] = id,
                ["receiptHandle"] = "handle-" + id,
                ["body"] = body,
                ["attributes"] = new JsonObject { ["ApproximateReceiveCount"] = "1" },
                ["eventSource"] = "aws:sqs",
                ["eventSourceARN"] = "arn:aws:sqs:us-east-1:111122223333:governance-review",
                ["awsRegion"] = "us-east-1",
            });
        }

        return new JsonObject { ["Records"] = array }.ToJsonString();
    }

    public void Dispose() => _harness.Dispose();
}
