using Governance.Local.Faults;

namespace Governance.Cli.Tests.Scan;

/// <summary>The scan stays under its request rate, and rides out CodeArtifact throttling without skipping a version.</summary>
public sealed class ScanPacingTests : IAsyncLifetime
{
    private ScanHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ScanHarness.StartAsync(await ScanSeed.FolderAsync());

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Scan_WithRate_ShouldSpreadItsCallsOverTime()
    {
        var run = await ScanRun.RunAsync(_harness, ScanRun.Request(_harness) with { Format = "generic", PackagePrefix = "ga", RequestsPerSecond = 10 });

        var calls = run.Json.GetProperty("calls").GetProperty("total").GetInt64();
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Equal(8, run.Count("decided"));
        // 10 a second with a burst of 2: the calls after the burst need (calls - 2) / 10 seconds at least.
        Assert.True(run.Json.GetProperty("durationSeconds").GetDouble() >= (calls - 2) / 10.0 - 0.05, run.Out);
    }

    [Fact]
    public async Task Scan_WhenCodeArtifactThrottles_ShouldBackOffRetryAndStillDecideEveryVersionOnce()
    {
        // Six requests in ten answered 429 (Retry-After: 1): a fifth of the calls outlast the SDK's three attempts.
        _harness.Stack.Faults.Configure(new FaultSettings(Throttle: 0.6, Seed: 7));

        var run = await ScanRun.RunAsync(_harness, ScanRun.Request(_harness, withTopic: false) with
        {
            Format = "generic", PackagePrefix = "ga", Concurrency = 1,
        });

        _harness.Stack.Faults.Configure(FaultSettings.None);
        var calls = run.Json.GetProperty("calls");
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Equal(8, run.Count("decided"));
        Assert.Equal(0, run.Count("error"));
        Assert.Equal(8, _harness.LedgerRecords().Count);
        // Without a retry by the scan itself the count would be 1 + 1 + 1 + 8 × 3 = 27 (the SDK's retries are not counted).
        Assert.True(calls.GetProperty("total").GetInt64() > 27, run.Out);
    }
}
