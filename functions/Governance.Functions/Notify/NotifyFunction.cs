using Governance.Core.Events;
using Governance.Core.Messages;
using Governance.Core.Review;
using Governance.Functions.Review;
using Governance.Functions.Observability;

namespace Governance.Functions.Notify;

/// <summary>
/// The notify function: subscribed to the verdict topic, it turns each verdict document into Slack Block Kit and
/// posts it to the incoming webhook. A transient Slack failure fails the invoke (SNS retries the Lambda delivery);
/// a 4xx from Slack is permanent: reported in the log with Slack's error string and not retried.
/// </summary>
public sealed class NotifyFunction
{
    private readonly Func<CancellationToken, Task<Uri>> _webhook;
    private readonly SlackWebhookPoster _poster;
    private readonly StructuredLog _log;

    /// <param name="webhook">Resolves the webhook URL (an SSM SecureString, read once per sandbox).</param>
    public NotifyFunction(Func<CancellationToken, Task<Uri>> webhook, SlackWebhookPoster poster, StructuredLog log)
    {
        _webhook = webhook;
        _poster = poster;
        _log = log;
    }

    public async Task<string> HandleAsync(string input, CancellationToken cancellationToken)
    {
        var notifications = SnsEventParser.Parse(input);
        if (notifications.Error is not null)
        {
            throw new MalformedEventException(notifications.Error.ToString());
        }

        var webhook = await _webhook(cancellationToken).ConfigureAwait(false);
        var delivered = 0;
        foreach (var record in notifications.Notifications)
        {
            var verdict = VerdictDocument.Parse(record.Message, out var error);
            if (verdict is null)
            {
                _log.Warn("notification is not a verdict document; skipped", ("messageId", record.MessageId), ("reason", error));
                continue;
            }

            var payload = SlackBlockKitRenderer.Render(verdict);
            var result = await _poster.PostAsync(webhook, payload, cancellationToken).ConfigureAwait(false);
            if (result.Delivered)
            {
                delivered++;
                _log.Info("posted to Slack", ("messageId", record.MessageId), ("packageUrl", verdict.Package.Purl), ("attempts", result.Attempts));
            }
            else if (result.StatusCode == 429 || result.StatusCode >= 500)
            {
                throw new HttpRequestException($"Slack kept failing ({result.StatusCode} {result.Detail}) after {result.Attempts} attempts");
            }
            else
            {
                _log.Error("Slack rejected the message", ("messageId", record.MessageId), ("status", result.StatusCode), ("slackError", result.Detail));
            }
        }

        return $"{{\"delivered\":{delivered}}}";
    }
}
