using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Governance.Benchmarks.Harness;
using Governance.Benchmarks.Stack;
using Governance.Local.Faults;

namespace Governance.Benchmarks.Chaos;

/// <summary>
/// The chaos run: versions published through the faulty local stack — running in a process of its own — while the
/// review process is killed at random points and the stack process itself is killed (SIGKILL) in the middle of the
/// publishes and restarted on the same data folder, with hostile names and licenses mixed in; then every publish's
/// outcome, final status and notifications are checked against what it should be.
/// </summary>
public static class ChaosRun
{
    public static async Task<ChaosReport> RunAsync(ChaosOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Host is { } host)
        {
            // The host keeps everything in the run's data folder; the work folder the program made for it stays unused.
            TryDeleteEmpty(options.WorkFolder);
            await ChaosStackHost.RunAsync(host, Console.Out, Console.In, cancellationToken);
            // The run closed this host's input (it finished, or died): the stack has nothing left to serve.
            Environment.Exit(0);
        }

        var function = await BenchStack.BuildFunctionAsync(options.RepositoryRoot, options.WorkFolder, cancellationToken);
        var data = Path.Combine(options.WorkFolder, "chaos-" + Guid.NewGuid().ToString("N")[..8]);
        var plan = ChaosPlan.Publishes(options.Versions, options.TamperEvery, options.HostileEvery);
        var killPoints = ChaosPlan.KillPoints(plan, options.StackKills);
        var random = new Random(options.Seed);

        await using var stack = await ChaosStackProcess.StartAsync(
            new ChaosHostOptions(data, function, options.Faults, options.CrashProbability, options.Seed), progress, cancellationToken);
        using var publisher = new ChaosPublisher(() => stack.Endpoint);
        var clock = Stopwatch.StartNew();
        foreach (var publish in plan)
        {
            // A kill lands while this publish is in flight; the publisher retries against the restarted stack.
            var kill = killPoints.Contains(publish.Index)
                ? KillSoonAsync(stack, random.Next(0, 40), progress, cancellationToken)
                : Task.CompletedTask;
            publish.Stored = await PublishAsync(publisher, publish, cancellationToken);
            await kill;
            if (publish.Index % 100 == 0)
            {
                await progress.WriteLineAsync($"chaos: published {publish.Index}/{options.Versions} ({stack.ReviewCrashes} review crashes, {stack.StackKills} stack kills so far)");
            }
        }

        var published = clock.Elapsed;
        await stack.WaitForQuietAsync(options.QuietTimeout, cancellationToken);
        clock.Stop();
        await progress.WriteLineAsync($"chaos: published in {published.TotalSeconds:F0} s, every review done {(clock.Elapsed - published).TotalSeconds:F0} s later");

        // Results are read fault-free.
        await publisher.ClearFaultsAsync(cancellationToken);
        var report = await CheckAsync(options, plan, publisher, new ChaosOutbox(data), data, stack, clock.Elapsed, cancellationToken);
        await WriteAsync(progress, report);
        return report;
    }

    private static async Task KillSoonAsync(ChaosStackProcess stack, int delayMs, TextWriter progress, CancellationToken cancellationToken)
    {
        await Task.Delay(delayMs, cancellationToken);
        var restart = Stopwatch.StartNew();
        await stack.KillAndRestartAsync(cancellationToken);
        await progress.WriteLineAsync($"chaos: killed the stack process (kill -9) and restarted it on the same data in {restart.Elapsed.TotalSeconds:F1} s ({stack.StackKills} so far)");
    }

    private static async Task<bool> PublishAsync(ChaosPublisher publisher, ChaosPublish publish, CancellationToken cancellationToken)
    {
        var content = Encoding.UTF8.GetBytes($"{publish.Key} 1.0.0: a small governed artifact\n");
        switch (publish.Kind)
        {
            case ChaosKind.Tampered:
                // Open (Unfinished) with the first asset, altered at rest, then completed by a second asset: the review
                // sees recorded hash ≠ stored bytes.
                await publisher.PublishGenericAsync(publish.Name, "1.0.0", content, unfinished: true, cancellationToken);
                await publisher.CorruptAsync(publish.Name, "1.0.0", "asset.bin", cancellationToken);
                var sums = Encoding.UTF8.GetBytes($"{ChaosPublisher.Sha256(content)}  asset.bin\n");
                return await publisher.PublishGenericAsync(publish.Name, "1.0.0", sums, unfinished: false, cancellationToken, "SHA256SUMS");
            case ChaosKind.LongLicense:
                return await publisher.PublishNpmAsync(publish.Name, publish.Name, "1.0.0", ChaosPlan.LongLicense,
                    NpmDocument.Tarball(publish.Name, "1.0.0", ChaosPlan.LongLicense), cancellationToken);
            case ChaosKind.NpmControlCharacterName:
                return await publisher.PublishNpmAsync(Uri.EscapeDataString(publish.Name), publish.Name, "1.0.0", "MIT",
                    NpmDocument.Tarball(publish.Name, "1.0.0", "MIT"), cancellationToken);
            default:
                return await publisher.PublishGenericAsync(publish.Name, "1.0.0", content, unfinished: false, cancellationToken);
        }
    }

    private static async Task<ChaosReport> CheckAsync(ChaosOptions options, IReadOnlyList<ChaosPublish> plan, ChaosPublisher publisher, ChaosOutbox outbox,
        string data, ChaosStackProcess stack, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var problems = new List<ChaosProblem>();
        int wrong = 0, lost = 0, duplicate = 0, lostSlack = 0, duplicateSlack = 0;
        long largestLicenseNotification = 0;
        foreach (var publish in plan)
        {
            if (!publish.Stored)
            {
                // Refused: not a version. It must have been refused for a reason (its kind), stored nowhere, told nobody.
                var stored = await publisher.CountPackagesAsync(publish.Key, cancellationToken);
                if (!publish.MustBeRefused && publish.Kind != ChaosKind.RightToLeftName || stored > 0 || outbox.EmailsFor(publish.Key) + outbox.SlackFor(publish.Key) > 0)
                {
                    wrong++;
                    problems.Add(new ChaosProblem(publish.Key, $"{publish.Kind} refused, yet {stored} package(s) stored and {outbox.EmailsFor(publish.Key)} e-mail(s) sent"));
                }

                continue;
            }

            var status = await publisher.StatusAsync(publish.Name, "1.0.0", publish.Format, cancellationToken);
            if (publish.MustBeRefused || status != publish.ExpectedStatus)
            {
                wrong++;
                problems.Add(new ChaosProblem(publish.Key, publish.MustBeRefused
                    ? $"{publish.Kind} was stored although the input rules forbid it (status {status})"
                    : $"{publish.Kind}: status {status}, expected {publish.ExpectedStatus}"));
            }

            var (emails, slack) = (outbox.EmailsFor(publish.Key), outbox.SlackFor(publish.Key));
            lost += emails == 0 ? 1 : 0;
            duplicate += emails > 1 ? 1 : 0;
            lostSlack += slack == 0 ? 1 : 0;
            duplicateSlack += slack > 1 ? 1 : 0;
            if (emails != 1 || slack != 1)
            {
                problems.Add(new ChaosProblem(publish.Key, $"{publish.Kind}: {emails} e-mails, {slack} Slack posts (expected 1 each)"));
            }

            if (publish.Kind == ChaosKind.LongLicense)
            {
                largestLicenseNotification = Math.Max(largestLicenseNotification, outbox.LargestFor(publish.Key));
            }
        }

        var deadLetters = ReadDeadLetters(Path.Combine(data, "review-dead-letter.jsonl"), "review")
            .Concat(ReadDeadLetters(Path.Combine(data, "notify-dead-letter.jsonl"), "notify")).ToList();
        return new ChaosReport(plan.Count, plan.Count(p => p.Kind == ChaosKind.Tampered), elapsed, stack.ReviewCrashes, wrong, lost, duplicate, lostSlack,
            duplicateSlack, problems, deadLetters, options.Faults + $",crash={options.CrashProbability},stack-kills={options.StackKills}")
        {
            StackKills = stack.StackKills,
            Hostile = plan.Count(p => p.Kind is not (ChaosKind.Clean or ChaosKind.Tampered)),
            Refused = plan.Count(p => !p.Stored),
            LargestLongLicenseNotification = largestLicenseNotification,
        };
    }

    private static async Task WriteAsync(TextWriter progress, ChaosReport report)
    {
        await progress.WriteLineAsync(
            $"chaos: {report.Versions} publishes ({report.Hostile} hostile, {report.Refused} refused) in {report.Elapsed.TotalSeconds:F0} s, {report.Crashes} review crashes, " +
            $"{report.StackKills} stack kills; wrong {report.WrongStates}, lost {report.LostNotifications}/{report.LostSlack}, duplicate {report.DuplicateNotifications}/{report.DuplicateSlack}, " +
            $"dead letters {report.DeadLetters.Count}, largest 36 KB-license notification {report.LargestLongLicenseNotification} B");
        foreach (var problem in report.Problems.Take(50))
        {
            await progress.WriteLineAsync($"  {problem.Package}: {problem.Problem}");
        }

        foreach (var letter in report.DeadLetters.Take(50))
        {
            await progress.WriteLineAsync($"  dead letter: {letter}");
        }
    }

    private static void TryDeleteEmpty(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: false);
        }
        catch (IOException)
        {
            // Not empty, or already gone: leave it.
        }
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
