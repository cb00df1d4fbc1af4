using System.Text.Json;
using Governance.Cli.Tests.Commands;

namespace Governance.Cli.Tests.Scan;

/// <summary>
/// The built <c>governance scan</c> as a process, reaching the stack through AWS_ENDPOINT_URL as the aws CLI would:
/// killed with SIGKILL in the middle, then stopped with Ctrl-C (SIGINT), then resumed to the end — every version
/// decided exactly once, none skipped.
/// </summary>
public sealed class ScanProcessTests : IAsyncLifetime
{
    private ScanHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ScanHarness.StartAsync(await ScanSeed.FolderAsync());

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task ScanProcess_WhenKilledThenInterruptedThenResumed_ShouldDecideEveryVersionExactlyOnce()
    {
        var killed = await RunAsync(stopAtReviewed: 6, signal: "KILL");
        var interrupted = await RunAsync(stopAtReviewed: 18, signal: "INT");
        var resumed = await RunAsync(stopAtReviewed: null, signal: null);

        Assert.Equal(137, killed.Exit);
        Assert.True(interrupted.Exit == 3, interrupted.ToString());
        Assert.Contains("run the same command again to resume", interrupted.Err, StringComparison.Ordinal);
        Assert.True(resumed.Exit == 1, resumed.ToString());
        Assert.Equal(ScanSeed.Reviewable, resumed.Count("reviewed"));
        Assert.Equal(ScanSeed.Reviewable, resumed.Count("decided") + resumed.Count("already-decided"));
        Assert.Equal(ScanSeed.Failing, resumed.Count("quarantined"));
        var keys = _harness.LedgerRecords()
            .Select(r => JsonDocument.Parse(r).RootElement.GetProperty("key").GetProperty("versionKey").GetString())
            .ToList();
        Assert.Equal(ScanSeed.Reviewable, keys.Count);
        Assert.Equal(ScanSeed.Reviewable, keys.Distinct(StringComparer.Ordinal).Count());
        // At least once each: a kill between a publish and its "notified" mark may send one again (at most one per review in flight).
        Assert.InRange(_harness.NotificationCount(), ScanSeed.Reviewable, ScanSeed.Reviewable + 4);
        Assert.Equal(ScanSeed.Failing, (await _harness.StatusesAsync()).Count(s => s.Value == "Unlisted"));
        Assert.False(File.Exists(_harness.StatePath));
    }

    /// <summary>Runs the scan; with <paramref name="signal"/>, sends it once its checkpoint shows <paramref name="stopAtReviewed"/> versions.</summary>
    private async Task<ScanRun> RunAsync(int? stopAtReviewed, string? signal)
    {
        var environment = AwsClientEnvironment.For(
            _harness.Endpoint, _harness.Stack.Options.Region, _harness.Stack.Options.Credentials.AccessKeyId, _harness.Stack.Options.Credentials.SecretAccessKey);
        await using var process = BackgroundProcess.Start("dotnet", CliRunner.DotnetArguments("scan",
            "--domain", ScanSeed.Domain, "--repository", ScanSeed.Repository, "--state", _harness.StatePath, "--policy", ScanRun.PolicyFile,
            "--topic-arn", _harness.TopicArn, "--rate", "15", "--json"), environment, _harness.Work);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (signal is not null && !process.HasExited)
        {
            await Task.Delay(50, timeout.Token);
            if (Reviewed() >= stopAtReviewed)
            {
                await process.SignalAsync(signal);
                break;
            }
        }

        var exit = await process.WaitForExitAsync(TimeSpan.FromMinutes(3));
        return new ScanRun(exit, process.Output, process.Errors);
    }

    private long Reviewed()
    {
        try
        {
            using var state = JsonDocument.Parse(File.ReadAllBytes(_harness.StatePath));
            return state.RootElement.GetProperty("counters").GetProperty("reviewed").GetInt64();
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException)
        {
            return 0;
        }
    }
}
