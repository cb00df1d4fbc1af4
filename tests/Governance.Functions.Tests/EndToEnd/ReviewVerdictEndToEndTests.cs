using Governance.Core.Packages;
using Governance.Core.Review;
using Governance.Functions.Tests.Support;

namespace Governance.Functions.Tests.EndToEnd;

/// <summary>
/// The verdicts, end to end: a publish through the local CodeArtifact emits the EventBridge event, the built review
/// function reviews it under the Runtime API host, sets the status, records the decision and notifies.
/// </summary>
public abstract class ReviewVerdictScenarios(EndToEndFixture fixture)
{
    [Fact]
    public async Task Review_WhenCleanGenericVersionIsPublished_ShouldKeepItPublishedAndNotifyOnce()
    {
        var stack = await fixture.SharedStackAsync();
        await stack.PublishGenericAsync("verdicts", "clean-tool", "1.0.0", "clean-tool.tar.gz", StackHarness.AssetBytes("clean-tool", "1.0.0", "a"));
        await stack.WaitForQuietAsync();

        var (described, decision, verdict) = await stack.CurrentVerdictAsync("generic", "verdicts", "clean-tool", "1.0.0");
        Assert.Equal("Published", described.Status);
        Assert.Equal(VerdictOutcome.Pass, verdict.Outcome);
        Assert.Empty(verdict.BlockingFindings);
        Assert.True(decision.Notified);
        var purl = PackageUrl.For(stack.VersionId("generic", "verdicts", "clean-tool", "1.0.0"));
        Assert.Single(stack.EmailsMentioning(purl));
        Assert.Single(stack.SlackPayloadsMentioning(purl));
    }

    [Fact]
    public async Task Review_WhenNpmVersionDeclaresDeniedLicense_ShouldSetQuarantineStatus()
    {
        var stack = await fixture.SharedStackAsync();
        await stack.PublishNpmAsync(null, "gpl-widget", "3.0.1", "GPL-3.0-only");
        await stack.WaitForQuietAsync();

        var (described, decision, verdict) = await stack.CurrentVerdictAsync("npm", null, "gpl-widget", "3.0.1");
        Assert.Equal("Unlisted", described.Status);
        Assert.Equal(VerdictOutcome.Fail, verdict.Outcome);
        var finding = Assert.Single(verdict.BlockingFindings);
        Assert.Equal(RuleIds.LicenseDenied, finding.RuleId);
        Assert.Contains("GPL-3.0-only", finding.Evidence["declared"], StringComparison.Ordinal);
        Assert.True(decision.ActionApplied);
        Assert.Equal("Unlisted", decision.Action);
    }

    [Fact]
    public async Task Review_WhenAssetWasAlteredAtRest_ShouldQuarantineWithIntegrityFindingAndBothHashes()
    {
        var stack = await fixture.SharedStackAsync();
        var payload = StackHarness.AssetBytes("tampered-plan", "2.0.0", "payload");
        var recorded = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(payload));
        await TamperedPublishAsync(stack, "verdicts", "tampered-plan", "2.0.0", payload);
        await stack.WaitForQuietAsync();

        var (described, _, verdict) = await stack.CurrentVerdictAsync("generic", "verdicts", "tampered-plan", "2.0.0");
        Assert.Equal("Unlisted", described.Status);
        var finding = Assert.Single(verdict.BlockingFindings);
        Assert.Equal("integrity.sha256-mismatch", finding.RuleId);
        Assert.Equal("payload.bin", finding.Asset);
        Assert.Equal(recorded, finding.Evidence["expected"]);
        Assert.Matches("^[0-9a-f]{64}$", finding.Evidence["actual"]);
        Assert.NotEqual(recorded, finding.Evidence["actual"]);

        var email = Assert.Single(stack.EmailsMentioning(PackageUrl.For(stack.VersionId("generic", "verdicts", "tampered-plan", "2.0.0"))));
        Assert.Contains("integrity.sha256-mismatch", email.Subject, StringComparison.Ordinal);
        Assert.Contains("expected: " + recorded, email.Body, StringComparison.Ordinal);
        Assert.Contains("actual: " + finding.Evidence["actual"], email.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_WhenQuarantineStatusIsArchived_ShouldArchiveFailingVersion()
    {
        await using var stack = await fixture.StartStackAsync("archived", o => o with { QuarantineStatus = "Archived" });
        await TamperedPublishAsync(stack, "verdicts", "archived-plan", "1.0.0", StackHarness.AssetBytes("archived-plan", "1.0.0", "payload"));
        await stack.WaitForQuietAsync();

        var (described, decision, verdict) = await stack.CurrentVerdictAsync("generic", "verdicts", "archived-plan", "1.0.0");
        Assert.Equal("Archived", described.Status);
        Assert.Equal(VerdictOutcome.Fail, verdict.Outcome);
        Assert.Equal(PackageVersionStatus.Archived, verdict.Action.TargetStatus);
        Assert.Equal("Archived", decision.Action);
        var email = Assert.Single(stack.EmailsMentioning(verdict.Package.Purl));
        Assert.Contains("-> Archived", email.Subject, StringComparison.Ordinal);
    }

    /// <summary>
    /// The first asset lands while the publish is still open (Unfinished is not reviewed), is altered at rest, and a
    /// second asset completes the publish: the review then sees recorded hash ≠ stored bytes.
    /// </summary>
    internal static async Task TamperedPublishAsync(StackHarness stack, string ns, string name, string version, byte[] payload)
    {
        await stack.PublishGenericAsync(ns, name, version, "payload.bin", payload, unfinished: true);
        await stack.CorruptAssetAsync("generic", ns, name, version, "payload.bin");
        await stack.PublishGenericAsync(ns, name, version, "SHA256SUMS", StackHarness.AssetBytes(name, version, "sums"));
    }
}

/// <summary>The scenarios against the JIT build (the dotnet10 packaging); <c>NativeAot/</c> runs them against the NativeAOT one.</summary>
[Collection(EndToEndTestGroup.Name)]
public sealed class ReviewVerdictEndToEndTests(FunctionProgramFixture fixture) : ReviewVerdictScenarios(fixture);
