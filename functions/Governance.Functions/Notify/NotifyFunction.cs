using Governance.Core.Events;
using Governance.Core.Messages;
using Governance.Core.Packages;
using Governance.Core.Ports;
using Governance.Core.Review;
using Governance.Functions.Review;
using Governance.Functions.Observability;

namespace Governance.Functions.Notify;

/// <summary>
/// The notify function, subscribed to the verdict topic. For each verdict it first records a delivery receipt in the
/// decision ledger (the proof a retried review reads to know its notification already went out, so it is not sent
/// twice), then, when a webhook is configured, posts the verdict to Slack as Block Kit. A transient Slack failure
/// fails the invoke (SNS retries the Lambda delivery; the receipt is already there and is not recorded twice); a 4xx
/// from Slack is permanent: reported in the log with Slack's error string and not retried.
/// </summary>
public sealed class NotifyFunction
{
    private readonly Func<CancellationToken, Task<Uri>>? _webhook;
    private readonly SlackWebhookPoster? _poster;
    private readonly IDecisionLedger? _receipts;
    private readonly IClock _clock;
    private readonly StructuredLog _log;

    /// <param name="webhook">Resolves the webhook URL (an SSM SecureString, read once per sandbox); null: no Slack.</param>
    /// <param name="poster">Posts to the webhook; null exactly when <paramref name="webhook"/> is.</param>
    /// <param name="receipts">The decision ledger receipts go to; null: none are recorded.</param>
    public NotifyFunction(
        Func<CancellationToken, Task<Uri>>? webhook,
        SlackWebhookPoster? poster,
        IDecisionLedger? receipts,
        IClock clock,
        StructuredLog log)
    {
        if ((webhook is null) != (poster is null))
        {
            throw new ArgumentException("a Slack webhook and its poster come together: give both or neither", nameof(poster));
        }

        _webhook = webhook;
        _poster = poster;
        _receipts = receipts;
        _clock = clock;
        _log = log;
    }

    public async Task<string> HandleAsync(string input, CancellationToken cancellationToken)
    {
        var notifications = SnsEventParser.Parse(input);
        if (notifications.Error is not null)
        {
            throw new MalformedEventException(notifications.Error.ToString());
        }

        var webhook = _webhook is null ? null : await _webhook(cancellationToken).ConfigureAwait(false);
        int delivered = 0, receipts = 0;
        foreach (var record in notifications.Notifications)
        {
            var verdict = VerdictDocument.Parse(record.Message, out var error);
            if (verdict is null)
            {
                _log.Warn("notification is not a verdict document; skipped", ("messageId", record.MessageId), ("reason", error));
                continue;
            }

            receipts += await RecordReceiptAsync(record, verdict, cancellationToken).ConfigureAwait(false) ? 1 : 0;
            if (webhook is not null && await PostAsync(webhook, record, verdict, cancellationToken).ConfigureAwait(false))
            {
                delivered++;
            }
        }

        return $"{{\"delivered\":{delivered},\"receipts\":{receipts}}}";
    }

    /// <summary>Before Slack: a receipt must not wait on a Slack outage, and a failed post is retried with it in place.</summary>
    private async Task<bool> RecordReceiptAsync(SnsNotification record, Verdict verdict, CancellationToken cancellationToken)
    {
        if (_receipts is null)
        {
            return false;
        }

        var key = new DecisionKey(PackageIdentity.VersionKey(verdict.Package.ToPackageVersionId()), verdict.Package.Revision);
        var result = await _receipts.RecordReceiptAsync(key, verdict.Reevaluation?.Evaluation ?? 1, record.MessageId, _clock.UtcNow, cancellationToken).ConfigureAwait(false);
        if (result == ReceiptResult.UnknownDecision)
        {
            _log.Warn("no decision in the ledger for this verdict; no receipt recorded", ("messageId", record.MessageId),
                ("packageUrl", verdict.Package.Purl), ("revision", verdict.Package.Revision));
        }

        return result == ReceiptResult.Recorded;
    }

    private async Task<bool> PostAsync(Uri webhook, SnsNotification record, Verdict verdict, CancellationToken cancellationToken)
    {
        var payload = SlackBlockKitRenderer.Render(verdict);
        var result = await _poster!.PostAsync(webhook, payload, cancellationToken).ConfigureAwait(false);
        if (result.Delivered)
        {
            _log.Info("posted to Slack", ("messageId", record.MessageId), ("packageUrl", verdict.Package.Purl), ("attempts", result.Attempts));
            return true;
        }

        if (result.StatusCode == 429 || result.StatusCode >= 500)
        {
            throw new HttpRequestException($"Slack kept failing ({result.StatusCode} {result.Detail}) after {result.Attempts} attempts");
        }

        _log.Error("Slack rejected the message", ("messageId", record.MessageId), ("status", result.StatusCode), ("slackError", result.Detail));
        return false;
    }
}
