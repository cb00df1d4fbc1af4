using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Governance.Aws.CodeArtifact.Model;
using Governance.Benchmarks.Harness;
using Governance.Benchmarks.Stack;
using Governance.Cli.Demo;
using Governance.Cli.Local;
using Governance.Local.Faults;

namespace Governance.Benchmarks.Maven;

/// <summary>
/// <c>mvn compile</c> of the walkthrough's project (<see cref="MavenWalkthroughProject"/>), whole process, side by side
/// in one run: against a plain <c>file://</c> copy of the public:maven-central stand-in (the floor), through a fresh
/// governed local stack (cold: every version ingested through nextwork-devops-cicd → maven-central-store →
/// public:maven-central and reviewed by the real review function) and through the same stack again (warm: served from
/// nextwork-devops-cicd). Each round runs every case once, interleaved, so a change in the machine's speed moves all
/// of them; the ratios to the floor are per round. During each cold build the review function's decisions are read
/// from its ledger: how long after the build's end each fetched version was decided.
/// After the rounds, an untimed profile build pair goes through a counting proxy to see the requests Maven makes.
/// </summary>
public static class MavenBenchmark
{
    public const double WarmGoal = 2.0;
    public const double ColdGoal = 3.0;
    public static readonly TimeSpan ReviewGoal = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan DecisionTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public static async Task RunAsync(BenchOptions options, MavenBenchOptions maven, SummaryTable summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(maven);
        ArgumentNullException.ThrowIfNull(summary);
        MavenPrerequisites.EnsureInstalled();
        var function = await BenchStack.BuildFunctionAsync(options.RepositoryRoot, options.WorkFolder, cancellationToken);
        var root = Path.Combine(options.WorkFolder, "maven");
        var builds = new List<BuildSample>();
        var reviews = new List<ReviewSample>();

        // Warm-up, untimed: the first JVM start after a while reads Maven's and the JDK's jars from disk.
        var warmUp = new MavenWalkthroughProject(Path.Combine(root, "warm-up"), MavenPrerequisites.DebianRepository, "unused", Path.Combine(root, "warm-up-m2"));
        await warmUp.WriteAsync(cancellationToken);
        EnsureSucceeded(await warmUp.CompileAsync(cancellationToken), "warm-up");

        for (var round = 1; round <= maven.Rounds; round++)
        {
            Console.WriteLine($"maven: round {round} of {maven.Rounds}");
            var folder = Path.Combine(root, $"round-{round}");
            await using var stack = await BenchStack.StartAsync(function, Path.Combine(folder, "stack"), FaultSettings.None, TimeSpan.FromSeconds(20), cancellationToken);
            var (endpoint, token) = await EndpointAsync(stack, cancellationToken);
            var floor = new MavenWalkthroughProject(Path.Combine(folder, "floor"), MavenPrerequisites.DebianRepository, "unused", Path.Combine(folder, "m2-floor"));
            var governed = new MavenWalkthroughProject(Path.Combine(folder, "governed"), endpoint, token, Path.Combine(folder, "m2-governed"));
            await floor.WriteAsync(cancellationToken);
            await governed.WriteAsync(cancellationToken);
            var order = 0;

            // Odd rounds start with the floor, even rounds end with it: neither side always runs first.
            if (round % 2 == 1)
            {
                await FloorAsync();
            }

            var (cold, coldRun) = await TimeBuildAsync(MavenCase.Cold, round, ++order, governed, ["compile"], freshLocalRepository: true, cancellationToken);
            builds.Add(cold);
            var review = await MeasureReviewsAsync(stack, round, cold, coldRun, endpoint, cancellationToken);
            reviews.Add(review);
            Console.WriteLine($"maven: round {round} reviews: {review.Decided} of {review.KeptVersions} kept versions decided, " +
                $"{review.DecidedAfterBuild} after the build's end, max {review.MaxAfterEndMs:+0;-0} ms, p50 {review.P50AfterEndMs:+0;-0} ms from it");
            await stack.Governed.WaitForQuietAsync(TimeSpan.FromMinutes(3), cancellationToken);
            reviews[^1] = review with { Function = ReviewFunctionLog.Read(Path.Combine(stack.Governed.FunctionLogFolder, "governance-review.log")) };

            // Warm means served from nextwork-devops-cicd: no version arrives, so the stack emits no event.
            var eventsBefore = stack.Governed.EmittedEventCount;
            var (warm, _) = await TimeBuildAsync(MavenCase.Warm, round, ++order, governed, ["compile"], freshLocalRepository: true, cancellationToken);
            warm = warm with { StackEvents = (int)(stack.Governed.EmittedEventCount - eventsBefore) };
            builds.Add(warm);
            if (warm.Downloads != cold.Downloads || warm.StackEvents != 0)
            {
                Console.WriteLine($"maven: note: the warm build downloaded {warm.Downloads} files (the cold one {cold.Downloads}) and the stack emitted {warm.StackEvents} events during it");
            }

            if (round % 2 == 0)
            {
                await FloorAsync();
            }

            async Task FloorAsync()
            {
                builds.Add((await TimeBuildAsync(MavenCase.Floor, round, ++order, floor, ["compile"], freshLocalRepository: true, cancellationToken)).Sample);
                builds.Add((await TimeBuildAsync(MavenCase.NoDownloads, round, ++order, floor, ["-o", "compile"], freshLocalRepository: false, cancellationToken)).Sample);
            }
        }

        MavenProfile? profile = null;
        if (maven.Profile)
        {
            profile = await ProfileAsync(function, Path.Combine(root, "profile"), builds, cancellationToken);
        }

        var report = new MavenReport(maven.Rounds, builds, reviews, profile);
        report.Print(Console.Out);
        report.AddTo(summary);
        var written = await report.WriteAsync(maven.ResultsFile, cancellationToken);
        Console.WriteLine($"maven: results written to {written}");
    }

    /// <summary>One build, whole process, on the wall clock; the project's target folder is removed first so javac always runs.</summary>
    private static async Task<(BuildSample Sample, MavenRunResult Run)> TimeBuildAsync(string name, int round, int order, MavenWalkthroughProject project,
        IReadOnlyList<string> goals, bool freshLocalRepository, CancellationToken cancellationToken)
    {
        var target = Path.Combine(project.ProjectFolder, "target");
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        if (freshLocalRepository)
        {
            project.WipeLocalRepository();
        }

        var waited = await CpuSnapshot.WaitForIdleAsync(TimeSpan.FromSeconds(30), cancellationToken);
        var before = CpuSnapshot.Take();
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var run = await project.RunGoalsAsync(goals, cancellationToken);
        var wall = clock.Elapsed.TotalSeconds;
        var ended = DateTimeOffset.UtcNow;
        var cpu = CpuSnapshot.Take().Minus(before);
        EnsureSucceeded(run, $"{name} (round {round})");
        if (!File.Exists(project.CompiledClassFile))
        {
            throw new InvalidOperationException($"maven {name}: mvn succeeded but {project.CompiledClassFile} is missing");
        }

        var sample = new BuildSample(name, round, order, wall, run.Downloaded.Count, cpu, started, ended, waited.TotalSeconds, LoadAverage());
        Console.WriteLine($"maven: round {round} {name,-12} {wall,6:F2} s, {run.Downloaded.Count,3} downloads; CPU s: mvn {cpu.ReapedChildrenSeconds:F1}, " +
            $"host+emulator {cpu.HostSeconds:F1}, functions {cpu.FunctionSeconds:F1}, other processes {cpu.OtherSeconds:F1} (waited {waited.TotalSeconds:F1} s for idle; load {sample.LoadAverage:F1})");
        return (sample, run);
    }

    /// <summary>The 1-minute load average (/proc/loadavg): how busy the machine was with other work around a build.</summary>
    private static double LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    private static void EnsureSucceeded(MavenRunResult run, string what)
    {
        if (!run.Succeeded)
        {
            var tail = string.Join('\n', run.Output.Split('\n').TakeLast(40));
            throw new InvalidOperationException($"maven {what}: mvn exited {run.ExitCode}:\n{tail}");
        }
    }

    private static async Task<(Uri Endpoint, string Token)> EndpointAsync(BenchStack stack, CancellationToken cancellationToken)
    {
        using var client = stack.Governed.CreateCodeArtifactClient();
        var endpoint = (await client.GetRepositoryEndpointAsync(new GetRepositoryEndpointRequest
        {
            Domain = DemoPublisher.Domain,
            Repository = DemoPublisher.Repository,
            Format = "maven",
        }, cancellationToken)).RepositoryEndpoint!;
        var token = (await client.GetAuthorizationTokenAsync(new GetAuthorizationTokenRequest { Domain = DemoPublisher.Domain }, cancellationToken)).AuthorizationToken!;
        return (new Uri(endpoint.EndsWith('/') ? endpoint : endpoint + "/"), token);
    }

    /// <summary>
    /// Waits until every version the cold build fetched (its Downloaded lines) and every version nextwork-devops-cicd
    /// now holds has a decision in the ledger, then measures each decision against the build's end.
    /// </summary>
    private static async Task<ReviewSample> MeasureReviewsAsync(BenchStack stack, int round, BuildSample build, MavenRunResult run, Uri endpoint,
        CancellationToken cancellationToken)
    {
        var ledger = stack.Governed.LedgerFolder;
        var fetched = FetchedVersions(run.Downloaded, endpoint);
        var decided = await WaitForDecisionsAsync(ledger, fetched, cancellationToken);
        // The repository's own listing: anything kept that Maven's transfer log did not show is waited for too.
        var kept = await ListKeptAsync(stack, cancellationToken);
        var expected = fetched.Union(kept.Keys).ToHashSet();
        if (!expected.SetEquals(fetched))
        {
            decided = await WaitForDecisionsAsync(ledger, expected, cancellationToken);
        }

        var offsets = new List<double>();
        var arrivals = new List<double>();
        foreach (var version in expected)
        {
            if (decided.TryGetValue(version, out var decision))
            {
                offsets.Add((decision.DecidedAt - build.Ended).TotalMilliseconds);
                if (kept.TryGetValue(version, out var published) && published is { } arrived)
                {
                    arrivals.Add((decision.DecidedAt - arrived).TotalMilliseconds);
                }
            }
        }

        var undecided = expected.Where(v => !decided.ContainsKey(v)).Select(v => v.ToString()).Order(StringComparer.Ordinal).ToList();
        var all = ReviewLedger.ReadDecided(ledger);
        var ours = decided.Values.ToList();
        return new ReviewSample(
            round,
            fetched.Count,
            kept.Count,
            ours.Count,
            offsets.Count(o => o <= 0),
            offsets.Count(o => o > 0),
            undecided,
            offsets,
            arrivals,
            all.Count,
            all.Count == 0 ? double.NaN : all.Max(d => (d.DecidedAt - build.Ended).TotalMilliseconds),
            ours.Count(d => d.Outcome is not null && d.Outcome != "Pass"),
            ours.Count == 0 ? double.NaN : ours.Min(d => (d.DecidedAt - build.Started).TotalMilliseconds));
    }

    private static async Task<Dictionary<MavenVersion, LedgerDecision>> WaitForDecisionsAsync(string ledger, IReadOnlySet<MavenVersion> expected,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var decided = ReviewLedger.ReadDecided(ledger)
                .Where(d => d.Repository == DemoPublisher.Repository)
                .GroupBy(d => d.Coordinates)
                .ToDictionary(g => g.Key, g => g.MinBy(d => d.DecidedAt)!);
            if (expected.All(decided.ContainsKey) || clock.Elapsed > DecisionTimeout)
            {
                return decided;
            }

            await Task.Delay(Poll, cancellationToken);
        }
    }

    /// <summary>group:artifact:version of every file Maven downloaded from <paramref name="endpoint"/> (metadata files have no version).</summary>
    public static HashSet<MavenVersion> FetchedVersions(IEnumerable<string> downloaded, Uri endpoint)
    {
        var prefix = endpoint.AbsoluteUri;
        var versions = new HashSet<MavenVersion>();
        foreach (var url in downloaded)
        {
            if (!url.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var segments = url[prefix.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (segments.Length < 4 || segments[^1].StartsWith("maven-metadata.xml", StringComparison.Ordinal))
            {
                continue;
            }

            versions.Add(new MavenVersion(string.Join('.', segments[..^3]), segments[^3], segments[^2]));
        }

        return versions;
    }

    /// <summary>Every Maven version nextwork-devops-cicd holds, with the time it was kept there (its publishedTime, ms).</summary>
    private static async Task<Dictionary<MavenVersion, DateTimeOffset?>> ListKeptAsync(BenchStack stack, CancellationToken cancellationToken)
    {
        using var client = stack.Governed.CreateCodeArtifactClient();
        var kept = new Dictionary<MavenVersion, DateTimeOffset?>();
        await foreach (var page in client.ListPackagesPagesAsync(new ListPackagesRequest
        {
            Domain = DemoPublisher.Domain,
            Repository = DemoPublisher.Repository,
            Format = "maven",
        }, cancellationToken))
        {
            foreach (var package in page.Packages)
            {
                await foreach (var versions in client.ListPackageVersionsPagesAsync(new ListPackageVersionsRequest
                {
                    Domain = DemoPublisher.Domain,
                    Repository = DemoPublisher.Repository,
                    Format = "maven",
                    Namespace = package.Namespace,
                    Package = package.Package,
                }, cancellationToken))
                {
                    foreach (var version in versions.Versions)
                    {
                        var described = await client.DescribePackageVersionAsync(new DescribePackageVersionRequest
                        {
                            Domain = DemoPublisher.Domain,
                            Repository = DemoPublisher.Repository,
                            Format = "maven",
                            Namespace = package.Namespace,
                            Package = package.Package,
                            PackageVersion = version.Version,
                        }, cancellationToken);
                        kept[new MavenVersion(package.Namespace ?? "", package.Package!, version.Version!)] = described.PackageVersion.PublishedTime;
                    }
                }
            }
        }

        return kept;
    }

    /// <summary>
    /// Untimed: one cold and one warm build through <see cref="CountingProxy"/> on a fresh stack (every request Maven
    /// makes, and the stack's time for each as the proxy saw it), <c>mvn -v</c> three times (JVM and Maven start), and
    /// one stored file fetched directly with HttpClient 30 times (one request's latency without Maven or the proxy).
    /// </summary>
    private static async Task<MavenProfile> ProfileAsync(string function, string folder, IReadOnlyList<BuildSample> builds, CancellationToken cancellationToken)
    {
        Console.WriteLine("maven: profile (untimed): cold and warm builds through a request-counting proxy");
        await using var stack = await BenchStack.StartAsync(function, Path.Combine(folder, "stack"), FaultSettings.None, TimeSpan.FromSeconds(20), cancellationToken);
        var (endpoint, token) = await EndpointAsync(stack, cancellationToken);
        await using var proxy = await CountingProxy.StartAsync(stack.Governed.Stack.BaseUrl, cancellationToken);
        var proxied = new Uri(proxy.BaseUrl, endpoint.PathAndQuery);
        var project = new MavenWalkthroughProject(Path.Combine(folder, "governed"), proxied, token, Path.Combine(folder, "m2"));
        await project.WriteAsync(cancellationToken);

        var (cold, coldRun) = await TimeBuildAsync(MavenCase.Cold, 0, 1, project, ["compile"], freshLocalRepository: true, cancellationToken);
        var coldProfile = Describe(MavenCase.Cold, cold, proxy.Drain(), endpoint);
        await WaitForDecisionsAsync(stack.Governed.LedgerFolder, FetchedVersions(coldRun.Downloaded, proxied), cancellationToken);
        await stack.Governed.WaitForQuietAsync(TimeSpan.FromMinutes(3), cancellationToken);
        var (warm, warmRun) = await TimeBuildAsync(MavenCase.Warm, 0, 2, project, ["compile"], freshLocalRepository: true, cancellationToken);
        var warmProfile = Describe(MavenCase.Warm, warm, proxy.Drain(), endpoint);

        var versions = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var measured = await ProcessMeter.RunAsync(MavenPrerequisites.FindMaven(), ["-v"], cancellationToken);
            versions.Add(measured.Elapsed.TotalSeconds);
        }

        // One stored file, fetched directly (no proxy, no Maven): the stack's answer to one warm request.
        var jar = warmRun.Downloaded.FirstOrDefault(u => u.Contains("commons-lang3", StringComparison.Ordinal) && u.EndsWith(".jar", StringComparison.Ordinal))
                  ?? warmRun.Downloaded[0];
        var direct = new Uri(endpoint, jar[proxied.AbsoluteUri.Length..]);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("aws:" + token)));
        var latencies = new List<double>();
        for (var i = 0; i < 33; i++)
        {
            var one = Stopwatch.StartNew();
            using var response = await http.GetAsync(direct, cancellationToken);
            response.EnsureSuccessStatusCode();
            _ = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (i >= 3)
            {
                latencies.Add(one.Elapsed.TotalMilliseconds);
            }
        }

        var floorDownloads = builds.Where(b => b.Case == MavenCase.Floor).Select(b => b.Downloads).DefaultIfEmpty(0).Max();
        return new MavenProfile(coldProfile, warmProfile, Spread.Of(versions), Percentiles.Of(latencies, 50), direct.AbsolutePath, floorDownloads);
    }

    private static RequestProfile Describe(string name, BuildSample build, (IReadOnlyList<ProxiedRequest> Requests, int MaxConcurrent) proxied, Uri endpoint)
    {
        var requests = proxied.Requests;
        static bool IsChecksum(string path) =>
            path.EndsWith(".sha1", StringComparison.Ordinal) || path.EndsWith(".md5", StringComparison.Ordinal)
            || path.EndsWith(".sha256", StringComparison.Ordinal) || path.EndsWith(".sha512", StringComparison.Ordinal);

        // The first request for a version is the one that resolves it (on a cold stack: the ingestion through the chain).
        var seen = new HashSet<MavenVersion>();
        var first = new List<double>();
        var other = new List<double>();
        foreach (var request in requests.Where(r => r.Status != 401))
        {
            var version = FetchedVersions([new Uri(endpoint, request.Path).AbsoluteUri], endpoint).FirstOrDefault();
            if (version != default && seen.Add(version))
            {
                first.Add(request.ServerMs);
            }
            else
            {
                other.Add(request.ServerMs);
            }
        }

        // Time with at least one request in flight at the stack (Maven resolves some dependencies in parallel).
        double busy = 0, coveredUntil = double.MinValue;
        foreach (var request in requests.OrderBy(r => r.StartMs))
        {
            var end = request.StartMs + request.ServerMs;
            if (end <= coveredUntil)
            {
                continue;
            }

            busy += end - Math.Max(request.StartMs, coveredUntil);
            coveredUntil = end;
        }

        var profile = new RequestProfile(
            requests,
            name,
            build.WallSeconds,
            build.Downloads,
            requests.Count,
            requests.Count(r => r.Status == 401),
            requests.Count(r => r.Status == 200 && !IsChecksum(r.Path)),
            requests.Count(r => r.Status == 200 && IsChecksum(r.Path)),
            requests.Count(r => r.Status == 404),
            proxied.MaxConcurrent,
            requests.Sum(r => r.ServerMs),
            busy,
            first.Count,
            first.Sum(),
            Percentiles.Of(first, 50),
            Percentiles.Of(other, 50));
        Console.WriteLine($"maven: profile {name}: {profile.Requests} requests ({profile.Challenges} 401 challenges, {profile.Artifacts} files, " +
            $"{profile.Checksums} checksums, {profile.Misses} 404), stack busy {profile.ServerBusyMs / 1000:F2} s of {profile.WallSeconds:F2} s, " +
            $"first request per version p50 {profile.FirstOfVersionP50Ms:F1} ms (n={profile.FirstOfVersion}), others p50 {profile.OtherP50Ms:F1} ms, " +
            $"max {profile.MaxConcurrent} in flight");
        return profile;
    }
}
