using System.Diagnostics;
using Amazon.SQS;
using Amazon.SQS.Model;
using Governance.Aws.Queues;
using Governance.Aws.Tests.Support;

namespace Governance.Aws.Tests.Queues;

/// <summary>
/// The retry backoff of a failed record, against SQS as moto_server implements it: the message comes back after the
/// backoff of its delivery count, not after the queue's visibility timeout (here 5,400 s, as deployed), and the
/// backoff grows with each delivery.
/// </summary>
[Collection(MotoServerGroup.Name)]
public sealed class SqsRetryBackoffTests(MotoServerFixture moto) : IDisposable
{
    // Seconds, not the deployed 30 s, so the test waits for real without taking minutes; the doubling is the same.
    private static readonly RetryBackoffSchedule Fast = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4));

    private readonly AmazonSQSClient _sqs = new(TestEnvironment.Credentials, new AmazonSQSConfig().AtLoopback(moto.Endpoint));

    public void Dispose() => _sqs.Dispose();

    private Func<string, string?> MotoEnvironment => name => name == "AWS_ENDPOINT_URL_SQS" ? moto.Endpoint.ToString() : null;

    [Fact]
    public async Task DelayRetry_WhenARecordFailsTwice_ShouldBringItBackAfterEachBackoffAndNotTheQueueTimeout()
    {
        var (queueUrl, queueArn) = await CreateReviewQueueAsync();
        await _sqs.SendMessageAsync(queueUrl, "{\"detail-type\":\"CodeArtifact Package Version State Change\"}");
        var backoff = new SqsRetryBackoff(_sqs, Fast, MotoEnvironment);

        var first = await ReceiveAsync(queueUrl, TimeSpan.FromSeconds(5));
        Assert.Equal("1", first.Attributes["ApproximateReceiveCount"]);
        var firstDelay = await backoff.DelayRetryAsync(queueArn, first.ReceiptHandle, 1, CancellationToken.None);
        var firstWait = await TimeUntilVisibleAsync(queueUrl, TimeSpan.FromSeconds(20));

        var second = firstWait.Message;
        Assert.Equal("2", second.Attributes["ApproximateReceiveCount"]);
        var secondDelay = await backoff.DelayRetryAsync(queueArn, second.ReceiptHandle, 2, CancellationToken.None);
        var secondWait = await TimeUntilVisibleAsync(queueUrl, TimeSpan.FromSeconds(20));

        Assert.Equal(TimeSpan.FromSeconds(1), firstDelay);
        Assert.Equal(TimeSpan.FromSeconds(2), secondDelay);
        // Invisible for the backoff (moto counts whole seconds; allow it a quarter second of rounding) ...
        Assert.True(firstWait.Elapsed >= TimeSpan.FromSeconds(0.75), $"visible again after {firstWait.Elapsed}, before the 1 s backoff");
        Assert.True(secondWait.Elapsed >= TimeSpan.FromSeconds(1.75), $"visible again after {secondWait.Elapsed}, before the 2 s backoff");
        // ... then back long before the 5,400 s visibility timeout, and later for the later delivery.
        Assert.True(firstWait.Elapsed < TimeSpan.FromSeconds(10), $"the first retry took {firstWait.Elapsed}");
        Assert.True(secondWait.Elapsed < TimeSpan.FromSeconds(10), $"the second retry took {secondWait.Elapsed}");
        Assert.True(secondWait.Elapsed > firstWait.Elapsed, $"second wait {secondWait.Elapsed} is not longer than the first {firstWait.Elapsed}");
        Assert.Equal("3", secondWait.Message.Attributes["ApproximateReceiveCount"]);
    }

    [Fact]
    public async Task DelayRetry_WhenNothingShortensTheWait_ShouldLeaveTheMessageHiddenForTheQueueTimeout()
    {
        // The contrast that makes the test above mean something: without the call the message stays away.
        var (queueUrl, _) = await CreateReviewQueueAsync();
        await _sqs.SendMessageAsync(queueUrl, "{}");
        await ReceiveAsync(queueUrl, TimeSpan.FromSeconds(5));

        await Task.Delay(TimeSpan.FromSeconds(2.5));

        var again = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 0 });
        Assert.Empty(again.Messages ?? []);
    }

    [Fact]
    public async Task DelayRetry_WhenTheReceiptHandleIsNotTheQueues_ShouldThrowSoTheCallerKeepsTheRecordFailed()
    {
        var (_, queueArn) = await CreateReviewQueueAsync();
        var backoff = new SqsRetryBackoff(_sqs, Fast, MotoEnvironment);

        await Assert.ThrowsAnyAsync<AmazonSQSException>(
            () => backoff.DelayRetryAsync(queueArn, "not-a-receipt-handle", 1, CancellationToken.None));
    }

    [Theory]
    [InlineData(null, 30)]
    [InlineData(0, 30)]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(4, 240)]
    [InlineData(5, 480)]
    [InlineData(6, 900)]
    [InlineData(int.MaxValue, 900)]
    public void DelayAfter_WhenTheDeployedScheduleIsAsked_ShouldDoubleFromThirtySecondsUpToFifteenMinutes(int? receiveCount, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryBackoffSchedule.Default.DelayAfter(receiveCount));

    [Fact]
    public void TotalFor_WhenEveryDeliveryFails_ShouldAddTheBackoffsOfAllAttempts() =>
        Assert.Equal(TimeSpan.FromSeconds(30 + 60 + 120 + 240 + 480), RetryBackoffSchedule.Default.TotalFor(5));

    [Theory]
    [InlineData(0.5, 10)]
    [InlineData(0, 10)]
    [InlineData(10, 5)]
    [InlineData(10, 50_000)]
    public void Constructor_WhenTheScheduleCannotBeSetOnSqs_ShouldRefuseIt(double firstSeconds, int capSeconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryBackoffSchedule(TimeSpan.FromSeconds(firstSeconds), TimeSpan.FromSeconds(capSeconds)));

    [Theory]
    [InlineData("arn:aws:sqs:eu-north-1:123456789012:review", "https://sqs.eu-north-1.amazonaws.com/123456789012/review")]
    [InlineData("arn:aws-cn:sqs:cn-north-1:123456789012:review", "https://sqs.cn-north-1.amazonaws.com.cn/123456789012/review")]
    [InlineData("arn:aws-us-gov:sqs:us-gov-west-1:123456789012:q.fifo", "https://sqs.us-gov-west-1.amazonaws.com/123456789012/q.fifo")]
    public void FromArn_WhenNoEndpointIsConfigured_ShouldNameThePartitionsEndpoint(string arn, string url) =>
        Assert.Equal(new Uri(url), SqsQueueUrl.FromArn(arn, _ => null));

    [Fact]
    public void FromArn_WhenEndpointsAreConfigured_ShouldPreferTheSqsOneAsTheSdkDoes()
    {
        var both = new Dictionary<string, string> { ["AWS_ENDPOINT_URL_SQS"] = "http://127.0.0.1:4566/", ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9999" };
        var general = new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9999" };
        var ignored = new Dictionary<string, string>(both) { ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true" };
        const string arn = "arn:aws:sqs:eu-north-1:123456789012:review";

        Assert.Equal(new Uri("http://127.0.0.1:4566/123456789012/review"), SqsQueueUrl.FromArn(arn, both.GetValueOrDefault));
        Assert.Equal(new Uri("http://127.0.0.1:9999/123456789012/review"), SqsQueueUrl.FromArn(arn, general.GetValueOrDefault));
        Assert.Equal(new Uri("https://sqs.eu-north-1.amazonaws.com/123456789012/review"), SqsQueueUrl.FromArn(arn, ignored.GetValueOrDefault));
    }

    [Theory]
    [InlineData("")]
    [InlineData("arn:aws:sns:eu-north-1:123456789012:topic")]
    [InlineData("arn:aws:sqs:eu-north-1:1234:review")]
    [InlineData("arn:aws:sqs:eu-north-1:123456789012:")]
    [InlineData("arn:aws:sqs:eu-north-1:123456789012:../other")]
    [InlineData("arn:aws:sqs:eu-north-1:123456789012:review:extra")]
    public void FromArn_WhenTheArnIsNotAQueues_ShouldRefuseItNamingTheShape(string arn)
    {
        var error = Assert.Throws<ArgumentException>(() => SqsQueueUrl.FromArn(arn, _ => null));
        Assert.Contains("arn:PARTITION:sqs:REGION:ACCOUNT:NAME", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A queue shaped like the deployed review queue: a 5,400 s visibility timeout.</summary>
    private async Task<(string Url, string Arn)> CreateReviewQueueAsync()
    {
        var url = (await _sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = "review-" + Guid.NewGuid().ToString("N")[..8],
            Attributes = new Dictionary<string, string> { ["VisibilityTimeout"] = "5400" },
        })).QueueUrl;
        var attributes = await _sqs.GetQueueAttributesAsync(url, ["QueueArn"]);
        return (url, attributes.QueueARN);
    }

    private async Task<Message> ReceiveAsync(string queueUrl, TimeSpan within)
    {
        var found = await TimeUntilVisibleAsync(queueUrl, within);
        return found.Message;
    }

    /// <summary>Polls every 100 ms (as a consumer with no long poll would) until a message is received.</summary>
    private async Task<(Message Message, TimeSpan Elapsed)> TimeUntilVisibleAsync(string queueUrl, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < within)
        {
            var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queueUrl,
                WaitTimeSeconds = 0,
                MessageSystemAttributeNames = ["ApproximateReceiveCount"],
            });
            if (received.Messages is [var message, ..])
            {
                return (message, clock.Elapsed);
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no message became visible in {queueUrl} within {within}");
    }
}
