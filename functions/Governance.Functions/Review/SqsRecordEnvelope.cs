using System.Text.Json;

namespace Governance.Functions.Review;

/// <summary>
/// The parts of an SQS record that belong to the queue rather than to the event in its body: the body as sent (for
/// the dead-letter queue), the receipt handle of this delivery and the queue's ARN (for the retry backoff).
/// </summary>
internal sealed record SqsRecordEnvelope(string Body, string? ReceiptHandle, string? EventSourceArn)
{
    /// <summary>
    /// Reads every record of a batch whose message id is a string, keyed by it. The batch has already been parsed
    /// by <c>SqsBatchParser</c>; this only reads the envelope fields it does not keep. Never throws: a field that
    /// cannot be read as text (a lone surrogate escape in a hostile body) is left out, and what depends on it (the
    /// backoff, the dead-letter copy's body) falls back as it would without it.
    /// </summary>
    public static Dictionary<string, SqsRecordEnvelope> ReadAll(string input)
    {
        var envelopes = new Dictionary<string, SqsRecordEnvelope>(StringComparer.Ordinal);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(input);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            return envelopes;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("Records", out var records) || records.ValueKind != JsonValueKind.Array)
            {
                return envelopes;
            }

            foreach (var record in records.EnumerateArray())
            {
                if (record.ValueKind == JsonValueKind.Object && Text(record, "messageId") is { } id)
                {
                    envelopes[id] = new SqsRecordEnvelope(Text(record, "body") ?? string.Empty, Text(record, "receiptHandle"), Text(record, "eventSourceARN"));
                }
            }
        }

        return envelopes;
    }

    private static string? Text(JsonElement record, string name)
    {
        if (!record.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
