using Governance.Functions.Tests.Support;

namespace Governance.Functions.Tests.EndToEnd;

/// <summary>
/// The review function's process dies between setting the status and notifying, or between publishing the
/// notification and recording it as sent (the crash point is the one mock: <c>GOVERNANCE_CRASH_AT</c> makes the built
/// program exit there, once). The host restarts the process, the event is delivered again, and the retry converges:
/// the status is set once and exactly one notification goes out (after a publish, the notify function's delivery
/// receipt tells the retry that it already did).
/// </summary>
public abstract class CrashRecoveryScenarios(EndToEndFixture fixture)
{
    [Theory]
    [InlineData("after-status-update")]
    [InlineData("before-notify")]
    [InlineData("after-publish")]
    public async Task Review_WhenProcessCrashesBetweenStatusUpdateAndNotification_ShouldSendExactlyOneNotificationOnRetry(string crashAt)
    {
        await using var stack = await fixture.StartStackAsync("crash-" + crashAt, o => o with { CrashAt = crashAt, Lease = TimeSpan.FromSeconds(1) });
        await ReviewVerdictScenarios.TamperedPublishAsync(stack, "crash", "crashing-plan", "1.0.0", StackHarness.AssetBytes("crashing-plan", "1.0.0", crashAt));
        await stack.WaitForQuietAsync();

        // Crashed exactly once, at the step asked for; the restarted process then decided (or only notified).
        var crash = Assert.Single(FunctionLogLines.WithMessage(stack.ReviewLog, "injected crash"));
        Assert.Equal(crashAt, crash.GetProperty("step").GetString());
        Assert.Contains(FunctionLogLines.WithMessage(stack.ReviewLog, "review finished"),
            l => l.GetProperty("outcome").GetString() == "Decided" && l.GetProperty("packageUrl").GetString()!.Contains("crashing-plan", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(stack.DataFolder, "crash-markers", "crashed-" + crashAt)));
        Assert.False(File.Exists(stack.Stack.ReviewDeadLetterFile), "the retry must converge, not dead-letter the event");

        var (described, decision, verdict) = await stack.CurrentVerdictAsync("generic", "crash", "crashing-plan", "1.0.0");
        Assert.Equal("Unlisted", described.Status);
        Assert.Single(stack.StatusOnlyChanges("crashing-plan"));
        Assert.True(decision.Notified);
        Assert.True(decision.ActionApplied);
        Assert.Single(stack.EmailsMentioning(verdict.Package.Purl));
        Assert.Single(stack.SlackPayloadsMentioning(verdict.Package.Purl));
    }
}

/// <summary>The scenarios against the JIT build (the dotnet10 packaging); <c>NativeAot/</c> runs them against the NativeAOT one.</summary>
[Collection(EndToEndTestGroup.Name)]
public sealed class CrashRecoveryEndToEndTests(FunctionProgramFixture fixture) : CrashRecoveryScenarios(fixture);
