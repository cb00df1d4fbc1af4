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
/// the asynchronous invoke's dead-letter destination with the reason).
/// </summary>
public sealed class ReviewFunction
{
    private readonly VersionReviewer _reviewer;
    private readonly StructuredLog _log;
    private readonly EmbeddedMetrics _metrics;

    public ReviewFunction(VersionReviewer reviewer, StructuredLog log, EmbeddedMetrics metrics)
    {
        _reviewer = reviewer;
        _log = log;
        _metrics = metrics;
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
        foreach (var record in batch.Records)
        {
            if (record.Result.Event is null)
            {
                // Acknowledged, not retried: redelivery would only loop it. The log keeps the message id and the
                // field at fault; the message itself stays in the queue's history.
                _log.Error("malformed event acknowledged without review",
                    ("messageId", record.MessageId), ("reason", record.Result.Error?.ToString()));
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

/// <summary>The event could not be parsed or failed validation: the message names the field.</summary>
public sealed class MalformedEventException : Exception
{
    public MalformedEventException() { }
    public MalformedEventException(string message) : base(message) { }
    public MalformedEventException(string message, Exception inner) : base(message, inner) { }
}
