using Amazon.SQS;
using Amazon.SQS.Model;

namespace Governance.Aws.Queues;

/// <summary>
/// Shortens the wait of a record that failed retryably: sets the message's visibility timeout to the backoff of its
/// delivery count (<see cref="RetryBackoffSchedule"/>) with <c>ChangeMessageVisibility</c>, before the function
/// reports it as a batch item failure. SQS counts the new timeout from this call, so the next attempt comes after
/// the backoff instead of the queue's full visibility timeout.
/// </summary>
public sealed class SqsRetryBackoff(IAmazonSQS sqs, RetryBackoffSchedule schedule, Func<string, string?> environment)
{
    public static IReadOnlyList<AwsOperation> Operations { get; } =
    [
        new("ChangeMessageVisibility", ["sqs:ChangeMessageVisibility"], "Only on the review queue: the retry backoff of a failed record."),
    ];

    private readonly IAmazonSQS _sqs = sqs ?? throw new ArgumentNullException(nameof(sqs));
    private readonly Func<string, string?> _environment = environment ?? throw new ArgumentNullException(nameof(environment));

    public RetryBackoffSchedule Schedule { get; } = schedule ?? throw new ArgumentNullException(nameof(schedule));

    /// <param name="eventSourceArn">The record's <c>eventSourceARN</c>: the queue it was received from.</param>
    /// <param name="receiptHandle">The record's <c>receiptHandle</c> from this delivery.</param>
    /// <param name="receiveCount">The record's <c>ApproximateReceiveCount</c>.</param>
    /// <returns>The delay set. A failed call throws: the caller keeps the record failed, so the queue's own timeout applies.</returns>
    public async Task<TimeSpan> DelayRetryAsync(string eventSourceArn, string receiptHandle, int? receiveCount, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(receiptHandle);
        var delay = Schedule.DelayAfter(receiveCount);
        await _sqs.ChangeMessageVisibilityAsync(new ChangeMessageVisibilityRequest
        {
            QueueUrl = SqsQueueUrl.FromArn(eventSourceArn, _environment).ToString(),
            ReceiptHandle = receiptHandle,
            VisibilityTimeout = (int)delay.TotalSeconds,
        }, cancellationToken).ConfigureAwait(false);
        return delay;
    }
}
