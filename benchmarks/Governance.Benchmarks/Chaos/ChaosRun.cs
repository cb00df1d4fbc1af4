using System.Diagnostics;
using System.Text.Json;
using Governance.Benchmarks.Harness;
using Governance.Benchmarks.Stack;
using Governance.Local.Faults;

namespace Governance.Benchmarks.Chaos;

/// <summary>How big a chaos run is and which faults it injects.</summary>
public sealed record ChaosOptions
{
    public required string RepositoryRoot { get; init; }

    public required string WorkFolder { get; init; }

    public int Versions { get; init; } = 2000;

    /// <summary>Every Nth version is tampered at rest and must end quarantined (Unlisted); the others Published.</summary>
    public int TamperEvery { get; init; } = 10;

    public int Seed { get; init; } = 20260601;

    /// <summary>
    /// About one request or event in five meets a fault: 12% of API requests are throttled or fail with a 5xx, 8% of
    /// asset downloads are cut or corrupted mid-stream, 10% of events are duplicated and 10% reordered.
    /// </summary>
    public FaultSettings Faults => new(Throttle: 0.06, ServerError: 0.06, Reset: 0.04, Corrupt: 0.04, DuplicateEvents: 0.10, ReorderEvents: 0.10, Seed: Seed);

    /// <summary>Probability that a function invocation's start is followed by a kill -9 of the review process a few ms later.</summary>
    public double CrashProbability { get; init; } = 0.05;

    public TimeSpan QuietTimeout { get; init; } = TimeSpan.FromMinutes(30);

    public static ChaosOptions From(BenchOptions options) => new()
    {
        RepositoryRoot = options.RepositoryRoot,
        WorkFolder = options.WorkFolder,
        Versions = options.ChaosVersions,
        Seed = options.Seed,
    };
}

/// <summary>One version that did not end as it should, or a dead letter, with why.</summary>
public sealed record ChaosProblem(string Package, string Problem);

public sealed record ChaosReport(
    int Versions,
    int Tampered,
    TimeSpan Elapsed,
    int Crashes,
    int WrongStates,
    int LostNotifications,
    int DuplicateNotifications,
    int LostSlack,
    int DuplicateSlack,
    IReadOnlyList<ChaosProblem> Problems,
    IReadOnlyList<string> DeadLetters,
    string Faults)
{
    public bool Passed => WrongStates == 0 && LostNotifications == 0 && DuplicateNotifications == 0;

    public void AddTo(SummaryTable summary)
    {
        var label = $"chaos: {Versions} versions ({Tampered} tampered), {Crashes} review crashes";
        summary.Add(label, "wrong final states", WrongStates.ToString(System.Globalization.CultureInfo.InvariantCulture), "goal 0", WrongStates == 0 ? "met" : "NOT met");
        summary.Add(label, "lost notifications (e-mail / Slack)", $"{LostNotifications} / {LostSlack}", "goal 0", LostNotifications == 0 ? "met" : "NOT met");
        summary.Add(label, "duplicate notifications (e-mail / Slack)", $"{DuplicateNotifications} / {DuplicateSlack}", "goal 0", DuplicateNotifications == 0 ? "met" : "NOT met");
        summary.Add(label, "dead letters", DeadLetters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "",
            string.Join("; ", DeadLetters.GroupBy(d => d).Select(g => $"{g.Count()}× {g.Key}")));
        summary.Add(label, "elapsed", $"{Elapsed.TotalSeconds:F0} s", Faults, $"{Versions / Elapsed.TotalSeconds:F1} versions/s under faults");
    }
}

/// <summary>
/// The chaos run: versions published through the faulty local stack while the review process is killed at random
/// points, then every version's final status and notifications are checked against what it should be.
/// </summary>
public static class ChaosRun
{
    public static async Task<ChaosReport> RunAsync(ChaosOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        var function = await BenchStack.BuildFunctionAsync(options.RepositoryRoot, options.WorkFolder, cancellationToken);
        var data = Path.Combine(options.WorkFolder, "chaos-" + Guid.NewGuid().ToString("N")[..8]);
        var crashes = 0;
        var random = new Random(options.Seed);
        var gate = new object();
        BenchStack? current = null;

        // Crash points: on a function invocation's START, with the configured probability, kill the review process
        // 0–30 ms later — wherever the review happens to be (download, status update, ledger, notify).
        void OnLog(string line)
        {
            if (!line.StartsWith("START ", StringComparison.Ordinal) || current is null)
            {
                return;
            }

            int delay;
            lock (gate)
            {
                if (random.NextDouble() >= options.CrashProbability)
                {
                    return;
                }

                delay = random.Next(0, 30);
            }

            _ = Task.Run(async () =>
            {
                await Task.Delay(delay, CancellationToken.None);
                if (current?.Governed.ReviewFunction.ProcessId is { } pid)
                {
                    try
                    {
                        using var process = Process.GetProcessById(pid);
                        process.Kill();
                        Interlocked.Increment(ref crashes);
                    }
                    catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                    {
                        // Already gone: nothing to crash.
                    }
                }
            }, CancellationToken.None);
        }

        // A short lease: the review function runs one invocation at a time, so a lease only has to outlive a crashed
        // holder until the redelivery (0.5 s, then 1 s later) — not a live concurrent reviewer.
        await using var stack = await BenchStack.StartAsync(function, data, options.Faults, TimeSpan.FromSeconds(1), cancellationToken, OnLog);
        current = stack;
        var clock = Stopwatch.StartNew();
        var names = new List<(string Name, bool Tampered)>();
        for (var i = 1; i <= options.Versions; i++)
        {
            var tampered = options.TamperEvery > 0 && i % options.TamperEvery == 0;
            var name = $"{(tampered ? "tamper" : "chaos")}-{i:D5}";
            if (tampered)
            {
                await stack.PublishTamperedAsync(name, "1.0.0", cancellationToken);
            }
            else
            {
                var (content, sha) = BenchStack.SmallContent(name, "1.0.0");
                await stack.PublishAsync(name, "1.0.0", content, sha, unfinished: false, cancellationToken);
            }

            names.Add((name, tampered));
            if (i % 100 == 0)
            {
                await progress.WriteLineAsync($"chaos: published {i}/{options.Versions} ({crashes} crashes so far)");
            }
        }

        await stack.Governed.WaitForQuietAsync(options.QuietTimeout, cancellationToken);
        current = null;
        clock.Stop();

        // Results are read fault-free.
        stack.Governed.Stack.Faults.Configure(FaultSettings.None);
        var index = stack.ReadNotifications();
        var problems = new List<ChaosProblem>();
        int wrong = 0, lost = 0, duplicate = 0, lostSlack = 0, duplicateSlack = 0;
        foreach (var (name, tampered) in names)
        {
            var expected = tampered ? "Unlisted" : "Published";
            var status = (await stack.DescribeAsync(name, "1.0.0", cancellationToken)).Status;
            if (status != expected)
            {
                wrong++;
                problems.Add(new ChaosProblem(name, $"status {status}, expected {expected}"));
            }

            var emails = index.EmailsFor(name);
            var slack = index.SlackFor(name);
            lost += emails == 0 ? 1 : 0;
            duplicate += emails > 1 ? 1 : 0;
            lostSlack += slack == 0 ? 1 : 0;
            duplicateSlack += slack > 1 ? 1 : 0;
            if (emails != 1 || slack != 1)
            {
                problems.Add(new ChaosProblem(name, $"{emails} e-mails, {slack} Slack posts (expected 1 each)"));
            }
        }

        var deadLetters = ReadDeadLetters(stack.Governed.ReviewDeadLetterFile, "review")
            .Concat(ReadDeadLetters(Path.Combine(data, "notify-dead-letter.jsonl"), "notify")).ToList();
        var report = new ChaosReport(options.Versions, names.Count(n => n.Tampered), clock.Elapsed, crashes, wrong, lost, duplicate, lostSlack,
            duplicateSlack, problems, deadLetters, options.Faults.ToString() + $",crash={options.CrashProbability}");
        await progress.WriteLineAsync($"chaos: {report.Versions} versions in {report.Elapsed.TotalSeconds:F0} s, {crashes} crashes; wrong {wrong}, lost {lost}/{lostSlack}, duplicate {duplicate}/{duplicateSlack}, dead letters {deadLetters.Count}");
        foreach (var problem in problems.Take(50))
        {
            await progress.WriteLineAsync($"  {problem.Package}: {problem.Problem}");
        }

        foreach (var letter in deadLetters.Take(50))
        {
            await progress.WriteLineAsync($"  dead letter: {letter}");
        }

        return report;
    }

    /// <summary>Each dead letter as "function: errorType: errorMessage" (the reason the delivery gave up).</summary>
    private static IEnumerable<string> ReadDeadLetters(string path, string function)
    {
        if (!File.Exists(path))
        {
            yield break;
        }

        foreach (var line in File.ReadLines(path).Where(l => l.Length > 0))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var type = root.TryGetProperty("errorType", out var t) ? t.GetString() : "?";
            var message = root.TryGetProperty("errorMessage", out var m) ? m.GetString() ?? "" : "";
            yield return $"{function}: {type}: {(message.Length > 160 ? message[..160] + "…" : message)}";
        }
    }
}
