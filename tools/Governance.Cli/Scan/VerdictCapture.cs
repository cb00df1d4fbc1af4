using System.Collections.Concurrent;
using Governance.Core.Ports;
using Governance.Core.Review;

namespace Governance.Cli.Scan;

/// <summary>
/// Sits between the reviewer and the real publisher to keep each verdict the scan decides (the notification's
/// default document is the machine verdict): the summary counts findings per rule from it. The reviewer's outcome
/// names the package URL, which is how <see cref="Take"/> finds the verdict again.
/// </summary>
internal sealed class VerdictCapture(INotificationPublisher inner) : INotificationPublisher
{
    private readonly ConcurrentDictionary<string, Verdict> _verdicts = new(StringComparer.Ordinal);

    public async Task<string> PublishAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var messageId = await inner.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        if (VerdictDocument.Parse(message.DefaultJson, out _) is { } verdict)
        {
            _verdicts[verdict.Package.Purl] = verdict;
        }

        return messageId;
    }

    /// <summary>The verdict published for <paramref name="packageUrl"/> since the last call, if any.</summary>
    public Verdict? Take(string? packageUrl) =>
        packageUrl is not null && _verdicts.TryRemove(packageUrl, out var verdict) ? verdict : null;
}

/// <summary>
/// The publisher of a scan without <c>--topic-arn</c> (and of every dry run): sends nothing, records nothing, and
/// answers with a message id that says so (the ledger keeps it as the decision's notification id).
/// </summary>
internal sealed class SilentPublisher : INotificationPublisher
{
    public const string MessageIdPrefix = "not-sent:";

    public Task<string> PublishAsync(NotificationMessage message, CancellationToken cancellationToken) =>
        Task.FromResult(MessageIdPrefix + Guid.NewGuid().ToString("N"));
}
