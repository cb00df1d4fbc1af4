using Governance.Benchmarks.Harness;

namespace Governance.Benchmarks.Maven;

/// <summary>The builds each round times, in the order of the report.</summary>
public static class MavenCase
{
    /// <summary><c>mvn compile</c> with the mirror at <c>file:///usr/share/maven-repo</c>, fresh local repository: the floor.</summary>
    public const string Floor = "floor";

    /// <summary><c>mvn -o compile</c> on the floor's filled local repository: JVM, Maven and javac with no resolution at all.</summary>
    public const string NoDownloads = "no-downloads";

    /// <summary>Through a fresh governed stack, fresh local repository: every version ingested from public:maven-central.</summary>
    public const string Cold = "cold";

    /// <summary>The same stack again, fresh local repository: every version served from nextwork-devops-cicd.</summary>
    public const string Warm = "warm";

    public static IReadOnlyList<string> All { get; } = [Floor, NoDownloads, Cold, Warm];

    public static string Describe(string name) => name switch
    {
        Floor => "floor: file:///usr/share/maven-repo mirror",
        NoDownloads => "no downloads: mvn -o, local repository filled",
        Cold => "cold: fresh governed stack (ingest from public:maven-central)",
        Warm => "warm: same stack, served from nextwork-devops-cicd",
        _ => name,
    };
}

/// <summary>One timed <c>mvn</c> process: wall clock from start to exit, what it downloaded, who used the CPU meanwhile.</summary>
/// <param name="IdleWaitSeconds">how long the build waited for the stack's processes to go idle before it started</param>
/// <param name="LoadAverage">the machine's 1-minute load average when it ended</param>
public sealed record BuildSample(string Case, int Round, int Order, double WallSeconds, int Downloads, CpuSnapshot Cpu, DateTimeOffset Started, DateTimeOffset Ended,
    double IdleWaitSeconds, double LoadAverage)
{
    /// <summary>Events the stack emitted during the build (warm builds: must be 0, nothing new arrived); null when not counted.</summary>
    public int? StackEvents { get; init; }

    /// <summary>Share of the machine's cores busy during the build, with anything (ours or other processes).</summary>
    public double MachineUtilization(int cores) => Cpu.MachineSeconds / (WallSeconds * cores);
}

/// <summary>
/// The review of the versions one cold build brought into nextwork-devops-cicd. Offsets are decision time minus the
/// build's end (negative: decided while mvn was still running), in milliseconds, all on the machine's UTC clock.
/// </summary>
public sealed record ReviewSample(
    int Round,
    int FetchedVersions,
    int KeptVersions,
    int Decided,
    int DecidedDuringBuild,
    int DecidedAfterBuild,
    IReadOnlyList<string> Undecided,
    IReadOnlyList<double> OffsetsFromBuildEndMs,
    IReadOnlyList<double> ArrivalToDecisionMs,
    int DecisionsAllRepositories,
    double LastDecisionAnyRepositoryMs,
    int Quarantined,
    double FirstDecisionAfterBuildStartMs)
{
    /// <summary>The review function's own log for the whole cold phase (both repositories, status-change events included).</summary>
    public ReviewFunctionLog? Function { get; init; }

    public double MaxAfterEndMs => OffsetsFromBuildEndMs.Count == 0 ? double.NaN : OffsetsFromBuildEndMs.Max();

    public double P50AfterEndMs => Percentiles.Of(OffsetsFromBuildEndMs, 50);
}

/// <summary>Median and spread of a small sample (one value per round).</summary>
public sealed record Spread(double Median, double Min, double Max, int Count)
{
    public static Spread Of(IReadOnlyCollection<double> values) =>
        values.Count == 0 ? new Spread(double.NaN, double.NaN, double.NaN, 0) : new Spread(MedianOf(values), values.Min(), values.Max(), values.Count);

    /// <summary>Half the range relative to the median, in percent.</summary>
    public double HalfRangePercent => Median == 0 ? 0 : (Max - Min) / 2 / Median * 100;

    private static double MedianOf(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

/// <summary>What the proxied (untimed) profile builds showed about the requests Maven makes.</summary>
public sealed record RequestProfile(
    IReadOnlyList<ProxiedRequest> Timeline,
    string Case,
    double WallSeconds,
    int Downloads,
    int Requests,
    int Challenges,
    int Artifacts,
    int Checksums,
    int Misses,
    int MaxConcurrent,
    double ServerSumMs,
    double ServerBusyMs,
    int FirstOfVersion,
    double FirstOfVersionSumMs,
    double FirstOfVersionP50Ms,
    double OtherP50Ms);

/// <summary>The untimed profile run after the rounds.</summary>
public sealed record MavenProfile(
    RequestProfile Cold,
    RequestProfile Warm,
    Spread MavenVersionSeconds,
    double DirectGetP50Ms,
    string DirectGetPath,
    int FloorDownloads);

/// <summary>
/// What the review function's log (Lambda-style START/REPORT lines and its JSON "review finished" lines) says about
/// one stack's life: how many invocations, how long they ran in total (the function runs one invocation at a time,
/// as a Lambda with reserved concurrency 1), and the duration of the decided reviews.
/// </summary>
public sealed record ReviewFunctionLog(int Invocations, double InvocationSumMs, double FirstInvocationMs, int DecidedReviews, double DecidedP50Ms, double DecidedMaxMs)
{
    public static ReviewFunctionLog? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var invocations = new List<double>();
        var decided = new List<double>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith("REPORT RequestId:", StringComparison.Ordinal))
            {
                var at = line.IndexOf("\tDuration: ", StringComparison.Ordinal);
                if (at >= 0 && double.TryParse(line[(at + 11)..].Split(' ')[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var ms))
                {
                    invocations.Add(ms);
                }
            }
            else if (line.StartsWith('{') && line.Contains("\"review finished\"", StringComparison.Ordinal) && line.Contains("\"outcome\":\"Decided\"", StringComparison.Ordinal))
            {
                try
                {
                    using var document = System.Text.Json.JsonDocument.Parse(line);
                    if (document.RootElement.TryGetProperty("durationMs", out var duration) && duration.TryGetDouble(out var ms))
                    {
                        decided.Add(ms);
                    }
                }
                catch (System.Text.Json.JsonException)
                {
                }
            }
        }

        return new ReviewFunctionLog(invocations.Count, invocations.Sum(), invocations.Count > 0 ? invocations[0] : double.NaN, decided.Count,
            Percentiles.Of(decided, 50), decided.Count > 0 ? decided.Max() : double.NaN);
    }
}
