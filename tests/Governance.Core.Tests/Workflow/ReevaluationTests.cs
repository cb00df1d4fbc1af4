using Governance.Core.Packages;
using Governance.Core.Ports;
using Governance.Core.Tests.Workflow.Fakes;
using Governance.Core.Workflow;

namespace Governance.Core.Tests.Workflow;

/// <summary>
/// Time and change in the policy: a cooldown that ends, a waiver that expires or is added, a new policy, a status a
/// person set, a schedule that fires twice and a clock that jumps back — each through the sweep the scheduled
/// function runs, against the same ledger and package source as the first review.
/// </summary>
public sealed class ReevaluationTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private const string Cooldown = "mode: enforce\nquarantineStatus: Unlisted\ncooldown:\n  minimumAge: 3d\n";

    [Fact]
    public async Task Cooldown_WhenAnUpstreamVersionIsAnHourOld_ShouldHoldItUntilItEndsThenPublishIt()
    {
        var bench = new ReviewBench();
        var policy = ReviewBench.Policy(Cooldown);
        var id = bench.AddNpm("fresh", "MIT", age: TimeSpan.FromHours(1));

        await bench.Reviewer(policy).ReviewVersionAsync(id, None);

        Assert.Equal(PackageVersionStatus.Unlisted, bench.Source.StatusOf(id));
        var held = Assert.Single(bench.Ledger.All);
        var until = bench.Clock.UtcNow + TimeSpan.FromDays(3) - TimeSpan.FromHours(1);
        Assert.Equal(until, held.DueAt);
        Assert.Contains("cooldown.active", bench.LastMessageText(), StringComparison.Ordinal);
        Assert.Contains("held until " + until.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), bench.LastMessageText(), StringComparison.Ordinal);

        // Nothing is due before the end.
        bench.Clock.Advance(TimeSpan.FromDays(2));
        var early = await bench.Sweep(policy).RunAsync(None);
        Assert.Equal(0, early.Due);
        Assert.Equal(PackageVersionStatus.Unlisted, bench.Source.StatusOf(id));

        bench.Clock.Advance(TimeSpan.FromDays(1));
        var report = await bench.Sweep(policy).RunAsync(None);

        Assert.Equal(1, report.Changed);
        Assert.Equal(PackageVersionStatus.Published, bench.Source.StatusOf(id));
        Assert.Equal(2, bench.Publisher.Messages.Count);
        Assert.Contains("Re-evaluated (decision 2 on this revision): cooldown ended", bench.LastMessageText(), StringComparison.Ordinal);
        var released = Assert.Single(bench.Ledger.All);
        Assert.Equal(2, released.Evaluation);
        Assert.Equal(DecisionState.Notified, released.State);
        Assert.Equal("cooldown ended", released.Trigger);
        Assert.Single(bench.Source.Downloads); // re-evaluated from the recorded subject
    }

    [Fact]
    public async Task Cooldown_ShouldNotHoldInternalVersionsExemptPackagesOrOldVersions()
    {
        var bench = new ReviewBench();
        var policy = ReviewBench.Policy(Cooldown + "  exempt: [\"pkg:npm/trusted-*\"]\n");
        var internalId = bench.AddNpm("ours", "MIT", origin: "INTERNAL", age: TimeSpan.FromMinutes(5));
        var exempt = bench.AddNpm("trusted-lib", "MIT", age: TimeSpan.FromMinutes(5));
        var old = bench.AddNpm("settled", "MIT", age: TimeSpan.FromDays(4));

        foreach (var id in new[] { internalId, exempt, old })
        {
            await bench.Reviewer(policy).ReviewVersionAsync(id, None);
            Assert.Equal(PackageVersionStatus.Published, bench.Source.StatusOf(id));
        }

        Assert.All(bench.Ledger.All, r => Assert.Null(r.DueAt));
    }

    [Fact]
    public async Task Waiver_WhenItExpires_ShouldQuarantineAtExpiryNotAtTheNextEvent()
    {
        var bench = new ReviewBench();
        var policy = ReviewBench.Policy(
            "mode: enforce\nquarantineStatus: Unlisted\nwaivers:\n  - package: pkg:npm/gpl-lib\n    version: \"1.0.0\"\n    rule: license.denied\n    reason: LEGAL-7 approved\n    expires: 2026-11-30\n");
        var id = bench.AddNpm("gpl-lib", "GPL-3.0-only");

        await bench.Reviewer(policy).ReviewVersionAsync(id, None);
        Assert.Equal(PackageVersionStatus.Published, bench.Source.StatusOf(id));
        var expiry = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(expiry, Assert.Single(bench.Ledger.All).DueAt);

        bench.Clock.UtcNow = expiry.AddMinutes(5);
        var report = await bench.Sweep(policy).RunAsync(None);

        Assert.Equal(1, report.Changed);
        Assert.Equal(PackageVersionStatus.Unlisted, bench.Source.StatusOf(id));
        Assert.Contains("waiver expired", bench.LastMessageText(), StringComparison.Ordinal);
        Assert.Equal(2, bench.Publisher.Messages.Count);
    }

    [Fact]
    public async Task Policy_WhenAWaiverIsAdded_ShouldRestoreTheVersionThisSystemQuarantined()
    {
        var bench = new ReviewBench();
        var id = bench.AddNpm("gpl-lib", "GPL-3.0-only");
        await bench.Reviewer(ReviewBench.Policy("mode: enforce\nquarantineStatus: Unlisted\n")).ReviewVersionAsync(id, None);
        Assert.Equal(PackageVersionStatus.Unlisted, bench.Source.StatusOf(id));

        var waived = ReviewBench.Policy(
            "mode: enforce\nquarantineStatus: Unlisted\nwaivers:\n  - package: pkg:npm/gpl-lib\n    version: \"1.0.0\"\n    rule: license.denied\n    reason: LEGAL-9 approved\n    expires: 2027-06-30\n");
        var report = await bench.Sweep(waived).RunAsync(None);

        Assert.True(report.PolicyPassComplete);
        Assert.Equal(PackageVersionStatus.Published, bench.Source.StatusOf(id));
        Assert.Contains("policy changed: waived license.denied (LEGAL-9 approved)", bench.LastMessageText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_WhenAPersonSetTheStatusByHand_ShouldNeverOverrideIt()
    {
        var bench = new ReviewBench();
        var id = bench.AddNpm("released", "GPL-3.0-only");
        await bench.Reviewer(ReviewBench.Policy("mode: enforce\nquarantineStatus: Unlisted\n")).ReviewVersionAsync(id, None);
        bench.Source.SetStatusByHand(id, PackageVersionStatus.Published);

        // A new policy that would now archive it (another quarantine status).
        var report = await bench.Sweep(ReviewBench.Policy("mode: enforce\nquarantineStatus: Archived\n")).RunAsync(None);

        Assert.Equal(PackageVersionStatus.Published, bench.Source.StatusOf(id));
        Assert.Single(bench.Source.StatusUpdates);
        Assert.Single(bench.Publisher.Messages);
        var skipped = Assert.Single(report.Outcomes);
        Assert.Contains("by someone else", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_WhenItChanges_ShouldChangeOnlyTheDecisionsItChangesAndDownloadNothing()
    {
        var bench = new ReviewBench();
        var before = ReviewBench.Policy("mode: enforce\nquarantineStatus: Unlisted\nlicenses:\n  allow: [MIT, Apache-2.0, GPL-2.0-only]\n  deny: []\n");
        var mit = bench.AddNpm("mit-lib", "MIT");
        var gpl = bench.AddNpm("gpl2-lib", "GPL-2.0-only");
        var apache = bench.AddNpm("apache-lib", "Apache-2.0");
        foreach (var id in new[] { mit, gpl, apache })
        {
            await bench.Reviewer(before).ReviewVersionAsync(id, None);
        }

        var downloads = bench.Source.Downloads.Count;
        var after = ReviewBench.Policy("mode: enforce\nquarantineStatus: Unlisted\nlicenses:\n  allow: [MIT, Apache-2.0]\n  deny: [GPL-2.0-only]\n");
        var report = await bench.Sweep(after).RunAsync(None);

        Assert.Equal(1, report.Changed);
        Assert.Equal(2, report.Unchanged);
        Assert.Equal(PackageVersionStatus.Unlisted, bench.Source.StatusOf(gpl));
        Assert.Equal(PackageVersionStatus.Published, bench.Source.StatusOf(mit));
        Assert.Equal(PackageVersionStatus.Published, bench.Source.StatusOf(apache));
        Assert.Single(bench.Source.StatusUpdates);
        Assert.Equal(4, bench.Publisher.Messages.Count);
        Assert.Contains("policy changed", bench.LastMessageText(), StringComparison.Ordinal);
        Assert.Contains("GPL-2.0-only", bench.LastMessageText(), StringComparison.Ordinal);
        Assert.Equal(downloads, bench.Source.Downloads.Count);

        // The pass is done: the next run re-evaluates nothing.
        var again = await bench.Sweep(after).RunAsync(None);
        Assert.Empty(again.Outcomes);
    }

    [Fact]
    public async Task Sweep_WhenTheScheduleFiresTwiceAtOnce_ShouldDecideOnce()
    {
        var bench = new ReviewBench();
        var policy = ReviewBench.Policy(Cooldown);
        var ids = Enumerable.Range(0, 20).Select(i => bench.AddNpm($"fresh-{i}", "MIT", age: TimeSpan.FromHours(1))).ToList();
        foreach (var id in ids)
        {
            await bench.Reviewer(policy).ReviewVersionAsync(id, None);
        }

        bench.Clock.Advance(TimeSpan.FromDays(3));
        var runs = await Task.WhenAll(
            Task.Run(() => bench.Sweep(policy, "reevaluate#1").RunAsync(None)),
            Task.Run(() => bench.Sweep(policy, "reevaluate#2").RunAsync(None)));

        Assert.All(ids, id => Assert.Equal(PackageVersionStatus.Published, bench.Source.StatusOf(id)));
        Assert.Equal(20, bench.Source.StatusUpdates.Count(u => u.Target == PackageVersionStatus.Published));
        Assert.Equal(40, bench.Publisher.Messages.Count); // one hold and one release each
        Assert.Equal(20, runs.Sum(r => r.Changed));
    }

    [Fact]
    public async Task Sweep_WhenTheClockJumpsBack_ShouldDecideNothingEarly()
    {
        var bench = new ReviewBench();
        var policy = ReviewBench.Policy(Cooldown);
        var id = bench.AddNpm("fresh", "MIT", age: TimeSpan.FromHours(1));
        await bench.Reviewer(policy).ReviewVersionAsync(id, None);

        bench.Clock.Advance(TimeSpan.FromDays(-1));
        var report = await bench.Sweep(policy).RunAsync(None);

        Assert.Equal(0, report.Due);
        Assert.Equal(PackageVersionStatus.Unlisted, bench.Source.StatusOf(id));
        Assert.Single(bench.Publisher.Messages);
    }

    [Fact]
    public async Task Sweep_WhenAReevaluationCrashedAfterRecordingIt_ShouldFinishItOnTheNextRun()
    {
        var bench = new ReviewBench();
        var policy = ReviewBench.Policy(Cooldown);
        var id = bench.AddNpm("fresh", "MIT", age: TimeSpan.FromHours(1));
        await bench.Reviewer(policy).ReviewVersionAsync(id, None);
        bench.Clock.Advance(TimeSpan.FromDays(3));
        var crashing = new Governance.Core.Workflow.ReevaluationSweep(bench.Ledger,
            new VersionReviewer(bench.Source, bench.Ledger, bench.Publisher, policy, bench.Clock,
                new ReviewerOptions { Holder = "reevaluate#crash", CrashPoint = s => { if (s == CrashPoints.AfterDecision) { throw new InvalidOperationException("crash"); } } }),
            policy, bench.Clock, new SweepOptions());
        await Assert.ThrowsAsync<InvalidOperationException>(() => crashing.RunAsync(None));
        Assert.Equal(DecisionState.Decided, Assert.Single(bench.Ledger.All).State);

        bench.Clock.Advance(TimeSpan.FromMinutes(16));
        await bench.Sweep(policy).RunAsync(None);

        Assert.Equal(PackageVersionStatus.Published, bench.Source.StatusOf(id));
        Assert.Equal(DecisionState.Notified, Assert.Single(bench.Ledger.All).State);
        Assert.Equal(2, bench.Publisher.Messages.Count);
    }

    [Fact]
    public async Task Intel_WhenAVersionIsReportedMaliciousAfterItWasPublished_ShouldArchiveItAtTheNextRecheck()
    {
        var bench = new ReviewBench { Intel = new ScriptedIntelSource() };
        var policy = ReviewBench.Policy("mode: enforce\nquarantineStatus: Unlisted\n");
        var id = bench.AddNpm("later-bad", "MIT", age: TimeSpan.FromHours(2));
        await bench.Reviewer(policy).ReviewVersionAsync(id, None);
        Assert.Equal(PackageVersionStatus.Published, bench.Source.StatusOf(id));
        var firstCheck = bench.Clock.UtcNow - TimeSpan.FromHours(2) + TimeSpan.FromDays(1);
        Assert.Equal(firstCheck, Assert.Single(bench.Ledger.All).DueAt);

        // Reported a few hours later; the re-check a day after publication finds it.
        bench.Intel.Report("later-bad", ScriptedIntelSource.Malicious("MAL-2026-0042"));
        bench.Clock.UtcNow = firstCheck.AddMinutes(1);
        var report = await bench.Sweep(policy).RunAsync(None);

        Assert.Equal(1, report.Changed);
        Assert.Equal(PackageVersionStatus.Archived, bench.Source.StatusOf(id));
        Assert.Contains("new intel", bench.LastMessageText(), StringComparison.Ordinal);
        Assert.Contains("MAL-2026-0042", bench.LastMessageText(), StringComparison.Ordinal);
        Assert.Single(bench.Source.Downloads);
    }

    [Fact]
    public async Task Intel_WhenNothingNewIsKnown_ShouldMoveToTheNextRecheckAndStopAfterTheLast()
    {
        var bench = new ReviewBench { Intel = new ScriptedIntelSource() };
        var policy = ReviewBench.Policy("mode: enforce\nquarantineStatus: Unlisted\n");
        var published = bench.Clock.UtcNow - TimeSpan.FromHours(2);
        var id = bench.AddNpm("quiet", "MIT", age: TimeSpan.FromHours(2));
        await bench.Reviewer(policy).ReviewVersionAsync(id, None);

        foreach (var (at, next) in new[] { (1, (DateTimeOffset?)published.AddDays(7)), (7, published.AddDays(30)), (30, null) })
        {
            bench.Clock.UtcNow = published.AddDays(at).AddMinutes(1);
            var report = await bench.Sweep(policy).RunAsync(None);
            Assert.Equal(1, report.Unchanged);
            Assert.Equal(next, Assert.Single(bench.Ledger.All).DueAt);
        }

        Assert.Equal(PackageVersionStatus.Published, bench.Source.StatusOf(id));
        Assert.Single(bench.Publisher.Messages);
        Assert.Equal(4, bench.Intel.Lookups);
    }
}
