using System.Diagnostics;
using System.Text.Json;

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
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _harness.Work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["exec", Path.Combine(AppContext.BaseDirectory, "governance.dll"), "scan",
            "--domain", ScanSeed.Domain, "--repository", ScanSeed.Repository, "--state", _harness.StatePath, "--policy", ScanRun.PolicyFile,
            "--topic-arn", _harness.TopicArn, "--rate", "15", "--json"])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["AWS_ENDPOINT_URL"] = _harness.Endpoint;
        start.Environment["AWS_ACCESS_KEY_ID"] = _harness.Stack.Options.Credentials.AccessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = _harness.Stack.Options.Credentials.SecretAccessKey;
        start.Environment["AWS_REGION"] = _harness.Stack.Options.Region;
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        while (signal is not null && !process.HasExited)
        {
            await Task.Delay(50, timeout.Token);
            if (Reviewed() >= stopAtReviewed)
            {
                using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
                await kill.WaitForExitAsync(timeout.Token);
                break;
            }
        }

        await process.WaitForExitAsync(timeout.Token);
        return new ScanRun(process.ExitCode, await stdout, await stderr);
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
