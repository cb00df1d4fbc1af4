using Governance.Aws.Ledger;
using Governance.Core.Packages;
using Governance.Core.Ports;

namespace Governance.Aws.Tests.Ledger;

/// <summary>
/// The revisions part of the ledger contract: every decision of one version across its revisions, which the review
/// of a revision a status change made looks at (a person's release kept, this system's own change echoed). Run
/// against every adapter: <see cref="FileDecisionLedgerTests"/> and <see cref="DynamoDbDecisionLedgerTests"/> derive from it.
/// </summary>
public abstract class DecisionRevisionsContractTests : DecisionLifeCycleContractTests
{
    [Fact]
    public async Task Revisions_ShouldListEveryDecisionOfTheVersionAndNoOtherVersions()
    {
        var first = NewKey();
        var second = first with { Revision = first.Revision + "-status" };
        // A version whose key starts with the first one's: a prefix match would wrongly include it.
        var neighbour = new DecisionKey(first.VersionKey + "-rc", first.Revision);
        await ActedAsync(first);
        await Ledger.MarkNotifiedAsync(first, "m-1", Bounded());
        await Ledger.TryBeginAsync(second, "holder-b", TimeSpan.FromMinutes(5), Bounded());
        await ActedAsync(neighbour);

        var revisions = await Ledger.RevisionsAsync(first.VersionKey, Bounded());

        Assert.Equal([first.Revision, second.Revision], revisions.Select(r => r.Key.Revision).Order(StringComparer.Ordinal));
        Assert.All(revisions, r => Assert.Equal(first.VersionKey, r.Key.VersionKey));
        Assert.Equal(DecisionState.Notified, revisions.Single(r => r.Key == first).State);
        Assert.Equal("m-1", revisions.Single(r => r.Key == first).NotificationMessageId);
        Assert.Equal(PackageVersionStatus.Unlisted, revisions.Single(r => r.Key == first).ResultingStatus);
        Assert.Equal(DecisionState.InProgress, revisions.Single(r => r.Key == second).State);
        Assert.Empty(await Ledger.RevisionsAsync(first.VersionKey + "-unknown", Bounded()));
    }

    [Fact]
    public async Task Revisions_WhenRecordsArePastTheirRetention_ShouldLeaveThemOut()
    {
        var old = NewKey();
        await ActedAsync(old);
        Clock.Advance(LedgerRetention.Default + TimeSpan.FromDays(1));
        var fresh = old with { Revision = old.Revision + "-later" };
        await ActedAsync(fresh);

        var revisions = await Ledger.RevisionsAsync(old.VersionKey, Bounded());

        Assert.Equal(fresh, Assert.Single(revisions).Key);
    }

    [Fact]
    public async Task Revisions_WhenTheVersionHasMoreThanAPageOfLargeRecords_ShouldReturnThemAll()
    {
        // DynamoDB returns at most 1 MB per Query page: twelve records of 100 KB each need a second page.
        var version = NewKey();
        var subject = "{\"subject\":\"" + new string('s', 100 * 1024) + "\"}";
        var keys = Enumerable.Range(0, 12).Select(i => version with { Revision = $"{version.Revision}-{i:D2}" }).ToList();
        foreach (var key in keys)
        {
            await Ledger.TryBeginAsync(key, "holder-a", TimeSpan.FromMinutes(5), Bounded());
            await Ledger.CompleteAsync(Decided(key, "holder-a") with { SubjectJson = subject }, Bounded());
        }

        var revisions = await Ledger.RevisionsAsync(version.VersionKey, Bounded());

        Assert.Equal(keys.Select(k => k.Revision), revisions.Select(r => r.Key.Revision).Order(StringComparer.Ordinal));
        Assert.All(revisions, r => Assert.Equal(subject.Length, r.SubjectJson!.Length));
    }

    [Fact]
    public async Task Complete_WhenACarriedDecisionNamesItsNotificationAndStatus_ShouldKeepThemThroughActedAndNotified()
    {
        // What the review writes for a new revision of content already decided: the earlier revision's message id and
        // the status this system left, from the claim on, so a retry after a crash finishes from the record alone.
        var key = NewKey();
        await Ledger.TryBeginAsync(key, "holder-a", TimeSpan.FromMinutes(5), Bounded());
        await Ledger.CompleteAsync(Decided(key, "holder-a") with
        {
            Trigger = "new revision, same content: status set by a person kept",
            NotificationMessageId = "none: status set by a person kept",
            ResultingStatus = PackageVersionStatus.Unlisted,
            ObservedStatus = PackageVersionStatus.Published,
        }, Bounded());

        var decided = (await Ledger.RevisionsAsync(key.VersionKey, Bounded())).Single();
        Assert.Equal(DecisionState.Decided, decided.State);
        Assert.Equal("none: status set by a person kept", decided.NotificationMessageId);
        Assert.Equal(PackageVersionStatus.Unlisted, decided.ResultingStatus);
        await Ledger.MarkActedAsync(key, applied: false, PackageVersionStatus.Unlisted, Bounded());
        await Ledger.MarkNotifiedAsync(key, decided.NotificationMessageId!, Bounded());

        var kept = (await Ledger.GetAsync(key, Bounded()))!;
        Assert.Equal(DecisionState.Notified, kept.State);
        Assert.Equal("new revision, same content: status set by a person kept", kept.Trigger);
        Assert.Equal(PackageVersionStatus.Published, kept.ObservedStatus);
        Assert.Equal(PackageVersionStatus.Unlisted, kept.ResultingStatus);
        Assert.False(kept.ActionApplied);
    }
}
