using System.Globalization;

namespace Governance.Benchmarks.Maven;

/// <summary>
/// CPU seconds used so far, split the way the 2-core question needs it (Linux <c>/proc</c>, clock ticks of 10 ms):
/// this process (the benchmark host, which runs the local stack's emulator in-process), the children it has reaped
/// (each finished <c>mvn</c>: the JVM is the process the mvn script execs), and the review and notify function
/// processes (live children running <c>Governance.Functions</c>), and the whole machine (<c>/proc/stat</c>: every
/// core's busy time, so what other processes used is the rest). The difference of two snapshots taken around a build
/// says who used the cores during it.
/// </summary>
public sealed record CpuSnapshot(double HostSeconds, double ReapedChildrenSeconds, double FunctionSeconds, double MachineSeconds)
{
    /// <summary>CPU seconds of everything else on the machine (other users' builds and tests, the kernel's own threads).</summary>
    public double OtherSeconds => Math.Max(0, MachineSeconds - HostSeconds - ReapedChildrenSeconds - FunctionSeconds);

    private const double TicksPerSecond = 100; // USER_HZ: 100 on every Linux architecture .NET runs on

    public static CpuSnapshot Take()
    {
        if (!OperatingSystem.IsLinux())
        {
            return new CpuSnapshot(0, 0, 0, 0);
        }

        var self = ReadStat(Environment.ProcessId);
        var functions = 0.0;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            var stat = ReadStat(pid);
            if (stat is null || stat.Value.ParentId != Environment.ProcessId || !CommandLine(pid).Contains("Governance.Functions", StringComparison.Ordinal))
            {
                continue;
            }

            functions += (stat.Value.User + stat.Value.System) / TicksPerSecond;
        }

        var machine = MachineBusyTicks() / TicksPerSecond;
        return self is { } s
            ? new CpuSnapshot((s.User + s.System) / TicksPerSecond, (s.ChildrenUser + s.ChildrenSystem) / TicksPerSecond, functions, machine)
            : new CpuSnapshot(0, 0, functions, machine);
    }

    public CpuSnapshot Minus(CpuSnapshot earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return new CpuSnapshot(HostSeconds - earlier.HostSeconds, ReapedChildrenSeconds - earlier.ReapedChildrenSeconds,
            Math.Max(0, FunctionSeconds - earlier.FunctionSeconds), MachineSeconds - earlier.MachineSeconds);
    }

    /// <summary>
    /// Waits until this process and the function processes have been nearly idle (under 5 % of one core) for half a
    /// second, at most <paramref name="limit"/>: after a burst of reviews the .NET runtime recompiles hot code at tier 1
    /// in the background for a second or two, which a build started at once would share the cores with. Returns the
    /// time waited.
    /// </summary>
    public static async Task<TimeSpan> WaitForIdleAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var window = TimeSpan.FromMilliseconds(500);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var last = Take();
        while (clock.Elapsed < limit)
        {
            await Task.Delay(window, cancellationToken);
            var now = Take();
            var used = now.Minus(last);
            last = now;
            if (used.HostSeconds + used.FunctionSeconds < 0.05 * window.TotalSeconds)
            {
                break;
            }
        }

        return clock.Elapsed;
    }

    /// <summary>Busy clock ticks of every core since boot: user, nice, system, irq, softirq and steal of /proc/stat's cpu line.</summary>
    private static long MachineBusyTicks()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First();
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            return fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + (fields.Length > 7 ? fields[7] : 0);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static (int ParentId, long User, long System, long ChildrenUser, long ChildrenSystem)? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) state ppid …": comm may hold spaces and parentheses, so fields are counted after the last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture); // proc(5) numbering: state is field 3
        return ((int)Field(4), Field(14), Field(15), Field(16), Field(17));
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}
