using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Governance.Benchmarks.Harness;
using Governance.Local;

namespace Governance.Benchmarks.Scan;

/// <summary>
/// <c>governance scan</c> backfilling a repository of small generic versions on the local stack (10,000 by default,
/// a tenth of them on the policy's deny list so status updates happen too). Two runs on two copies of the same
/// repository: one uninterrupted (versions/s, CodeArtifact calls per version, where the time goes), and one killed
/// with SIGKILL twice in the middle and resumed (every version decided exactly once, none skipped; what the kills cost).
/// The scan runs as a child process (<see cref="ScanBenchChild"/>) reaching the stack through AWS_ENDPOINT_URL.
/// </summary>
public static class ScanBenchmark
{
    public const string Domain = "scan-bench";
    public const string Repository = "backfill";

    public static async Task<int> MainAsync(string command, BenchOptions options, SummaryTable summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(summary);
        if (command == ScanBenchChild.Command)
        {
            return await ScanBenchChild.RunAsync(options.Rest, cancellationToken);
        }

        var passed = await RunAsync(options, summary, cancellationToken);
        summary.Print(Console.Out);
        return passed ? 0 : 1;
    }

    private static async Task<bool> RunAsync(BenchOptions options, SummaryTable summary, CancellationToken cancellationToken)
    {
        var total = Option(options, "--scan-versions", options.Quick ? 1000 : 10_000);
        var packages = Option(options, "--scan-packages", Math.Max(1, total / 100));
        var concurrency = Option(options, "--scan-concurrency", 8);
        var work = Path.Combine(Path.GetTempPath(), "governance-scan-bench-" + Environment.ProcessId);
        try
        {
            var seed = Path.Combine(work, "seed");
            var clock = Stopwatch.StartNew();
            Console.WriteLine($"scan: publishing {total} versions in {packages} packages …");
            await ScanBenchSeed.BuildAsync(seed, packages, total / packages, cancellationToken);
            Console.WriteLine($"scan: published in {clock.Elapsed.TotalSeconds:F1} s");
            total = packages * (total / packages);
            var policy = WritePolicy(options.RepositoryRoot, work, packages);
            var denied = (packages / 10) * (total / packages);

            // The scan's checkpoint and file ledger on the disk, then on tmpfs: the file ledger flushes every record to
            // disk (three flushed writes per version, one at a time under its lock), which is what bounds the first.
            var memory = Path.Combine("/dev/shm", "governance-scan-bench-" + Environment.ProcessId);
            try
            {
                var onDisk = await RunOnCopyAsync(seed, Path.Combine(work, "disk"), Path.Combine(work, "disk", "scan"), async (endpoint, scan) =>
                    [await ScanChild.RunAsync(endpoint, scan, policy, concurrency, killAtReviewed: null, cancellationToken)]);
                var inMemory = await RunOnCopyAsync(seed, Path.Combine(work, "tmpfs"), Path.Combine(memory, "clean"), async (endpoint, scan) =>
                    [await ScanChild.RunAsync(endpoint, scan, policy, concurrency, killAtReviewed: null, cancellationToken)]);
                var killedScan = Path.Combine(memory, "killed");
                var killed = await RunOnCopyAsync(seed, Path.Combine(work, "killed"), killedScan, async (endpoint, scan) =>
                    [
                        await ScanChild.RunAsync(endpoint, scan, policy, concurrency, killAtReviewed: total * 3 / 10, cancellationToken),
                        await ScanChild.RunAsync(endpoint, scan, policy, concurrency, killAtReviewed: total * 6 / 10, cancellationToken),
                        await ScanChild.RunAsync(endpoint, scan, policy, concurrency, killAtReviewed: null, cancellationToken),
                    ]);

                ReportClean(summary, $"scan: {total:N0} small versions, file ledger on disk, concurrency {concurrency}, unpaced", onDisk[0], total, denied);
                ReportClean(summary, $"scan: {total:N0} small versions, file ledger on tmpfs, concurrency {concurrency}, unpaced", inMemory[0], total, denied);
                return ReportKilled(summary, total, denied, killed, killedScan);
            }
            finally
            {
                if (Directory.Exists(memory))
                {
                    Directory.Delete(memory, recursive: true);
                }
            }
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static void ReportClean(SummaryTable summary, string name, ScanChild.Result clean, int total, int denied)
    {
        var json = clean.Summary ?? throw new InvalidOperationException($"the uninterrupted scan printed no summary (exit {clean.Exit}): {clean.Stderr}");
        var seconds = json.GetProperty("durationSeconds").GetDouble();
        var calls = json.GetProperty("calls");
        var counts = json.GetProperty("counts");
        summary.Add(name, "versions/s (scan time; process start excluded)", $"{total / seconds:F0}", "goal ≥ 200", total / seconds >= 200 ? "met" : "NOT met");
        summary.Add(name, "wall time of the process", $"{clean.WallSeconds:F1} s ({seconds:F1} s scanning)");
        summary.Add(name, "CodeArtifact calls per version", $"{calls.GetProperty("perVersion").GetDouble():F2}", "goal ≤ 3 + 1 per asset (= 4)",
            calls.GetProperty("perVersion").GetDouble() <= 4 ? "met" : "NOT met");
        summary.Add(name, "calls by operation", string.Join(", ", calls.EnumerateObject().Where(p => p.Name is not ("total" or "perVersion")).Select(p => $"{p.Name} {p.Value}")));
        var time = json.GetProperty("secondsThisRun");
        var review = time.GetProperty("review").GetDouble();
        summary.Add(name, "time per review (mean over workers)", $"{review / total * 1000:F2} ms",
            "", "of which waiting for CodeArtifact: " + string.Join(", ", time.EnumerateObject().Where(p => p.Name is not ("review" or "ListPackages" or "ListPackageVersions"))
                .Select(p => $"{p.Name} {p.Value.GetDouble() / total * 1000:F2} ms")));
        var scanCpu = clean.ChildCpuSeconds / total * 1000;
        var stackCpu = clean.StackCpuSeconds / total * 1000;
        var capacity = Environment.ProcessorCount / ((clean.ChildCpuSeconds + clean.StackCpuSeconds) / total);
        summary.Add(name, "CPU per version: scan process + local stack", $"{scanCpu:F2} ms + {stackCpu:F2} ms",
            $"load average {clean.LoadAverage} on {Environment.ProcessorCount} cores", $"≈ {capacity:F0} versions/s if the cores were ours alone");
        summary.Add(name, "verdicts", $"decided {counts.GetProperty("decided")}, quarantined {counts.GetProperty("quarantined")} (expected {denied}), passed {counts.GetProperty("passed")}, warned {counts.GetProperty("warned")}");
    }

    private static bool ReportKilled(SummaryTable summary, int total, int denied, IReadOnlyList<ScanChild.Result> killed, string killedFolder)
    {
        var last = killed[^1].Summary ?? throw new InvalidOperationException($"the resumed scan printed no summary (exit {killed[^1].Exit}): {killed[^1].Stderr}");
        var lastCounts = last.GetProperty("counts");
        var ledger = LedgerKeys(killedFolder);
        var exactlyOnce = ledger.Count == total && ledger.Distinct(StringComparer.Ordinal).Count() == total
            && lastCounts.GetProperty("reviewed").GetInt64() == total
            && lastCounts.GetProperty("decided").GetInt64() + lastCounts.GetProperty("already-decided").GetInt64() == total
            && lastCounts.GetProperty("quarantined").GetInt64() == denied;
        var killedName = $"scan: {total:N0} versions, SIGKILL at 30 % and 60 %, resumed";
        summary.Add(killedName, "runs (exit codes)", string.Join(", ", killed.Select(k => k.Killed ? $"killed at {k.ReviewedAtKill:N0} checkpointed" : $"exit {k.Exit}")));
        summary.Add(killedName, "decisions in the ledger / distinct versions", $"{ledger.Count:N0} / {ledger.Distinct(StringComparer.Ordinal).Count():N0}", $"{total:N0}",
            exactlyOnce ? "every version decided once, none skipped" : "MISMATCH");
        summary.Add(killedName, "versions found already decided on resume (redone work)", $"{lastCounts.GetProperty("already-decided")}");
        summary.Add(killedName, "scan time over the three runs / wall time", $"{last.GetProperty("durationSeconds").GetDouble():F1} s / {killed.Sum(k => k.WallSeconds):F1} s");
        return exactlyOnce;
    }

    /// <summary>The version keys of the decisions in a scan's file ledger (one record per version and revision).</summary>
    private static List<string> LedgerKeys(string folder)
    {
        var decisions = Path.Combine(folder, "ledger", "decisions");
        return Directory.GetFiles(decisions, "*.json")
            .Select(f => JsonDocument.Parse(File.ReadAllBytes(f)).RootElement.GetProperty("key").GetProperty("versionKey").GetString()!)
            .ToList();
    }

    /// <summary>Starts a stack on a copy of the seed in <paramref name="folder"/>; the scans keep their checkpoint and ledger in <paramref name="scan"/>.</summary>
    private static async Task<IReadOnlyList<ScanChild.Result>> RunOnCopyAsync(string seed, string folder, string scan,
        Func<string, string, Task<IReadOnlyList<ScanChild.Result>>> runs)
    {
        Directory.CreateDirectory(scan);
        ScanBenchSeed.Copy(seed, Path.Combine(folder, "stack"));
        await using var stack = new LocalStack(new LocalStackOptions { Port = 0, DataFolder = Path.Combine(folder, "stack") });
        await stack.StartAsync(CancellationToken.None);
        return await runs(stack.BaseUrl.GetLeftPart(UriPartial.Authority), scan);
    }

    /// <summary>The repository's default policy with a tenth of the packages on the deny list.</summary>
    private static string WritePolicy(string repositoryRoot, string work, int packages)
    {
        var text = File.ReadAllText(Path.Combine(repositoryRoot, "governance.yaml"));
        var deny = string.Concat(Enumerable.Range(0, packages / 10).Select(p =>
            $"\n  - package: pkg:generic/{ScanBenchSeed.Namespace}/{ScanBenchSeed.PackageName(p)}\n    reason: \"scan benchmark, a tenth of the packages is denied\""));
        if (!text.Contains("denyList: []", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("governance.yaml no longer has 'denyList: []'; update the scan benchmark's policy");
        }

        var path = Path.Combine(work, "policy.yaml");
        File.WriteAllText(path, text.Replace("denyList: []", "denyList:" + deny, StringComparison.Ordinal));
        return path;
    }

    private static int Option(BenchOptions options, string name, int fallback)
    {
        var index = options.Rest.ToList().IndexOf(name);
        return index >= 0 && index + 1 < options.Rest.Count ? int.Parse(options.Rest[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
