using System.Text.Json;
using Governance.Cli.Scan;

namespace Governance.Cli.Tests.Scan;

/// <summary>
/// A scan stopped in the middle — crashed at a crash point (as kill -9 would: nothing saved after the last
/// checkpoint), interrupted with Ctrl-C, or raced by a second scan of the same checkpoint — resumes to the same end:
/// every version decided exactly once, none skipped.
/// </summary>
public sealed class ScanResumeTests : IAsyncLifetime
{
    private ScanHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ScanHarness.StartAsync(await ScanSeed.FolderAsync());

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Scan_WhenCrashedTwiceAndResumed_ShouldDecideEveryVersionExactlyOnce()
    {
        // First crash: after the 7th review, with a checkpoint after every version (the cursor is mid-page).
        var first = await CrashAsync(new CrashAt("after-review", 7), TimeSpan.Zero);
        var checkpoint = JsonDocument.Parse(await File.ReadAllTextAsync(_harness.StatePath)).RootElement;
        Assert.Equal(6, checkpoint.GetProperty("counters").GetProperty("reviewed").GetInt64());

        // Second crash: inside a review, after the GPL version's status was set and before its decision was recorded
        // (a claim in progress, held by this scan's holder: the resume re-enters it at once).
        var second = await CrashAsync(new CrashAt("after-status-update", 1), TimeSpan.FromHours(1));

        var resumed = await ScanRun.RunAsync(_harness, ScanRun.Request(_harness), _harness.Services());

        Assert.Equal("after-review", first);
        Assert.Equal("after-status-update", second);
        Assert.True(resumed.Exit == 1, resumed.ToString());
        Assert.Equal(ScanSeed.Reviewable, resumed.Count("reviewed"));
        Assert.Equal(ScanSeed.Reviewable, resumed.Count("decided") + resumed.Count("already-decided"));
        Assert.Equal(ScanSeed.Failing, resumed.Count("quarantined"));
        var records = _harness.LedgerRecords().Select(r => JsonDocument.Parse(r).RootElement).ToList();
        Assert.Equal(ScanSeed.Reviewable, records.Count);
        Assert.Equal(ScanSeed.Reviewable, records.Select(r => r.GetProperty("key").GetProperty("versionKey").GetString()).Distinct().Count());
        // Exactly one notification per version: no crash fell between a publish and its "notified" mark.
        Assert.Equal(ScanSeed.Reviewable, _harness.NotificationCount());
        var statuses = await _harness.StatusesAsync();
        Assert.Equal(ScanSeed.Failing, statuses.Count(s => s.Value == "Unlisted"));
        Assert.False(File.Exists(_harness.StatePath));
    }

    [Fact]
    public async Task Scan_WhenInterrupted_ShouldSaveCheckpointExitThreeAndResumeWithoutRepeating()
    {
        using var stop = new CancellationTokenSource();
        var reviews = 0;
        var services = _harness.Services(step =>
        {
            if (step == "after-review" && Interlocked.Increment(ref reviews) == 10)
            {
                stop.Cancel();
            }
        });

        var interrupted = await ScanRun.RunAsync(_harness, ScanRun.Request(_harness) with { Concurrency = 1 }, services, cancellationToken: stop.Token);
        var resumed = await ScanRun.RunAsync(_harness, ScanRun.Request(_harness));

        Assert.True(interrupted.Exit == 3, interrupted.ToString());
        Assert.Equal("interrupted", interrupted.Json.GetProperty("result").GetString());
        Assert.Equal(10, interrupted.Count("reviewed"));
        Assert.Contains("run the same command again to resume", interrupted.Err, StringComparison.Ordinal);
        Assert.Equal(_harness.StatePath, interrupted.Json.GetProperty("state").GetString());
        Assert.True(resumed.Exit == 1, resumed.ToString());
        Assert.Equal(ScanSeed.Reviewable, resumed.Count("decided"));
        Assert.Equal(0, resumed.Count("already-decided"));
        Assert.Equal(ScanSeed.Reviewable, _harness.NotificationCount());
    }

    [Fact]
    public async Task Scan_WhenSameCheckpointIsAlreadyScanning_ShouldRefuseTheSecond()
    {
        var inReview = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var services = _harness.Services(step =>
        {
            if (step == "after-review")
            {
                inReview.TrySetResult();
                release.Task.Wait(TimeSpan.FromSeconds(30));
            }
        });
        var first = Task.Run(() => ScanRun.RunAsync(_harness, ScanRun.Request(_harness) with { Concurrency = 1 }, services));
        await inReview.Task.WaitAsync(TimeSpan.FromSeconds(60));

        var second = await ScanRun.RunAsync(_harness, ScanRun.Request(_harness));
        release.SetResult();
        var firstRun = await first;

        Assert.True(second.Exit == 2, second.ToString());
        Assert.Contains("another scan is running with the checkpoint", second.Err, StringComparison.Ordinal);
        Assert.Equal(0, _harness.NotificationCount() - (int)firstRun.Count("decided"));
        Assert.True(firstRun.Exit == 1, firstRun.ToString());
        Assert.Equal(ScanSeed.Reviewable, firstRun.Count("decided"));
    }

    [Fact]
    public async Task Scan_WhenCheckpointBelongsToOtherFilters_ShouldRefuseToResumeIt()
    {
        using var stop = new CancellationTokenSource();
        var services = _harness.Services(step =>
        {
            if (step == "after-review")
            {
                stop.Cancel();
            }
        });
        var interrupted = await ScanRun.RunAsync(_harness, ScanRun.Request(_harness) with { Format = "npm", Concurrency = 1 }, services, cancellationToken: stop.Token);

        var other = await ScanRun.RunAsync(_harness, ScanRun.Request(_harness) with { Format = "generic" });

        Assert.True(interrupted.Exit == 3, interrupted.ToString());
        Assert.True(other.Exit == 2, other.ToString());
        Assert.Contains("belongs to another scan", other.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Deleted", null, "--status Deleted")]
    [InlineData(null, 0.0, "--rate 0")]
    public async Task Scan_WithBadOptions_ShouldExitTwoNamingTheOption(string? status, double? rate, string expected)
    {
        var run = await ScanRun.RunAsync(_harness, ScanRun.Request(_harness) with { Status = status, RequestsPerSecond = rate });

        Assert.Equal(2, run.Exit);
        Assert.Contains(expected, run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_WhenRepositoryDoesNotExist_ShouldExitFourWithCodeArtifactsAnswer()
    {
        var run = await ScanRun.RunAsync(_harness, ScanRun.Request(_harness) with { Repository = "no-such-repo" });

        Assert.Equal(4, run.Exit);
        Assert.Contains("ResourceNotFoundException", run.Err, StringComparison.Ordinal);
    }

    /// <summary>Runs a scan that crashes at the <see cref="CrashAt.Count"/>th <see cref="CrashAt.Step"/>; returns the step it crashed at.</summary>
    private async Task<string> CrashAsync(CrashAt crash, TimeSpan checkpointInterval)
    {
        var seen = 0;
        var services = _harness.Services(step =>
        {
            if (step == crash.Step && Interlocked.Increment(ref seen) == crash.Count)
            {
                throw new SimulatedCrashException(step);
            }
        }, checkpointInterval);

        var thrown = await Assert.ThrowsAsync<SimulatedCrashException>(() =>
            ScanRun.RunAsync(_harness, ScanRun.Request(_harness) with { Concurrency = 1 }, services));
        return thrown.Message;
    }

    private sealed record CrashAt(string Step, int Count);

    private sealed class SimulatedCrashException(string step) : Exception(step);
}
