using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Governance.Benchmarks.Scan;

/// <summary>Starts one scan child process and, when asked, kills it with SIGKILL once its checkpoint shows enough versions reviewed.</summary>
public static class ScanChild
{
    /// <param name="ChildCpuSeconds">CPU time of the scan process (0 when killed: it could not say).</param>
    /// <param name="StackCpuSeconds">CPU time this process (the local stack) used meanwhile.</param>
    /// <param name="LoadAverage">The machine's one-minute load average when the run ended (other work sharing the cores).</param>
    public sealed record Result(int Exit, bool Killed, long ReviewedAtKill, double WallSeconds, JsonElement? Summary, string Stderr,
        double ChildCpuSeconds, double StackCpuSeconds, string LoadAverage);

    /// <param name="folder">Where the scan keeps its checkpoint and file ledger (and runs).</param>
    public static async Task<Result> RunAsync(string endpoint, string folder, string policy, int concurrency, long? killAtReviewed, CancellationToken cancellationToken)
    {
        var state = Path.Combine(folder, "scan.json");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        foreach (var argument in new[]
        {
            "exec", typeof(ScanChild).Assembly.Location, ScanBenchChild.Command,
            "--state", state, "--policy", policy, "--rate", "1000000", "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["AWS_ENDPOINT_URL"] = endpoint;
        start.Environment["AWS_ACCESS_KEY_ID"] = "test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        var clock = Stopwatch.StartNew();
        var stackCpu = Process.GetCurrentProcess().TotalProcessorTime;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        long reviewedAtKill = 0;
        if (killAtReviewed is { } target)
        {
            while (!process.HasExited)
            {
                await Task.Delay(50, cancellationToken);
                if (Reviewed(state) is { } reviewed && reviewed >= target)
                {
                    process.Kill(); // SIGKILL: no handler runs, nothing more is saved
                    reviewedAtKill = reviewed;
                    break;
                }
            }
        }

        await process.WaitForExitAsync(cancellationToken);
        var wall = clock.Elapsed.TotalSeconds;
        var stackSeconds = (Process.GetCurrentProcess().TotalProcessorTime - stackCpu).TotalSeconds;
        var output = await stdout;
        var error = await stderr;
        Console.WriteLine(reviewedAtKill > 0
            ? $"scan: killed after {reviewedAtKill} checkpointed reviews ({wall:F1} s)"
            : $"scan: exit {process.ExitCode} after {wall:F1} s");
        JsonElement? summary = reviewedAtKill > 0 || output.Length == 0 ? null : JsonDocument.Parse(output).RootElement.Clone();
        var cpuLine = error.Split('\n').LastOrDefault(l => l.StartsWith(ScanBenchChild.CpuLine, StringComparison.Ordinal));
        var childSeconds = cpuLine is null ? 0 : double.Parse(cpuLine[ScanBenchChild.CpuLine.Length..], CultureInfo.InvariantCulture);
        var load = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg", cancellationToken)).Split(' ')[0] : "?";
        return new Result(reviewedAtKill > 0 ? -9 : process.ExitCode, reviewedAtKill > 0, reviewedAtKill, wall, summary, error, childSeconds, stackSeconds, load);
    }

    private static long? Reviewed(string state)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(state));
            return document.RootElement.GetProperty("counters").GetProperty("reviewed").GetInt64();
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException)
        {
            return null;
        }
    }
}
