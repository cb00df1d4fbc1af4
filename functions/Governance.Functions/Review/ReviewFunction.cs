using System.Diagnostics;
using System.Text.Json;
using Governance.Core.Events;
using Governance.Core.Workflow;
using Governance.Functions.Observability;

namespace Governance.Functions.Review;

/// <summary>
/// The review function's handler. Input is either one EventBridge event (rule → Lambda) or an SQS batch of them
/// (rule → queue → Lambda, the deployed path). For a batch it answers <c>batchItemFailures</c> with only the records
/// that hit a retryable fault; malformed events and permanent conditions are logged with their reason and
/// acknowledged, so they never loop (a malformed event directly invoked fails the invoke instead, which sends it to
/// the asynchronous invoke's dead-letter destination with the reason). A record that failed retryably is first given
/// a backoff (its visibility shortened to the delay of its delivery count), so its retry comes in seconds or minutes,
/// not after the queue's visibility timeout.
/// </summary>
public sealed class ReviewFunction
{
    private readonly VersionReviewer _reviewer;
    private readonly StructuredLog _log;
    private readonly EmbeddedMetrics _metrics;
    private readonly MalformedEventSink? _deadLetter;
    private readonly RetryDelay? _retryDelay;

    /// <param name="deadLetter">
    /// Where a malformed SQS record goes, with its reason (the review dead-letter queue). Without one, a malformed
    /// record is reported as a batch item failure so the queue's own redrive moves it to the dead-letter queue.
    /// </param>
    /// <param name="retryDelay">
    /// Sets a failed record's retry backoff on its queue. Without one (or when it fails) the record waits the queue's
    /// visibility timeout before its retry.
    /// </param>
    public ReviewFunction(
        VersionReviewer reviewer, StructuredLog log, EmbeddedMetrics metrics, MalformedEventSink? deadLetter = null, RetryDelay? retryDelay = null)
    {
        _reviewer = reviewer;
        _log = log;
        _metrics = metrics;
        _deadLetter = deadLetter;
        _retryDelay = retryDelay;
    }

    public async Task<string> HandleAsync(string input, CancellationToken cancellationToken)
    {
        if (IsSqsBatch(input))
        {
            return await HandleBatchAsync(input, cancellationToken).ConfigureAwait(false);
        }

        var parsed = CodeArtifactEventParser.Parse(input);
        if (parsed.Event is null)
        {
            _log.Error("malformed event rejected", ("reason", parsed.Error!.ToString()));
            throw new MalformedEventException(parsed.Error!.ToString());
        }

        // A retryable fault of a direct invoke propagates: Lambda's asynchronous retries and its DLQ take over.
        var outcome = await ReviewOneAsync(parsed.Event, cancellationToken).ConfigureAwait(false);
        return ResponseDocuments.ForOutcome(outcome);
    }

    private async Task<string> HandleBatchAsync(string input, CancellationToken cancellationToken)
    {
        var batch = SqsBatchParser.Parse(input);
        if (batch.Error is not null)
        {
            _log.Error("malformed SQS batch rejected", ("reason", batch.Error.ToString()));
            throw new MalformedEventException(batch.Error.ToString());
        }

        var failures = new List<string>();
        var envelopes = SqsRecordEnvelope.ReadAll(input);
        foreach (var record in batch.Records)
        {
            if (record.Result.Event is null)
            {
                var reason = record.Result.Error?.ToString() ?? "the record is not a CodeArtifact package version event";
                if (_deadLetter is null)
                {
                    _log.Error("malformed event returned to the queue for its redrive to the dead-letter queue",
                        ("messageId", record.MessageId), ("reason", reason));
                    failures.Add(record.MessageId);
                    continue;
                }

                // Straight to the dead-letter queue with the reason: redelivery could never make it valid.
                var body = envelopes.TryGetValue(record.MessageId, out var envelope) ? envelope.Body : string.Empty;
                var deadLetterId = await _deadLetter(body, reason, record.MessageId, cancellationToken).ConfigureAwait(false);
                _log.Error("malformed event moved to the dead-letter queue",
                    ("messageId", record.MessageId), ("deadLetterMessageId", deadLetterId), ("reason", reason));
                continue;
            }

            try
            {
                await ReviewOneAsync(record.Result.Event, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Anything not already settled as permanent inside the reviewer goes back to the queue: the queue's
                // maxReceiveCount bounds the retries and then moves the message to the DLQ, where the alarm fires.
                _log.Warn("review will be retried", ("messageId", record.MessageId), ("error", ex.GetType().Name), ("reason", ex.Message));
                await BackOffAsync(record, envelopes.GetValueOrDefault(record.MessageId), cancellationToken).ConfigureAwait(false);
                failures.Add(record.MessageId);
            }
        }

        return ResponseDocuments.BatchItemFailures(failures);
    }

    private async Task<ReviewOutcome> ReviewOneAsync(PackageVersionStateChange change, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = await _reviewer.ReviewAsync(change, cancellationToken).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        _log.Info("review finished",
            ("packageUrl", outcome.PackageUrl),
            ("revision", outcome.Revision),
            ("eventId", change.Id),
            ("deduplicationId", change.DeduplicationId),
            ("outcome", outcome.Kind.ToString()),
            ("verdict", outcome.VerdictOutcome),
            ("action", outcome.Action),
            ("actionApplied", outcome.ActionApplied),
            ("reason", outcome.Reason),
            ("bytesVerified", outcome.BytesVerified),
            ("durationMs", elapsed));
        if (outcome.Kind == ReviewOutcomeKind.Decided)
        {
            _metrics.ReviewCompleted(outcome.VerdictOutcome ?? "unknown", outcome.BytesVerified, elapsed);
        }

        return outcome;
    }

    /// <summary>
    /// Shortens the failed record's wait before its retry. Never loses the record: whatever goes wrong here, the
    /// caller still reports it failed and the queue's own visibility timeout brings it back.
    /// </summary>
    private async Task BackOffAsync(SqsEventRecord record, SqsRecordEnvelope? envelope, CancellationToken cancellationToken)
    {
        if (_retryDelay is null)
        {
            return;
        }

        if (envelope is not { ReceiptHandle: { Length: > 0 } handle, EventSourceArn: { Length: > 0 } queueArn })
        {
            _log.Warn("retry backoff not set: the record names no receipt handle or queue; the queue's visibility timeout applies",
                ("messageId", record.MessageId));
            return;
        }

        try
        {
            var delay = await _retryDelay(queueArn, handle, record.ApproximateReceiveCount, cancellationToken).ConfigureAwait(false);
            _log.Info("retry backed off", ("messageId", record.MessageId), ("receiveCount", record.ApproximateReceiveCount), ("retryInSeconds", delay.TotalSeconds));
        }
        catch (Exception ex)
        {
            _log.Warn("retry backoff not set; the queue's visibility timeout applies",
                ("messageId", record.MessageId), ("error", ex.GetType().Name), ("reason", ex.Message));
        }
    }

    /// <summary>An SQS event source mapping delivers <c>{"Records": [...]}</c>; EventBridge delivers the event itself.</summary>
    private static bool IsSqsBatch(string input)
    {
        try
        {
            using var document = JsonDocument.Parse(input);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("Records", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

/// <summary>Keeps a record that can never be reviewed, with the reason; returns where it went (a message id).</summary>
public delegate Task<string> MalformedEventSink(string body, string reason, string sourceMessageId, CancellationToken cancellationToken);

/// <summary>
/// Delays the retry of a record that failed, on the queue named by <paramref name="eventSourceArn"/>, according to how
/// often it was delivered; returns the delay set. Throws when the queue refuses.
/// </summary>
public delegate Task<TimeSpan> RetryDelay(string eventSourceArn, string receiptHandle, int? receiveCount, CancellationToken cancellationToken);

/// <summary>The event could not be parsed or failed validation: the message names the field.</summary>
public sealed class MalformedEventException : Exception
{
    public MalformedEventException() { }
    public MalformedEventException(string message) : base(message) { }
    public MalformedEventException(string message, Exception inner) : base(message, inner) { }
}
