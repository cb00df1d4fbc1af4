using Governance.Core.Review;
using Governance.Functions.Tests.Support;

namespace Governance.Functions.Tests.EndToEnd;

[Collection(EndToEndTestGroup.Name)]
public sealed class AuditModeEndToEndTests(FunctionProgramFixture fixture)
{
    [Fact]
    public async Task Review_WhenModeIsAuditAndVersionFails_ShouldChangeNoStatusAndSayWhatWouldHaveHappened()
    {
        await using var stack = await fixture.StartStackAsync("audit", o => o with { Mode = "audit" });
        await ReviewVerdictEndToEndTests.TamperedPublishAsync(stack, "audit", "audited-plan", "1.0.0", StackHarness.AssetBytes("audited-plan", "1.0.0", "payload"));
        await stack.WaitForQuietAsync();

        var (described, decision, verdict) = await stack.CurrentVerdictAsync("generic", "audit", "audited-plan", "1.0.0");
        Assert.Equal("Published", described.Status);
        Assert.Empty(stack.StatusOnlyChanges("audited-plan"));
        Assert.Equal(VerdictOutcome.Fail, verdict.Outcome);
        Assert.Equal(ActionKind.None, verdict.Action.Kind);
        Assert.False(decision.ActionApplied);

        var email = Assert.Single(stack.EmailsMentioning(verdict.Package.Purl));
        Assert.Contains("-> audit", email.Subject, StringComparison.Ordinal);
        Assert.Contains("Audit mode: no status was changed. In enforce mode the status would be set to Unlisted.", email.Body, StringComparison.Ordinal);
        var slack = Assert.Single(stack.SlackPayloadsMentioning(verdict.Package.Purl));
        Assert.Contains("enforce would set Unlisted", slack, StringComparison.Ordinal);
    }
}
