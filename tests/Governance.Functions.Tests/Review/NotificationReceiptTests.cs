using Governance.Core.Packages;
using Governance.Core.Ports;
using Governance.Core.Workflow;
using Governance.Functions.Notify;
using Governance.Functions.Observability;
using Governance.Functions.Tests.Notify;
using Governance.Functions.Tests.Support;

namespace Governance.Functions.Tests.Review;

/// <summary>
/// A review that dies between publishing its notification and marking it as sent leaves the ledger unsure whether
/// the message went out. The notify function's delivery receipt settles it: the retry sends nothing when the receipt
/// is there (or arrives while it waits), and publishes again only when none comes within the wait.
/// The crash is the one mock (a crash point that throws once, as the process would die there).
/// </summary>
public sealed class NotificationReceiptTests
{
    private static ReviewerOptions CrashingOnceAfterPublish(TimeSpan receiptWait, Func<bool> crashNow) => new()
    {
        Holder = "unit",
        Lease = TimeSpan.FromSeconds(30),
        ReceiptWait = receiptWait,
        ReceiptPollInterval = TimeSpan.FromMilliseconds(20),
        CrashPoint = step =>
        {
            if (step == "after-publish" && crashNow())
            {
                throw new SimulatedCrashException();
            }
        },
    };

    [Fact]
    public async Task Retry_WhenTheSubscribersReceiptIsInTheLedger_ShouldMarkNotifiedWithoutPublishingAgain()
    {
        var crashed = false;
        using var harness = new ReviewerHarness(CrashingOnceAfterPublish(TimeSpan.FromSeconds(30), () => !crashed && (crashed = true)));
        var id = harness.AddGeneric("receipted-plan");
        await Assert.ThrowsAsync<SimulatedCrashException>(() => harness.Function.HandleAsync(ReviewerHarness.EventFor("receipted-plan"), CancellationToken.None));
        await DeliverToNotifyFunctionAsync(harness, "sns-original");

        await harness.Function.HandleAsync(ReviewerHarness.EventFor("receipted-plan"), CancellationToken.None);

        Assert.Single(harness.Publisher.Messages);
        var decision = await DecisionAsync(harness, id);
        Assert.True(decision.Notified);
        Assert.Equal("sns-original", decision.NotificationMessageId);
        Assert.Contains(harness.LogLines, l => l.GetProperty("message").GetString() == "review finished"
            && l.GetProperty("reason").GetString()!.Contains("delivery receipt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retry_WhenTheReceiptArrivesWhileItWaits_ShouldNotPublishAgain()
    {
        var crashed = false;
        using var harness = new ReviewerHarness(CrashingOnceAfterPublish(TimeSpan.FromSeconds(30), () => !crashed && (crashed = true)));
        var id = harness.AddGeneric("late-receipt");
        await Assert.ThrowsAsync<SimulatedCrashException>(() => harness.Function.HandleAsync(ReviewerHarness.EventFor("late-receipt"), CancellationToken.None));

        // The retry starts first and polls; the subscriber's delivery lands a little later.
        var retry = harness.Function.HandleAsync(ReviewerHarness.EventFor("late-receipt"), CancellationToken.None);
        await Task.Delay(200);
        Assert.False(retry.IsCompleted, "without a receipt the retry must still be waiting (the wait is 30 s)");
        await DeliverToNotifyFunctionAsync(harness, "sns-late");
        await retry.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Single(harness.Publisher.Messages);
        Assert.Equal("sns-late", (await DecisionAsync(harness, id)).NotificationMessageId);
    }

    [Fact]
    public async Task Retry_WhenNoReceiptComesWithinTheWait_ShouldPublishAgainSoNothingIsLost()
    {
        var crashed = false;
        using var harness = new ReviewerHarness(CrashingOnceAfterPublish(TimeSpan.FromMilliseconds(300), () => !crashed && (crashed = true)));
        var id = harness.AddGeneric("silent-topic");
        await Assert.ThrowsAsync<SimulatedCrashException>(() => harness.Function.HandleAsync(ReviewerHarness.EventFor("silent-topic"), CancellationToken.None));

        await harness.Function.HandleAsync(ReviewerHarness.EventFor("silent-topic"), CancellationToken.None);

        Assert.Equal(2, harness.Publisher.Messages.Count);
        var decision = await DecisionAsync(harness, id);
        Assert.True(decision.Notified);
        Assert.Equal("msg-2", decision.NotificationMessageId);
    }

    [Fact]
    public async Task Retry_WhenReceiptsAreOff_ShouldPublishAgainAtOnce()
    {
        var crashed = false;
        using var harness = new ReviewerHarness(CrashingOnceAfterPublish(TimeSpan.Zero, () => !crashed && (crashed = true)));
        harness.AddGeneric("no-receipts");
        await Assert.ThrowsAsync<SimulatedCrashException>(() => harness.Function.HandleAsync(ReviewerHarness.EventFor("no-receipts"), CancellationToken.None));

        await harness.Function.HandleAsync(ReviewerHarness.EventFor("no-receipts"), CancellationToken.None);

        Assert.Equal(2, harness.Publisher.Messages.Count);
    }

    [Fact]
    public async Task Review_WhenNothingCrashes_ShouldRecordWhenTheNotificationStarted()
    {
        using var harness = new ReviewerHarness(CrashingOnceAfterPublish(TimeSpan.FromSeconds(30), () => false));
        var id = harness.AddGeneric("smooth");
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        await harness.Function.HandleAsync(ReviewerHarness.EventFor("smooth"), CancellationToken.None);

        var decision = await DecisionAsync(harness, id);
        Assert.True(decision.NotificationStartedAt >= before, "the start is recorded with the decision, before the publish");
        Assert.Null(decision.ReceiptMessageId);
        Assert.Equal("msg-1", decision.NotificationMessageId);
    }

    /// <summary>What SNS does with the published message: invoke the notify function with it (here, receipts only).</summary>
    private static async Task DeliverToNotifyFunctionAsync(ReviewerHarness harness, string messageId)
    {
        using var log = new StringWriter();
        var notify = new NotifyFunction(null, null, harness.Ledger, SystemClock.Instance, new StructuredLog(log));
        var answer = await notify.HandleAsync(NotifyFunctionTests.SnsEvent(harness.Publisher.Messages[^1].DefaultJson, messageId), CancellationToken.None);
        Assert.Contains("\"receipts\":1", answer, StringComparison.Ordinal);
    }

    private static async Task<DecisionRecord> DecisionAsync(ReviewerHarness harness, PackageVersionId id) =>
        await harness.Ledger.GetAsync(new DecisionKey(PackageIdentity.VersionKey(id), "rev-1"), CancellationToken.None)
        ?? throw new InvalidOperationException("no decision recorded");

    private sealed class SimulatedCrashException : Exception;
}
