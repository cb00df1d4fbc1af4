using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkReport = BenchmarkDotNet.Reports.BenchmarkReport;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Governance.Benchmarks.Chaos;
using Governance.Benchmarks.ColdStart;
using Governance.Benchmarks.Evidence;
using Governance.Benchmarks.Harness;
using Governance.Benchmarks.Maven;
using Governance.Benchmarks.Throughput;
using Governance.Benchmarks.Verify;

// One command for every benchmark:
//   dotnet run -c Release --project benchmarks/Governance.Benchmarks -- all|micro|verify|throughput|coldstart|chaos|maven|evidence [--quick]
// Each sub-benchmark adds rows to one summary table printed at the end (Markdown, for docs/benchmarks.md).
const string Usage = "usage: Governance.Benchmarks all|micro|verify|throughput|coldstart|chaos|maven|evidence [--quick] [options]\n" +
    "  --verify-mb N  --versions N  --latency-samples N  --large N  --large-mb N  --manual N\n" +
    "  --chaos-versions N  --seed N  --packagings jit,r2r,aot  --coldstart-runs N\n" +
    "  maven: --rounds N  --results FILE  --no-profile\n" +
    "  micro passes any other argument to BenchmarkDotNet (e.g. --filter '*Verifier*').";

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}

var command = args[0];
var (mavenOptions, sharedArgs) = MavenBenchOptions.Extract(args.Skip(1).ToArray());
var options = BenchOptions.Parse(sharedArgs);
var summary = new SummaryTable();
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

if (command is "scan" or Governance.Benchmarks.Scan.ScanBenchChild.Command) { return await Governance.Benchmarks.Scan.ScanBenchmark.MainAsync(command, options, summary, cancel.Token); }

var steps = command switch
{
    "all" => new[] { "micro", "verify", "throughput", "coldstart", "chaos", "maven", "evidence" },
    "micro" or "verify" or "throughput" or "coldstart" or "chaos" or "maven" or "evidence" => [command],
    _ => null,
};
if (steps is null)
{
    Console.Error.WriteLine($"unknown benchmark '{command}'");
    Console.Error.WriteLine(Usage);
    return 2;
}

Directory.CreateDirectory(options.WorkFolder);
var failures = 0;
try
{
    foreach (var step in steps)
    {
        Console.WriteLine($"==== {step} {(options.Quick ? "(quick)" : "")}");
        try
        {
            switch (step)
            {
                case "micro":
                    RunMicro(options, summary);
                    break;
                case "verify":
                    await VerifyBenchmark.RunAsync(options, summary, cancel.Token);
                    break;
                case "throughput":
                    await ThroughputBenchmark.RunAsync(options, summary, cancel.Token);
                    break;
                case "coldstart":
                    await ColdStartBenchmark.RunAsync(options, summary, cancel.Token);
                    break;
                case "chaos":
                    var report = await ChaosRun.RunAsync(ChaosOptions.From(options), Console.Out, cancel.Token);
                    report.AddTo(summary);
                    failures += report.Passed ? 0 : 1;
                    break;
                case "maven":
                    await MavenBenchmark.RunAsync(options, mavenOptions, summary, cancel.Token);
                    break;
                case "evidence":
                    await EvidenceBenchmark.RunAsync(options, summary, cancel.Token);
                    break;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException && steps.Length > 1)
        {
            // In `all`, one broken step must not hide the others' figures.
            Console.Error.WriteLine($"{step} failed: {e}");
            summary.Add(step, "FAILED", e.GetType().Name, "", e.Message.ReplaceLineEndings(" "));
            failures++;
        }
    }
}
finally
{
    try
    {
        Directory.Delete(options.WorkFolder, recursive: true);
    }
    catch (IOException)
    {
    }
}

summary.Print(Console.Out);
return failures == 0 ? 0 : 1;

static void RunMicro(BenchOptions options, SummaryTable summary)
{
    // In-process: the benchmarks run inside this (Release) process instead of a generated project, whose build
    // would fight the repository's locked, warnings-as-errors build rules.
    var job = (options.Quick ? Job.ShortRun.WithId("quick") : Job.Default.WithId("full")).WithToolchain(InProcessEmitToolchain.Instance);
    var config = DefaultConfig.Instance.WithOptions(ConfigOptions.JoinSummary).AddJob(job);

    var rest = options.Rest.Count > 0 ? options.Rest.ToArray() : ["--filter", "*"];
    var reports = BenchmarkSwitcher.FromAssembly(typeof(BenchOptions).Assembly).Run(rest, config);
    foreach (var report in reports.SelectMany(s => s.Reports))
    {
        AddMicroRow(report, summary);
    }
}

static void AddMicroRow(BenchmarkReport report, SummaryTable summary)
{
    var stats = report.ResultStatistics;
    if (stats is null)
    {
        return;
    }

    var benchmark = report.BenchmarkCase;
    var name = $"{benchmark.Descriptor.Type.Name.Replace("Benchmarks", "", StringComparison.Ordinal)}: {benchmark.Descriptor.WorkloadMethodDisplayInfo}";
    var parameters = benchmark.Parameters.DisplayInfo;
    var ns = stats.Median;
    var value = ns >= 1e6 ? $"{ns / 1e6:F2} ms" : ns >= 1e3 ? $"{ns / 1e3:F2} µs" : $"{ns:F0} ns";
    var extra = "";
    if (benchmark.Parameters.Items.FirstOrDefault(p => p.Name == "Size")?.Value is int size)
    {
        extra = $"{size / (double)(1 << 20) / (ns / 1e9):F0} MiB/s";
    }

    var allocated = report.GcStats.GetBytesAllocatedPerOperation(benchmark);
    summary.Add("micro " + name, parameters, value, allocated is { } a ? $"{a} B allocated/op" : "", extra);
}
