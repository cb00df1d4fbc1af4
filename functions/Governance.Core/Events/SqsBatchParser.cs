using System.Text.Json;

namespace Governance.Core.Events;

/// <summary>One SQS record: its message id (what a partial batch failure reports back) and its parsed body.</summary>
/// <param name="ApproximateReceiveCount">From the record's attributes, when present: how often SQS delivered it.</param>
public sealed record SqsEventRecord(string MessageId, EventParseResult Result, int? ApproximateReceiveCount);

/// <summary>A parsed SQS batch, or why the batch itself could not be read.</summary>
public sealed record SqsBatchParseResult(IReadOnlyList<SqsEventRecord> Records, EventValidationError? Error);

/// <summary>
/// Parses the event an SQS event source mapping hands to Lambda: <c>{"Records":[{"messageId","body",…}]}</c>.
/// Each record's body is parsed as a CodeArtifact event on its own, so one bad record fails only itself.
/// </summary>
public static class SqsBatchParser
{
    /// <summary>
    /// Parses an SQS batch. A malformed batch envelope gives <see cref="SqsBatchParseResult.Error"/>; a malformed
    /// record gives that record an error (paths prefixed with the record, e.g. <c>$.Records[1].body:$.detail.packageName</c>)
    /// so the caller can report it as a batch item failure or send it to the dead-letter queue.
    /// </summary>
    public static SqsBatchParseResult Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(JsonFields.EscapeLoneSurrogates(json));
            var root = JsonFields.Root(document.RootElement, "an SQS event");
            var records = root.RequiredArray("Records");
            var parsed = new List<SqsEventRecord>();
            var index = 0;
            foreach (var record in records.EnumerateArray())
            {
                parsed.Add(ReadRecord(record, $"$.Records[{index}]"));
                index++;
            }
            return new SqsBatchParseResult(parsed, null);
        }
        catch (JsonException ex)
        {
            return new SqsBatchParseResult([], new EventValidationError("$", $"is not valid JSON: {ex.Message}"));
        }
        catch (ArgumentException ex)
        {
            // Text that cannot be transcoded to UTF-8 (a lone surrogate right after a backslash) is not JSON either.
            return new SqsBatchParseResult([], new EventValidationError("$", $"is not valid JSON: {ex.Message}"));
        }
        catch (EventFieldException ex)
        {
            return new SqsBatchParseResult([], new EventValidationError(ex.Field, ex.Message));
        }
    }

    private static SqsEventRecord ReadRecord(JsonElement record, string path)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            throw new EventFieldException(path, $"must be an object, found {JsonFields.Describe(record.ValueKind)}");
        }
        var fields = new JsonFields(record, path);
        var messageId = fields.RequiredString("messageId");
        int? receiveCount = null;
        if (fields.OptionalObject("attributes") is { } attributes
            && attributes.TryGetProperty("ApproximateReceiveCount", out var count)
            && count.ValueKind == JsonValueKind.String
            && int.TryParse(JsonFields.TextOrNull(count), System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            receiveCount = n;
        }
        EventParseResult result;
        try
        {
            var body = fields.RequiredString("body");
            result = CodeArtifactEventParser.Parse(body);
            if (result.Error is { } error)
            {
                // Prefix the body's paths so the error says where it was found: $.Records[0].body → $.detail.x.
                result = result with { Error = error with { Field = $"{path}.body:{error.Field}" } };
            }
        }
        catch (EventFieldException ex)
        {
            result = new EventParseResult(null, new EventValidationError(ex.Field, ex.Message));
        }
        return new SqsEventRecord(messageId, result, receiveCount);
    }
}
