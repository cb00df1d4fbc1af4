using Amazon.SQS;
using Amazon.SQS.Model;
using Governance.Aws.Queues;
using Governance.Aws.Tests.Support;

namespace Governance.Aws.Tests.Queues;

/// <summary>Malformed events moved to the dead-letter queue, against SQS as moto_server implements it.</summary>
[Collection(MotoServerGroup.Name)]
public sealed class SqsDeadLetterForwarderTests(MotoServerFixture moto) : IDisposable
{
    private readonly AmazonSQSClient _sqs = new(TestEnvironment.Credentials, new AmazonSQSConfig().AtLoopback(moto.Endpoint));

    public void Dispose() => _sqs.Dispose();

    [Fact]
    public async Task Forward_WhenAnEventIsMalformed_ShouldKeepTheBodyAndTheReasonInTheQueue()
    {
        var queueUrl = (await _sqs.CreateQueueAsync("review-dlq-" + Guid.NewGuid().ToString("N")[..8])).QueueUrl;
        var forwarder = new SqsDeadLetterForwarder(_sqs, queueUrl);

        var id = await forwarder.ForwardAsync("{\"detail-type\":\"x\"}", "$.detail: the field is missing", "msg-1", CancellationToken.None);

        var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            MessageAttributeNames = ["All"],
            WaitTimeSeconds = 1,
        });
        var message = Assert.Single(received.Messages);
        Assert.Equal(id, message.MessageId);
        Assert.Equal("{\"detail-type\":\"x\"}", message.Body);
        Assert.Equal("$.detail: the field is missing", message.MessageAttributes[SqsDeadLetterForwarder.ReasonAttribute].StringValue);
        Assert.Equal("msg-1", message.MessageAttributes[SqsDeadLetterForwarder.SourceMessageIdAttribute].StringValue);
    }

    [Fact]
    public void Constructor_WhenTheQueueUrlIsEmpty_ShouldSaySoAndNameTheFix()
    {
        var error = Assert.Throws<ArgumentException>(() => new SqsDeadLetterForwarder(_sqs, ""));
        Assert.Contains("dead-letter queue URL is required", error.Message, StringComparison.Ordinal);
    }
}
