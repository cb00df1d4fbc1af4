using System.Globalization;
using Governance.Cli.Scan;

namespace Governance.Benchmarks.Scan;

/// <summary>
/// The scan as a process of its own, so the benchmark can kill -9 it: <c>scan-child --state FILE --policy FILE
/// --rate N --concurrency N</c>, reaching the stack through AWS_ENDPOINT_URL as the aws CLI would. Prints the scan's
/// JSON summary; the exit code is the scan's.
/// </summary>
public static class ScanBenchChild
{
    public const string Command = "scan-child";

    /// <summary>The last line on stderr: the CPU time the scan process used, for the parent's cost per version.</summary>
    public const string CpuLine = "scan-child cpu-seconds ";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        string Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault()
            ?? throw new ArgumentException($"{Command} needs {name}");

        var request = new ScanRequest(
            ScanBenchmark.Domain,
            null,
            ScanBenchmark.Repository,
            Json: true,
            PolicyPath: Value("--policy"),
            StatePath: Value("--state"),
            RequestsPerSecond: double.Parse(Value("--rate"), CultureInfo.InvariantCulture),
            Concurrency: int.Parse(Value("--concurrency"), CultureInfo.InvariantCulture));
        var exit = await ScanRunner.RunAsync(request, Console.Out, Console.Error, interactive: false, cancellationToken);
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        await Console.Error.WriteLineAsync(CpuLine + self.TotalProcessorTime.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture));
        return exit;
    }
}
