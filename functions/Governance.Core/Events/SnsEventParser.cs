using System.Text.Json;

namespace Governance.Core.Events;

/// <summary>One SNS notification delivered to a Lambda subscriber.</summary>
/// <param name="Subject">Null when the publisher set none.</param>
/// <param name="MessageAttributes">Attribute name → value (every type arrives as text).</param>
public sealed record SnsNotification(
    string MessageId,
    string? TopicArn,
    string? Subject,
    string Message,
    DateTimeOffset? Timestamp,
    IReadOnlyDictionary<string, string> MessageAttributes);

/// <summary>The notifications of an SNS→Lambda event, or why the event could not be read.</summary>
public sealed record SnsParseResult(IReadOnlyList<SnsNotification> Notifications, EventValidationError? Error)
{
    public bool Success => Error is null;
}

/// <summary>Parses the event SNS hands to a subscribed Lambda: <c>{"Records":[{"EventSource":"aws:sns","Sns":{…}}]}</c>.</summary>
public static class SnsEventParser
{
    /// <summary>Parses an SNS→Lambda event; every record must carry <c>Sns.MessageId</c> and <c>Sns.Message</c>.</summary>
    public static SnsParseResult Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(JsonFields.EscapeLoneSurrogates(json));
            var root = JsonFields.Root(document.RootElement, "an SNS event");
            var notifications = new List<SnsNotification>();
            var index = 0;
            foreach (var record in root.RequiredArray("Records").EnumerateArray())
            {
                var path = $"$.Records[{index}]";
                if (record.ValueKind != JsonValueKind.Object)
                {
                    throw new EventFieldException(path, $"must be an object, found {JsonFields.Describe(record.ValueKind)}");
                }
                var sns = new JsonFields(record, path).RequiredObject("Sns");
                notifications.Add(new SnsNotification(
                    sns.RequiredString("MessageId"),
                    sns.OptionalString("TopicArn"),
                    sns.OptionalString("Subject"),
                    ReadMessage(sns),
                    ReadTimestamp(sns),
                    ReadAttributes(sns)));
                index++;
            }
            return new SnsParseResult(notifications, null);
        }
        catch (JsonException ex)
        {
            return new SnsParseResult([], new EventValidationError("$", $"is not valid JSON: {ex.Message}"));
        }
        catch (ArgumentException ex)
        {
            // Text that cannot be transcoded to UTF-8 (a lone surrogate right after a backslash) is not JSON either.
            return new SnsParseResult([], new EventValidationError("$", $"is not valid JSON: {ex.Message}"));
        }
        catch (EventFieldException ex)
        {
            return new SnsParseResult([], new EventValidationError(ex.Field, ex.Message));
        }
    }

    // Message may legitimately be an empty string, so it is read without the non-empty rule.
    private static string ReadMessage(JsonFields sns) =>
        sns.OptionalString("Message") ?? throw new EventFieldException(sns.PathOf("Message"), "is missing (expected a string)");

    private static DateTimeOffset? ReadTimestamp(JsonFields sns) =>
        sns.OptionalString("Timestamp") is { } text
        && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;

    private static Dictionary<string, string> ReadAttributes(JsonFields sns)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (sns.OptionalObject("MessageAttributes") is not { } element)
        {
            return attributes;
        }
        var index = 0;
        foreach (var property in element.EnumerateObject())
        {
            var name = JsonFields.PropertyName(property, $"{sns.PathOf("MessageAttributes")}[{index}]");
            var path = $"{sns.PathOf("MessageAttributes")}.{name}";
            if (property.Value.ValueKind != JsonValueKind.Object
                || !property.Value.TryGetProperty("Value", out var value)
                || value.ValueKind != JsonValueKind.String)
            {
                throw new EventFieldException(path, "must be an object with a string Value");
            }
            attributes[name] = JsonFields.Text(value, $"{path}.Value");
            index++;
        }
        return attributes;
    }
}
