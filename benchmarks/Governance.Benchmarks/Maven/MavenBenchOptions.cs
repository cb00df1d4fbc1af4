using System.Globalization;

namespace Governance.Benchmarks.Maven;

/// <summary>
/// Options of the <c>maven</c> benchmark, taken out of the command line before the shared options are parsed (so that
/// <c>all --rounds 3</c> never reaches BenchmarkDotNet): <c>--rounds N</c> (default 5, 2 with <c>--quick</c>),
/// <c>--results FILE</c> (the machine-readable report; default
/// <c>BenchmarkDotNet.Artifacts/results/Governance.Benchmarks.Maven-report.json</c> under the current folder, beside
/// BenchmarkDotNet's own reports) and <c>--no-profile</c> (skip the request-counting profile after the rounds).
/// </summary>
public sealed record MavenBenchOptions
{
    public const string DefaultResultsFile = "BenchmarkDotNet.Artifacts/results/Governance.Benchmarks.Maven-report.json";

    public int Rounds { get; init; } = 5;

    public string ResultsFile { get; init; } = DefaultResultsFile;

    public bool Profile { get; init; } = true;

    /// <summary>Splits the maven options off <paramref name="args"/>; everything else is returned in order.</summary>
    public static (MavenBenchOptions Options, string[] Remaining) Extract(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new MavenBenchOptions { Rounds = args.Contains("--quick") ? 2 : 5 };
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--rounds":
                    var rounds = int.Parse(Next(), CultureInfo.InvariantCulture);
                    options = options with { Rounds = rounds >= 1 ? rounds : throw new ArgumentException("--rounds must be at least 1") };
                    break;
                case "--results":
                    options = options with { ResultsFile = Next() };
                    break;
                case "--no-profile":
                    options = options with { Profile = false };
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        return (options, rest.ToArray());
    }
}
