using Governance.Aws.Ledger;
using Governance.Core.Packages;
using Governance.Core.Ports;
using Governance.TestSupport;

namespace Governance.Aws.Tests.Ledger;

/// <summary>
/// The file ledger's per-version index of revisions: what lets every review list one version's decisions without
/// reading the whole ledger, and what a data folder written before the index existed is given on first use.
/// </summary>
public sealed class FileDecisionLedgerRevisionIndexTests : IDisposable
{
    private readonly TempFolder _data = new("ledger-index");
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);

    public void Dispose() => _data.Dispose();

    private static CancellationToken Bounded() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    [Fact]
    public async Task Revisions_WhenTheDataFolderPredatesTheIndex_ShouldIndexItOnceAndListEveryRevision()
    {
        var version = $"d/123456789012/r/npm//lib-{Guid.NewGuid():N}/1.0.0";
        using (var ledger = new FileDecisionLedger(_data.Path, _clock))
        {
            foreach (var revision in new[] { "REV-A", "REV-B" })
            {
                await ledger.TryBeginAsync(new DecisionKey(version, revision), "holder-a", TimeSpan.FromMinutes(5), Bounded());
            }
        }

        // An older release wrote no index: remove it, as such a folder would be.
        Directory.Delete(Path.Combine(_data.Path, "decisions", "versions"), recursive: true);
        using var reopened = new FileDecisionLedger(_data.Path, _clock);
        var listed = await reopened.RevisionsAsync(version, Bounded());
        await reopened.TryBeginAsync(new DecisionKey(version, "REV-C"), "holder-a", TimeSpan.FromMinutes(5), Bounded());

        Assert.Equal(["REV-A", "REV-B"], listed.Select(r => r.Key.Revision).Order(StringComparer.Ordinal));
        Assert.Equal(["REV-A", "REV-B", "REV-C"], (await reopened.RevisionsAsync(version, Bounded())).Select(r => r.Key.Revision).Order(StringComparer.Ordinal));
        Assert.True(File.Exists(Path.Combine(_data.Path, "decisions", "versions", "built")));
    }

    [Fact]
    public async Task Revisions_WhenARevisionHoldsCharactersNoFileNameTakes_ShouldListItExactly()
    {
        var version = "d/123456789012/r/generic/team/odd/1.0.0";
        var revision = "rev/with\nnewline and ünïcödé";
        using var ledger = new FileDecisionLedger(_data.Path, _clock);
        await ledger.TryBeginAsync(new DecisionKey(version, revision), "holder-a", TimeSpan.FromMinutes(5), Bounded());
        await ledger.CompleteAsync(DecisionRecord.Decide(new DecisionKey(version, revision), "holder-a",
            new DecisionContent(1, "Rejected", "Unlisted", "{}", null, PackageVersionStatus.Published, "published", null, "sha256:p"), _clock.UtcNow, _clock.UtcNow.AddMinutes(5)), Bounded());

        var listed = Assert.Single(await ledger.RevisionsAsync(version, Bounded()));

        Assert.Equal(revision, listed.Key.Revision);
        Assert.Equal(DecisionState.Decided, listed.State);
    }
}
