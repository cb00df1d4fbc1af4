using System.Text.Json;
using Governance.Core.Workflow;
using Governance.Functions.Observability;

namespace Governance.Functions.Review;

/// <summary>The JSON documents the review function answers with (written without reflection).</summary>
public static class ResponseDocuments
{
    /// <summary>The SQS partial-batch response: only the listed message ids return to the queue.</summary>
    public static string BatchItemFailures(IReadOnlyCollection<string> messageIds)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        return JsonText.Write(json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("batchItemFailures");
            foreach (var id in messageIds)
            {
                json.WriteStartObject();
                json.WriteString("itemIdentifier", id);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    /// <summary>The answer to a direct invoke: what the review did, for the caller and the logs.</summary>
    public static string ForOutcome(ReviewOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return JsonText.Write(json =>
        {
            json.WriteStartObject();
            json.WriteString("outcome", outcome.Kind.ToString());
            json.WriteString("reason", outcome.Reason);
            json.WriteString("packageUrl", outcome.PackageUrl);
            json.WriteString("revision", outcome.Revision);
            json.WriteString("verdict", outcome.VerdictOutcome);
            json.WriteString("action", outcome.Action);
            json.WriteBoolean("actionApplied", outcome.ActionApplied);
            json.WriteString("notificationMessageId", outcome.NotificationMessageId);
            json.WriteNumber("bytesVerified", outcome.BytesVerified);
            json.WriteEndObject();
        });
    }
}
