using Governance.Local.Sns;
using Governance.Local.Tests.Support;
using Governance.TestSupport;

namespace Governance.Local.Tests.Sns;

/// <summary>
/// SNS keeps an accepted message until it is delivered: a stack killed after Publish answered and before the Lambda
/// subscriber got the message delivers it after its restart on the same data (found by the chaos run's stack kills:
/// the notify function's Slack posts were lost).
/// </summary>
public sealed class SnsPendingDeliveryTests
{
    [Fact]
    public async Task Restart_WhenADeliveryHadNotFinished_ShouldDeliverItOnce()
    {
        using var directory = new TempFolder();
        var stuck = new HangingInvoker();
        // The first run is abandoned, not disposed, until the end: it stands for a process killed mid-delivery
        // (disposing it would delete the shared data folder).
        var first = await SnsTestHost.StartAsync(stuck, directory);
        try
        {
            var results = await first.Boto3Async("""
                [
                  {"op": "create_topic", "args": {"Name": "verdicts"}},
                  {"op": "subscribe", "args": {"TopicArn": "$0.TopicArn", "Protocol": "lambda",
                     "Endpoint": "arn:aws:lambda:eu-north-1:123456789012:function:governance-notify"}},
                  {"op": "publish", "args": {"TopicArn": "$0.TopicArn", "Message": "{\"verdict\":\"pass\"}"}}
                ]
                """);
            var messageId = results[2].GetProperty("result").GetProperty("MessageId").GetString()!;
            Assert.True(await stuck.Reached.WaitAsync(TimeSpan.FromSeconds(30)), "the first run never started the delivery");

            var recording = new RecordingInvoker();
            var second = await SnsTestHost.StartAsync(recording, directory);
            Assert.Equal(1, second.Endpoint.ResumeUnfinishedDeliveries());
            await second.WhenIdleAsync();

            var payload = Assert.Single(recording.Payloads);
            Assert.Contains(messageId, payload, StringComparison.Ordinal);
            Assert.Equal(0, second.Endpoint.ResumeUnfinishedDeliveries());
        }
        finally
        {
            await first.DisposeAsync();
        }
    }

    private sealed class HangingInvoker : ILambdaInvoker
    {
        public SemaphoreSlim Reached { get; } = new(0);

        public Task InvokeAsync(string functionArnOrName, string payload, CancellationToken cancellationToken)
        {
            Reached.Release();
            return new TaskCompletionSource().Task; // never completes, as in a process killed mid-delivery
        }
    }

    private sealed class RecordingInvoker : ILambdaInvoker
    {
        public List<string> Payloads { get; } = [];

        public Task InvokeAsync(string functionArnOrName, string payload, CancellationToken cancellationToken)
        {
            lock (Payloads)
            {
                Payloads.Add(payload);
            }

            return Task.CompletedTask;
        }
    }
}
