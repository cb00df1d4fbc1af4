using System.Text.Json;

namespace Governance.Cli.Tests.Scan;

/// <summary>
/// <c>governance scan</c> on the local stack over the seeded repository (<see cref="ScanSeed"/>): every version
/// decided once through the review function's reviewer and ledger, statuses set in enforce mode and none in a dry run,
/// nothing new on a second scan, filters as the API takes them.
/// </summary>
public sealed class ScanRunnerTests : IAsyncLifetime
{
    private ScanHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ScanHarness.StartAsync(await ScanSeed.FolderAsync());

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Scan_WhenEnforcing_ShouldDecideEveryVersionOnceAndQuarantineOnlyTheDeniedLicense()
    {
        var run = await ScanRun.RunAsync(_harness, ScanRun.Request(_harness));

        Assert.True(run.Exit == 1, run.ToString()); // the GPL versions fail the policy
        Assert.Equal(ScanSeed.Reviewable, run.Count("listed"));
        Assert.Equal(ScanSeed.Reviewable, run.Count("reviewed"));
        Assert.Equal(ScanSeed.Reviewable, run.Count("decided"));
        Assert.Equal(ScanSeed.Failing, run.Count("quarantined"));
        Assert.Equal(ScanSeed.Reviewable - ScanSeed.Failing, run.Count("passed") + run.Count("warned"));
        Assert.Equal(ScanSeed.Reviewable, _harness.LedgerRecords().Count);
        Assert.Equal(ScanSeed.Reviewable, _harness.NotificationCount());
        Assert.False(File.Exists(_harness.StatePath), "a finished scan leaves no checkpoint");

        var statuses = await _harness.StatusesAsync();
        foreach (var package in ScanSeed.Packages)
        {
            foreach (var version in package.VersionNames)
            {
                Assert.Equal(package.Fails ? "Unlisted" : "Published", statuses[package.Key + "@" + version]);
            }
        }

        Assert.Equal("Unfinished", statuses["generic/tools/alpha@2.0.0-unfinished"]);
    }

    [Fact]
    public async Task Scan_WhenRunAgain_ShouldDecideNothingNew()
    {
        var first = await ScanRun.RunAsync(_harness, ScanRun.Request(_harness));
        var records = _harness.LedgerRecords();

        var second = await ScanRun.RunAsync(_harness, ScanRun.Request(_harness));

        Assert.True(first.Exit == 1, first.ToString());
        Assert.True(second.Exit == 1, second.ToString());
        Assert.Equal(0, second.Count("decided"));
        Assert.Equal(ScanSeed.Reviewable, second.Count("already-decided"));
        Assert.Equal(ScanSeed.Failing, second.Count("quarantined"));
        Assert.Equal(records.Order(StringComparer.Ordinal), _harness.LedgerRecords().Order(StringComparer.Ordinal));
        Assert.Equal(ScanSeed.Reviewable, _harness.NotificationCount());
    }

    [Fact]
    public async Task Scan_WhenDryRun_ShouldReportVerdictsAndChangeNothing()
    {
        var run = await ScanRun.RunAsync(_harness, ScanRun.Request(_harness) with { DryRun = true });

        Assert.True(run.Exit == 1, run.ToString());
        Assert.Equal("audit", run.Json.GetProperty("mode").GetString());
        Assert.True(run.Json.GetProperty("dryRun").GetBoolean());
        Assert.Equal(ScanSeed.Reviewable, run.Count("decided"));
        Assert.Equal(ScanSeed.Failing, run.Count("failed"));
        Assert.Equal(0, run.Count("quarantined"));
        Assert.Empty(_harness.LedgerRecords());
        Assert.Equal(0, _harness.NotificationCount());
        Assert.All((await _harness.StatusesAsync()).Where(s => !s.Key.EndsWith("unfinished", StringComparison.Ordinal)),
            s => Assert.Equal("Published", s.Value));
    }

    [Fact]
    public async Task Scan_WithJson_ShouldGiveCountsFailedVersionsDurationAndCalls()
    {
        var run = await ScanRun.RunAsync(_harness, ScanRun.Request(_harness));
        var json = run.Json;

        Assert.Equal("completed", json.GetProperty("result").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("state").ValueKind);
        Assert.Equal("000000000000", json.GetProperty("domainOwner").GetString());
        var failed = json.GetProperty("failedVersions").EnumerateArray().ToList();
        Assert.Equal(ScanSeed.Failing, failed.Count);
        Assert.All(failed, f =>
        {
            Assert.StartsWith("pkg:npm/%40acme/gpl-lib@", f.GetProperty("purl").GetString(), StringComparison.Ordinal);
            Assert.Equal("Fail", f.GetProperty("outcome").GetString());
            Assert.Equal("Unlisted", f.GetProperty("action").GetString());
            Assert.True(f.GetProperty("actionApplied").GetBoolean());
        });
        Assert.Equal(ScanSeed.Failing, json.GetProperty("rules").GetProperty("license.denied").GetInt64());
        Assert.True(json.GetProperty("durationSeconds").GetDouble() > 0);

        // Per version: describe, list assets, a status update for the quarantined ones; the listing adds a page per
        // package and the repository's description.
        var calls = json.GetProperty("calls");
        Assert.Equal(ScanSeed.Reviewable, calls.GetProperty("DescribePackageVersion").GetInt64());
        Assert.Equal(ScanSeed.Reviewable, calls.GetProperty("ListPackageVersionAssets").GetInt64());
        // At most one download per asset (one each here): a version the license already fails may be decided unread.
        Assert.InRange(calls.GetProperty("GetPackageVersionAsset").GetInt64(), ScanSeed.Reviewable - ScanSeed.Failing, ScanSeed.Reviewable);
        Assert.Equal(ScanSeed.Failing, calls.GetProperty("UpdatePackageVersionsStatus").GetInt64());
        Assert.Equal(1, calls.GetProperty("ListPackages").GetInt64());
        Assert.Equal(ScanSeed.Packages.Count, calls.GetProperty("ListPackageVersions").GetInt64());
        Assert.True(calls.GetProperty("perVersion").GetDouble() <= 3 + 1 + 0.3, run.Out);
    }

    [Fact]
    public async Task Scan_WithoutJson_ShouldPrintTablePerOutcomeAndRuleAndSayNothingWasSent()
    {
        var run = await ScanRun.RunAsync(_harness, ScanRun.Request(_harness, withTopic: false) with { Json = false });

        Assert.True(run.Exit == 1, run.ToString());
        Assert.Contains("notifications: none (no --topic-arn: nothing sent or recorded)", run.Out, StringComparison.Ordinal);
        Assert.Matches(@"decided\s+33", run.Out);
        Assert.Matches(@"quarantined\s+3", run.Out);
        Assert.Matches(@"license\.denied\s+3", run.Out);
        Assert.Equal(0, _harness.NotificationCount());
    }

    [Fact]
    public async Task Scan_WithFormatAndPrefix_ShouldReviewOnlyWhatTheFiltersSelect()
    {
        var generic = await ScanRun.RunAsync(_harness, ScanRun.Request(_harness) with { Format = "generic", PackagePrefix = "be" });
        var genericRecords = _harness.LedgerRecords();
        var npmScoped = await ScanRun.RunAsync(_harness, ScanRun.Request(_harness) with
        {
            Format = "npm", Namespace = "acme", StatePath = Path.Combine(_harness.Work, "npm.json"),
        });

        Assert.True(generic.Exit == 0, generic.ToString());
        Assert.Equal(8, generic.Count("decided"));
        Assert.Equal(8, genericRecords.Count);
        Assert.All(genericRecords, r => Assert.Contains("/generic/tools/beta/", r, StringComparison.Ordinal));
        Assert.True(npmScoped.Exit == 1, npmScoped.ToString());
        Assert.Equal(3, npmScoped.Count("decided"));
        Assert.Equal(3, npmScoped.Count("quarantined"));
        Assert.Equal(11, _harness.LedgerRecords().Count);
    }

    [Fact]
    public async Task Scan_WithStatusFilter_ShouldListOnlyVersionsInThatStatus()
    {
        await ScanRun.RunAsync(_harness, ScanRun.Request(_harness));

        var unlisted = await ScanRun.RunAsync(_harness, ScanRun.Request(_harness) with { Status = "Unlisted" });

        Assert.Equal(ScanSeed.Failing, unlisted.Count("listed"));
        Assert.Equal(ScanSeed.Failing, unlisted.Count("already-decided"));
    }

    [Fact]
    public async Task Scan_OnTerminal_ShouldDrawProgressLineOnStderrAndClearIt()
    {
        var run = await ScanRun.RunAsync(_harness, ScanRun.Request(_harness) with { Json = false, RequestsPerSecond = 400 }, interactive: true);

        Assert.Matches(@"\r\u001b\[Kscan \d+/\d+\+? · \d+\.\d/s · ETA \S+ · passed \d+ warned \d+ quarantined \d+ failed \d+", run.Err);
        Assert.EndsWith("\r\u001b[K", run.Err.Split('\n')[0], StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", run.Out, StringComparison.Ordinal);
    }
}
