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
    private readonly MalformedEventSink? _deadLetter;

    /// <param name="deadLetter">
    /// Where a malformed SQS record goes, with its reason (the review dead-letter queue). Without one, a malformed
    /// record is reported as a batch item failure so the queue's own redrive moves it to the dead-letter queue.
    /// </param>
    public ReviewFunction(VersionReviewer reviewer, StructuredLog log, EmbeddedMetrics metrics, MalformedEventSink? deadLetter = null)
    {
        _reviewer = reviewer;
        _log = log;
        _metrics = metrics;
        _deadLetter = deadLetter;
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
        Dictionary<string, string>? bodies = null;
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
                bodies ??= SqsBodies(input);
                var deadLetterId = await _deadLetter(bodies.GetValueOrDefault(record.MessageId, ""), reason, record.MessageId, cancellationToken).ConfigureAwait(false);
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

    private static Dictionary<string, string> SqsBodies(string input)
    {
        using var document = JsonDocument.Parse(input);
        var bodies = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var record in document.RootElement.GetProperty("Records").EnumerateArray())
        {
            if (record.TryGetProperty("messageId", out var id) && id.ValueKind == JsonValueKind.String
                && record.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.String)
            {
                bodies[id.GetString()!] = body.GetString()!;
            }
        }

        return bodies;
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

/// <summary>The event could not be parsed or failed validation: the message names the field.</summary>
public sealed class MalformedEventException : Exception
{
    public MalformedEventException() { }
    public MalformedEventException(string message) : base(message) { }
    public MalformedEventException(string message, Exception inner) : base(message, inner) { }
}
