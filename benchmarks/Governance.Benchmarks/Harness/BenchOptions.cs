namespace Governance.Benchmarks.Harness;

/// <summary>
/// Command-line options shared by the sub-benchmarks. <c>--quick</c> scales every run down (documented figures use
/// the full sizes); explicit options override either.
/// </summary>
public sealed record BenchOptions
{
    public bool Quick { get; init; }

    /// <summary>Size of the file for the whole-process verification benchmark.</summary>
    public long VerifyBytes { get; init; }

    /// <summary>Small versions for the throughput run.</summary>
    public int Versions { get; init; }

    /// <summary>Versions reviewed one at a time for the latency distribution.</summary>
    public int LatencySamples { get; init; }

    public int LargeVersions { get; init; }

    public long LargeBytes { get; init; }

    /// <summary>Versions handled by the scripted manual path (aws CLI + sha256sum).</summary>
    public int ManualVersions { get; init; }

    public int ChaosVersions { get; init; }

    public int Seed { get; init; } = 20260601;

    /// <summary>Cold-start packagings to measure: jit, r2r, aot.</summary>
    public IReadOnlyList<string> Packagings { get; init; } = ["jit", "r2r", "aot"];

    public int ColdStartRuns { get; init; }

    /// <summary>
    /// Whether the notify function records delivery receipts (the deployed default). <c>--no-receipts</c> measures the
    /// throughput path without them, to price what exactly-once notification costs.
    /// </summary>
    public bool DeliveryReceipts { get; init; } = true;

    /// <summary>Arguments left for BenchmarkDotNet (micro).</summary>
    public IReadOnlyList<string> Rest { get; init; } = [];

    public string RepositoryRoot { get; init; } = "";

    public string WorkFolder { get; init; } = "";

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var quick = args.Contains("--quick");
        var options = new BenchOptions
        {
            Quick = quick,
            VerifyBytes = quick ? 256L << 20 : 1L << 30,
            Versions = quick ? 200 : 1000,
            LatencySamples = quick ? 30 : 100,
            LargeVersions = quick ? 2 : 3,
            LargeBytes = quick ? 64L << 20 : 256L << 20,
            ManualVersions = quick ? 10 : 30,
            ChaosVersions = quick ? 200 : 2000,
            ColdStartRuns = quick ? 2 : 5,
        };
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--quick":
                    break;
                case "--no-receipts":
                    options = options with { DeliveryReceipts = false };
                    break;
                case "--verify-mb":
                    options = options with { VerifyBytes = long.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) << 20 };
                    break;
                case "--versions":
                    options = options with { Versions = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) };
                    break;
                case "--latency-samples":
                    options = options with { LatencySamples = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) };
                    break;
                case "--large":
                    options = options with { LargeVersions = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) };
                    break;
                case "--large-mb":
                    options = options with { LargeBytes = long.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) << 20 };
                    break;
                case "--manual":
                    options = options with { ManualVersions = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) };
                    break;
                case "--chaos-versions":
                    options = options with { ChaosVersions = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) };
                    break;
                case "--seed":
                    options = options with { Seed = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) };
                    break;
                case "--packagings":
                    options = options with { Packagings = Next().Split(',', StringSplitOptions.RemoveEmptyEntries) };
                    break;
                case "--coldstart-runs":
                    options = options with { ColdStartRuns = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) };
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        var root = Cli.Local.FunctionArtifact.FindRepositoryRoot(AppContext.BaseDirectory)
            ?? Cli.Local.FunctionArtifact.FindRepositoryRoot(Environment.CurrentDirectory)
            ?? throw new InvalidOperationException("run the benchmarks from inside the repository (Governance.sln not found above the current folder)");
        var work = Path.Combine(Path.GetTempPath(), "governance-bench-" + Environment.ProcessId);
        return options with { Rest = rest, RepositoryRoot = root, WorkFolder = work };
    }
}
