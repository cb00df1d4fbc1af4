using System.Text.Json;
using Governance.Core.Packages;
using Governance.Core.Ports;
using Governance.Core.Review;
using Governance.Core.Workflow;
using Governance.Functions.Tests.Support;

namespace Governance.Functions.Tests.Review;

/// <summary>
/// Issue 15: a version CodeArtifact refuses to read (ValidationException, a name outside its rules) must fail closed:
/// quarantined when the status can still be set, and in every case a failing verdict with a review.unreadable finding,
/// recorded in the ledger and notified, never a silent dead letter.
/// </summary>
public sealed class UnreadableVersionReviewTests : IDisposable
{
    private readonly ReviewerHarness _harness = new();

    [Fact]
    public async Task Review_WhenDescribeIsRefusedAsInvalid_ShouldQuarantineRecordAndNotifyInsteadOfDeadLettering()
    {
        var id = _harness.AddGeneric("bad-name");
        _harness.Source.UnreadableNames.Add("bad-name");

        await _harness.Function.HandleAsync(ReviewerHarness.EventFor("bad-name"), CancellationToken.None);

        Assert.Empty(_harness.DeadLetters);
        Assert.Equal((id, PackageVersionStatus.Unlisted), Assert.Single(_harness.Source.StatusUpdates));
        var verdict = AssertNotifiedUnreadable("DescribePackageVersion", quarantined: true);
        Assert.Equal(VersionReviewer.UnreadableRevision, verdict.Package.Revision);
        var record = await _harness.Ledger.GetAsync(new DecisionKey(PackageIdentity.VersionKey(id), VersionReviewer.UnreadableRevision), CancellationToken.None);
        Assert.NotNull(record);
        Assert.Equal(("Fail", "Unlisted", true, true), (record.Outcome, record.Action, record.ActionApplied, record.Notified));
        Assert.Contains(RuleIds.ReviewUnreadable, record.VerdictJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_WhenDescribeAndTheStatusUpdateAreBothRefused_ShouldSaySoAndStillNotifyAndRecord()
    {
        var id = _harness.AddGeneric("worse-name");
        _harness.Source.UnreadableNames.Add("worse-name");
        _harness.Source.UnsettableNames.Add("worse-name");

        await _harness.Function.HandleAsync(ReviewerHarness.EventFor("worse-name"), CancellationToken.None);

        Assert.Empty(_harness.DeadLetters);
        Assert.Empty(_harness.Source.StatusUpdates);
        var verdict = AssertNotifiedUnreadable("DescribePackageVersion", quarantined: false);
        Assert.Contains("UpdatePackageVersionsStatus refused as well", verdict.Findings[0].Evidence["quarantine"], StringComparison.Ordinal);
        var record = await _harness.Ledger.GetAsync(new DecisionKey(PackageIdentity.VersionKey(id), VersionReviewer.UnreadableRevision), CancellationToken.None);
        Assert.Equal((false, true), (record!.ActionApplied, record.Notified));

        // A redelivery of the same event is a duplicate: decided once, notified once.
        await _harness.Function.HandleAsync(ReviewerHarness.EventFor("worse-name"), CancellationToken.None);
        Assert.Single(_harness.Publisher.Messages);
    }

    [Fact]
    public async Task Review_WhenTheAssetListingIsRefusedAsInvalid_ShouldQuarantineTheDescribedRevisionAndNotify()
    {
        var id = _harness.AddGeneric("unlistable");
        _harness.Source.UnlistableNames.Add("unlistable");

        await _harness.Function.HandleAsync(ReviewerHarness.EventFor("unlistable"), CancellationToken.None);

        Assert.Empty(_harness.DeadLetters);
        Assert.Equal((id, PackageVersionStatus.Unlisted), Assert.Single(_harness.Source.StatusUpdates));
        var verdict = AssertNotifiedUnreadable("ListPackageVersionAssets", quarantined: true);
        Assert.Equal("rev-1", verdict.Package.Revision);
        var record = await _harness.Ledger.GetAsync(new DecisionKey(PackageIdentity.VersionKey(id), "rev-1"), CancellationToken.None);
        Assert.Equal(("Fail", true), (record!.Outcome, record.Notified));
    }

    private Verdict AssertNotifiedUnreadable(string operation, bool quarantined)
    {
        var message = Assert.Single(_harness.Publisher.Messages);
        Assert.Equal("fail", message.Attributes["verdict"]);
        Assert.Contains(RuleIds.ReviewUnreadable, message.EmailBody, StringComparison.Ordinal);
        var verdict = VerdictDocument.Parse(message.DefaultJson, out var error);
        Assert.True(verdict is not null, error);
        var finding = Assert.Single(verdict.Findings);
        Assert.Equal((RuleIds.ReviewUnreadable, FindingSeverity.Blocking), (finding.RuleId, finding.Severity));
        Assert.Equal(operation, finding.Evidence["operation"]);
        Assert.Equal("ValidationException", finding.Evidence["errorCode"]);
        Assert.Equal(quarantined ? "true" : "false", finding.Evidence["quarantined"]);
        var finished = Assert.Single(_harness.LogLines, l => l.GetProperty("message").GetString() == "review finished");
        Assert.Equal("Fail", finished.GetProperty("verdict").GetString());
        _ = JsonDocument.Parse(message.DefaultJson);
        return verdict;
    }

    public void Dispose() => _harness.Dispose();
}
