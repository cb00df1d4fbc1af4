using System.Diagnostics;
using System.Globalization;

namespace Governance.Benchmarks.Harness;

/// <summary>What one measured process run cost: wall time, peak resident memory, exit code and output.</summary>
public sealed record ProcessMeasurement(TimeSpan Elapsed, long PeakRssKb, int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// Runs a program and measures its wall time and peak RSS. With <c>/usr/bin/time -v</c> present the kernel's own
/// accounting (getrusage ru_maxrss) is read; otherwise VmHWM from /proc/PID/status is polled while it runs.
/// </summary>
public static class ProcessMeter
{
    private const string GnuTime = "/usr/bin/time";

    public static async Task<ProcessMeasurement> RunAsync(string command, IReadOnlyList<string> arguments, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var useTime = File.Exists(GnuTime);
        var start = new ProcessStartInfo(useTime ? GnuTime : command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        if (useTime)
        {
            start.ArgumentList.Add("-v");
            start.ArgumentList.Add(command);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command}");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        long polledPeak = 0;
        try
        {
            while (!process.HasExited)
            {
                if (!useTime)
                {
                    polledPeak = Math.Max(polledPeak, ReadStatusKb(process.Id, "VmHWM:") ?? 0);
                }

                await Task.WhenAny(process.WaitForExitAsync(cancellationToken), Task.Delay(20, cancellationToken));
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await process.WaitForExitAsync(cancellationToken);
        clock.Stop();
        var stderr = await errors;
        var peak = useTime ? ParseMaxRss(stderr) : polledPeak;
        return new ProcessMeasurement(clock.Elapsed, peak, process.ExitCode, await output, stderr);
    }

    /// <summary>A field of /proc/PID/status in kB (VmHWM: peak RSS, VmRSS: current), or null when the process is gone.</summary>
    public static long? ReadStatusKb(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    var number = line[field.Length..].Trim().Split(' ')[0];
                    return long.Parse(number, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    private static long ParseMaxRss(string timeOutput)
    {
        foreach (var line in timeOutput.Split('\n'))
        {
            var trimmed = line.Trim();
            const string label = "Maximum resident set size (kbytes):";
            if (trimmed.StartsWith(label, StringComparison.Ordinal))
            {
                return long.Parse(trimmed[label.Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
