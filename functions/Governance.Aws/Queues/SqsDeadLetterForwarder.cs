using Amazon.SQS;
using Amazon.SQS.Model;

namespace Governance.Aws.Queues;

/// <summary>
/// Moves a message that can never be processed (a malformed event) straight to the dead-letter queue, with the
/// reason as a message attribute, so it is kept for a person to read without first being redelivered
/// <c>maxReceiveCount</c> times.
/// </summary>
public sealed class SqsDeadLetterForwarder(IAmazonSQS sqs, string queueUrl)
{
    public const string ReasonAttribute = "GovernanceRejectReason";
    public const string SourceMessageIdAttribute = "GovernanceSourceMessageId";

    public static IReadOnlyList<AwsOperation> Operations { get; } =
    [
        new("SendMessage", ["sqs:SendMessage"], "Only to the review dead-letter queue (SSE-SQS: no KMS permission needed)."),
    ];

    public string QueueUrl { get; } = string.IsNullOrEmpty(queueUrl)
        ? throw new ArgumentException("the dead-letter queue URL is required", nameof(queueUrl))
        : queueUrl;

    /// <returns>The dead-letter message id.</returns>
    public async Task<string> ForwardAsync(string body, string reason, string sourceMessageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(reason);
        var response = await sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = QueueUrl,
            // An empty body cannot be sent; keep the reason readable in the console instead.
            MessageBody = body.Length == 0 ? "(empty message body)" : body,
            MessageAttributes = new Dictionary<string, MessageAttributeValue>(StringComparer.Ordinal)
            {
                [ReasonAttribute] = new() { DataType = "String", StringValue = reason.Length <= 1000 ? reason : reason[..1000] },
                [SourceMessageIdAttribute] = new() { DataType = "String", StringValue = sourceMessageId },
            },
        }, cancellationToken).ConfigureAwait(false);
        return response.MessageId;
    }
}
