using System.Globalization;
using System.Text.Json;
using Governance.Benchmarks.Harness;

namespace Governance.Benchmarks.Maven;

/// <summary>
/// The maven benchmark's figures: the per-case table (median and spread of the rounds, ratio to the floor computed per
/// round, then the median of those), the review latencies of the cold builds, the goal checks (reported, never
/// asserted), the profile, the summary rows, and the machine-readable JSON report.
/// </summary>
public sealed class MavenReport(int rounds, IReadOnlyList<BuildSample> builds, IReadOnlyList<ReviewSample> reviews, MavenProfile? profile)
{
    private const int Cores = 2;

    public Spread Wall(string name) => Spread.Of(Of(name).Select(b => b.WallSeconds).ToList());

    /// <summary>This case's wall time over the floor's, round by round (both ran in the same round, interleaved).</summary>
    public Spread RatioToFloor(string name)
    {
        var ratios = new List<double>();
        foreach (var build in Of(name))
        {
            if (builds.FirstOrDefault(b => b.Case == MavenCase.Floor && b.Round == build.Round) is { } floor)
            {
                ratios.Add(build.WallSeconds / floor.WallSeconds);
            }
        }

        return Spread.Of(ratios);
    }

    /// <summary>The largest decision − build end over every round, and whether every kept version was decided.</summary>
    public (double WorstMaxMs, bool AllDecided) ReviewWorst() =>
        (reviews.Count == 0 ? double.NaN : reviews.Max(r => r.MaxAfterEndMs), reviews.All(r => r.Undecided.Count == 0 && r.Decided > 0));

    public bool WarmMet => RatioToFloor(MavenCase.Warm).Median <= MavenBenchmark.WarmGoal;

    public bool ColdMet => RatioToFloor(MavenCase.Cold).Median <= MavenBenchmark.ColdGoal;

    public bool ReviewMet => ReviewWorst() is var (worst, all) && all && worst <= MavenBenchmark.ReviewGoal.TotalMilliseconds;

    private IEnumerable<BuildSample> Of(string name) => builds.Where(b => b.Case == name);

    public void Print(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine();
        output.WriteLine($"### maven: mvn compile of nextwork-web-project, {rounds} interleaved rounds, wall clock of the mvn process");
        output.WriteLine();
        output.WriteLine("| case | median | min–max (± half range) | ratio to floor, per round: median (min–max) | files downloaded | CPU s during the build: mvn / host+emulator / functions / other processes | machine busy (of 2 cores) |");
        output.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var name in MavenCase.All)
        {
            var samples = Of(name).ToList();
            if (samples.Count == 0)
            {
                continue;
            }

            var wall = Wall(name);
            var ratio = RatioToFloor(name);
            var cpu = $"{Median(samples, b => b.Cpu.ReapedChildrenSeconds):F1} / {Median(samples, b => b.Cpu.HostSeconds):F1} / " +
                $"{Median(samples, b => b.Cpu.FunctionSeconds):F1} / {Median(samples, b => b.Cpu.OtherSeconds):F1}";
            output.WriteLine($"| {MavenCase.Describe(name)} | {wall.Median:F2} s | {wall.Min:F2}–{wall.Max:F2} s (±{wall.HalfRangePercent:F0} %) | " +
                $"{(name == MavenCase.Floor ? "1.00" : $"**{ratio.Median:F2}×** ({ratio.Min:F2}–{ratio.Max:F2})")} | " +
                $"{samples.Min(b => b.Downloads)}{(samples.Max(b => b.Downloads) != samples.Min(b => b.Downloads) ? $"–{samples.Max(b => b.Downloads)}" : "")} | " +
                $"{cpu} | {Median(samples, b => b.MachineUtilization(Cores)) * 100:F0} % |");
        }

        output.WriteLine();
        output.WriteLine("Review of the versions each cold build kept in nextwork-devops-cicd (time base: the machine's UTC clock; build end = mvn exit " +
            "seen by the benchmark; decision = the ledger record's notificationStartedAt, set by the review function as it decides; " +
            "arrival = the version's publishedTime in the repository):");
        output.WriteLine();
        output.WriteLine("| round | versions fetched / kept | decided during / after the build | decision − build end: max / p50 | arrival → decision: p50 / max | first decision after build start | quarantined | decisions in both repositories, last one after build end | review function: invocations, total run time, first one, decided review p50 |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var review in reviews)
        {
            output.WriteLine($"| {review.Round} | {review.FetchedVersions} / {review.KeptVersions} | {review.DecidedDuringBuild} / {review.DecidedAfterBuild}" +
                $"{(review.Undecided.Count > 0 ? $" ({review.Undecided.Count} undecided)" : "")} | " +
                $"{Signed(review.MaxAfterEndMs)} / {Signed(review.P50AfterEndMs)} | " +
                $"{Ms(Percentiles.Of(review.ArrivalToDecisionMs, 50))} / {Ms(review.ArrivalToDecisionMs.DefaultIfEmpty(double.NaN).Max())} | " +
                $"{Ms(review.FirstDecisionAfterBuildStartMs)} | {review.Quarantined} | {review.DecisionsAllRepositories}, {Signed(review.LastDecisionAnyRepositoryMs)} | " +
                $"{(review.Function is { } f ? $"{f.Invocations}, {f.InvocationSumMs / 1000:F1} s, {Ms(f.FirstInvocationMs)}, {Ms(f.DecidedP50Ms)}" : "—")} |");
        }

        output.WriteLine();
        foreach (var line in GoalLines())
        {
            output.WriteLine(line);
        }

        if (profile is not null)
        {
            output.WriteLine();
            output.WriteLine("Profile (untimed builds through a request-counting proxy; server time = proxy → stack → proxy, one extra loopback hop):");
            output.WriteLine();
            output.WriteLine("| build | wall | files downloaded | HTTP requests (401 challenges / files / checksums / 404) | stack busy (≥ 1 request in flight) | sum of request times | first request per version: n, sum, p50 | other requests p50 | max in flight |");
            output.WriteLine("|---|---|---|---|---|---|---|---|---|");
            foreach (var p in new[] { profile.Cold, profile.Warm })
            {
                output.WriteLine($"| {p.Case} | {p.WallSeconds:F2} s | {p.Downloads} | {p.Requests} ({p.Challenges} / {p.Artifacts} / {p.Checksums} / {p.Misses}) | " +
                    $"{p.ServerBusyMs / 1000:F2} s ({p.ServerBusyMs / 10 / p.WallSeconds:F0} %) | {p.ServerSumMs / 1000:F2} s | " +
                    $"{p.FirstOfVersion}, {p.FirstOfVersionSumMs / 1000:F2} s, {p.FirstOfVersionP50Ms:F1} ms | {p.OtherP50Ms:F1} ms | {p.MaxConcurrent} |");
            }

            output.WriteLine();
            output.WriteLine($"`mvn -v` (JVM + Maven start, no project): median {profile.MavenVersionSeconds.Median:F2} s ({profile.MavenVersionSeconds.Min:F2}–{profile.MavenVersionSeconds.Max:F2}); " +
                $"one stored file fetched directly with HttpClient ({profile.DirectGetPath}): p50 {profile.DirectGetP50Ms:F2} ms (n=30); " +
                $"the floor build read {profile.FloorDownloads} files from file://.");
        }
    }

    public IEnumerable<string> GoalLines()
    {
        var warm = RatioToFloor(MavenCase.Warm);
        var cold = RatioToFloor(MavenCase.Cold);
        var (worst, all) = ReviewWorst();
        yield return $"goal warm ≤ {MavenBenchmark.WarmGoal:F0}× floor: {warm.Median:F2}× (rounds {warm.Min:F2}–{warm.Max:F2}) — {(WarmMet ? "PASS" : "FAIL")}";
        yield return $"goal cold ≤ {MavenBenchmark.ColdGoal:F0}× floor: {cold.Median:F2}× (rounds {cold.Min:F2}–{cold.Max:F2}) — {(ColdMet ? "PASS" : "FAIL")}";
        yield return $"goal every fetched version reviewed within {MavenBenchmark.ReviewGoal.TotalSeconds:F0} s of the build's end: worst {Signed(worst)} " +
            $"over {reviews.Count} cold builds{(all ? "" : ", some versions undecided")} — {(ReviewMet ? "PASS" : "FAIL")}";
    }

    public void AddTo(SummaryTable summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var floor = Wall(MavenCase.Floor);
        summary.Add("maven: " + MavenCase.Describe(MavenCase.Floor), "mvn compile wall", Describe(floor), "", "1.00 (baseline)");
        summary.Add("maven: " + MavenCase.Describe(MavenCase.NoDownloads), "mvn -o compile wall", Describe(Wall(MavenCase.NoDownloads)), $"floor {floor.Median:F2} s",
            $"{RatioToFloor(MavenCase.NoDownloads).Median:F2}×");
        summary.Add("maven: " + MavenCase.Describe(MavenCase.Warm), "mvn compile wall", Describe(Wall(MavenCase.Warm)), $"floor {floor.Median:F2} s",
            $"{RatioToFloor(MavenCase.Warm).Median:F2}× (goal ≤ {MavenBenchmark.WarmGoal:F0}×: {(WarmMet ? "PASS" : "FAIL")})");
        summary.Add("maven: " + MavenCase.Describe(MavenCase.Cold), "mvn compile wall", Describe(Wall(MavenCase.Cold)), $"floor {floor.Median:F2} s",
            $"{RatioToFloor(MavenCase.Cold).Median:F2}× (goal ≤ {MavenBenchmark.ColdGoal:F0}×: {(ColdMet ? "PASS" : "FAIL")})");
        var (worst, _) = ReviewWorst();
        var offsets = reviews.SelectMany(r => r.OffsetsFromBuildEndMs).ToList();
        summary.Add("maven: review of each version a cold build fetched", "decision − build end (all rounds)",
            $"max {Signed(worst)}, p50 {Signed(Percentiles.Of(offsets, 50))} (n={offsets.Count})", "",
            $"{reviews.Sum(r => r.DecidedAfterBuild)} after / {reviews.Sum(r => r.DecidedDuringBuild)} during the build (goal ≤ 2 s: {(ReviewMet ? "PASS" : "FAIL")})");
    }

    /// <summary>Writes the JSON report (every build, every review, the profile, the goal checks); returns its full path.</summary>
    public async Task<string> WriteAsync(string path, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await using var stream = File.Create(full);
        await using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("benchmark", "maven");
        json.WriteString("finishedAt", DateTimeOffset.UtcNow);
        json.WriteNumber("rounds", rounds);
        json.WriteNumber("processorCount", Environment.ProcessorCount);
        json.WriteString("goalCheck", "reported, not asserted");

        json.WriteStartObject("cases");
        foreach (var name in MavenCase.All)
        {
            json.WriteStartObject(name);
            json.WriteString("description", MavenCase.Describe(name));
            WriteSpread(json, "wallSeconds", Wall(name));
            if (name != MavenCase.Floor)
            {
                WriteSpread(json, "ratioToFloor", RatioToFloor(name));
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();

        json.WriteStartArray("goals");
        WriteGoal(json, "warm/floor", RatioToFloor(MavenCase.Warm).Median, MavenBenchmark.WarmGoal, WarmMet);
        WriteGoal(json, "cold/floor", RatioToFloor(MavenCase.Cold).Median, MavenBenchmark.ColdGoal, ColdMet);
        WriteGoal(json, "max decision - cold build end (ms)", ReviewWorst().WorstMaxMs, MavenBenchmark.ReviewGoal.TotalMilliseconds, ReviewMet);
        json.WriteEndArray();

        json.WriteStartArray("builds");
        foreach (var build in builds)
        {
            json.WriteStartObject();
            json.WriteString("case", build.Case);
            json.WriteNumber("round", build.Round);
            json.WriteNumber("orderInRound", build.Order);
            json.WriteNumber("wallSeconds", Math.Round(build.WallSeconds, 3));
            json.WriteNumber("downloads", build.Downloads);
            json.WriteNumber("cpuMavenSeconds", Math.Round(build.Cpu.ReapedChildrenSeconds, 2));
            json.WriteNumber("cpuHostAndEmulatorSeconds", Math.Round(build.Cpu.HostSeconds, 2));
            json.WriteNumber("cpuFunctionsSeconds", Math.Round(build.Cpu.FunctionSeconds, 2));
            json.WriteNumber("cpuOtherProcessesSeconds", Math.Round(build.Cpu.OtherSeconds, 2));
            json.WriteNumber("cpuMachineSeconds", Math.Round(build.Cpu.MachineSeconds, 2));
            json.WriteNumber("idleWaitSeconds", Math.Round(build.IdleWaitSeconds, 2));
            if (build.StackEvents is { } events)
            {
                json.WriteNumber("stackEventsDuringBuild", events);
            }

            Number(json, "loadAverage1m", build.LoadAverage);
            json.WriteString("started", build.Started);
            json.WriteString("ended", build.Ended);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("reviews");
        foreach (var review in reviews)
        {
            json.WriteStartObject();
            json.WriteNumber("round", review.Round);
            json.WriteNumber("fetchedVersions", review.FetchedVersions);
            json.WriteNumber("keptVersions", review.KeptVersions);
            json.WriteNumber("decided", review.Decided);
            json.WriteNumber("decidedDuringBuild", review.DecidedDuringBuild);
            json.WriteNumber("decidedAfterBuild", review.DecidedAfterBuild);
            Number(json, "maxDecisionAfterBuildEndMs", review.MaxAfterEndMs);
            Number(json, "p50DecisionAfterBuildEndMs", review.P50AfterEndMs);
            Number(json, "p50ArrivalToDecisionMs", Percentiles.Of(review.ArrivalToDecisionMs, 50));
            Number(json, "maxArrivalToDecisionMs", review.ArrivalToDecisionMs.DefaultIfEmpty(double.NaN).Max());
            Number(json, "firstDecisionAfterBuildStartMs", review.FirstDecisionAfterBuildStartMs);
            json.WriteNumber("quarantined", review.Quarantined);
            json.WriteNumber("decisionsAllRepositories", review.DecisionsAllRepositories);
            Number(json, "lastDecisionAnyRepositoryAfterBuildEndMs", review.LastDecisionAnyRepositoryMs);
            if (review.Function is { } function)
            {
                json.WriteStartObject("reviewFunction");
                json.WriteNumber("invocations", function.Invocations);
                Number(json, "invocationSumMs", function.InvocationSumMs);
                Number(json, "firstInvocationMs", function.FirstInvocationMs);
                json.WriteNumber("decidedReviews", function.DecidedReviews);
                Number(json, "decidedP50Ms", function.DecidedP50Ms);
                Number(json, "decidedMaxMs", function.DecidedMaxMs);
                json.WriteEndObject();
            }

            json.WriteStartArray("undecided");
            foreach (var version in review.Undecided)
            {
                json.WriteStringValue(version);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();

        if (profile is not null)
        {
            json.WriteStartObject("profile");
            foreach (var p in new[] { profile.Cold, profile.Warm })
            {
                json.WriteStartObject(p.Case);
                json.WriteNumber("wallSeconds", Math.Round(p.WallSeconds, 3));
                json.WriteNumber("downloads", p.Downloads);
                json.WriteNumber("requests", p.Requests);
                json.WriteNumber("challenges401", p.Challenges);
                json.WriteNumber("files", p.Artifacts);
                json.WriteNumber("checksums", p.Checksums);
                json.WriteNumber("misses404", p.Misses);
                json.WriteNumber("maxInFlight", p.MaxConcurrent);
                Number(json, "serverSumMs", p.ServerSumMs);
                Number(json, "serverBusyMs", p.ServerBusyMs);
                json.WriteNumber("firstRequestPerVersion", p.FirstOfVersion);
                Number(json, "firstRequestPerVersionSumMs", p.FirstOfVersionSumMs);
                Number(json, "firstRequestPerVersionP50Ms", p.FirstOfVersionP50Ms);
                Number(json, "otherRequestsP50Ms", p.OtherP50Ms);
                json.WriteStartArray("requests");
                foreach (var request in p.Timeline)
                {
                    json.WriteStartObject();
                    Number(json, "startMs", request.StartMs);
                    Number(json, "serverMs", request.ServerMs);
                    json.WriteNumber("status", request.Status);
                    json.WriteString("method", request.Method);
                    json.WriteString("path", request.Path);
                    json.WriteNumber("bytes", request.Bytes);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            WriteSpread(json, "mavenVersionSeconds", profile.MavenVersionSeconds);
            Number(json, "directGetP50Ms", profile.DirectGetP50Ms);
            json.WriteString("directGetPath", profile.DirectGetPath);
            json.WriteNumber("floorDownloads", profile.FloorDownloads);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
        return full;
    }

    private static void WriteSpread(Utf8JsonWriter json, string name, Spread spread)
    {
        json.WriteStartObject(name);
        Number(json, "median", spread.Median);
        Number(json, "min", spread.Min);
        Number(json, "max", spread.Max);
        json.WriteNumber("n", spread.Count);
        json.WriteEndObject();
    }

    private static void WriteGoal(Utf8JsonWriter json, string measure, double value, double limit, bool met)
    {
        json.WriteStartObject();
        json.WriteString("measure", measure);
        Number(json, "value", value);
        json.WriteNumber("limit", limit);
        json.WriteString("result", met ? "PASS" : "FAIL");
        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, Math.Round(value, 3));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static double Median(IEnumerable<BuildSample> samples, Func<BuildSample, double> value) => Spread.Of(samples.Select(value).ToList()).Median;

    private static string Describe(Spread spread) =>
        $"median {spread.Median:F2} s ({spread.Min:F2}–{spread.Max:F2}, n={spread.Count})";

    private static string Signed(double milliseconds) =>
        double.IsFinite(milliseconds) ? milliseconds.ToString("+#,0' ms';−#,0' ms';0' ms'", CultureInfo.InvariantCulture) : "—";

    private static string Ms(double milliseconds) =>
        double.IsFinite(milliseconds) ? milliseconds.ToString("#,0' ms'", CultureInfo.InvariantCulture) : "—";
}
