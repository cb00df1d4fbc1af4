using System.Diagnostics;
using System.Security.Cryptography;
using Governance.Benchmarks.Harness;
using Governance.Benchmarks.Stack;
using Governance.Cli.Demo;
using Governance.Local.Faults;

namespace Governance.Benchmarks.Throughput;

/// <summary>
/// Review throughput through the local stack, end to end: publish (CodeArtifact API) → EventBridge-shaped event →
/// review function (built program, Runtime API host) → status update → SNS → notify function → Slack post. The
/// end of the chain is the Slack post, so every latency here covers the whole path.
/// Side by side, on the same stack: the walkthrough's manual path scripted with the aws CLI (download the asset,
/// sha256sum, update the status).
/// </summary>
public static class ThroughputBenchmark
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(5);

    public static async Task RunAsync(BenchOptions options, SummaryTable summary, CancellationToken cancellationToken)
    {
        var function = await BenchStack.BuildFunctionAsync(options.RepositoryRoot, options.WorkFolder, cancellationToken);
        await using var stack = await BenchStack.StartAsync(function, Path.Combine(options.WorkFolder, "throughput"), FaultSettings.None, TimeSpan.FromSeconds(20), cancellationToken);
        var expectedSlack = 0;
        var sequence = 0;

        // Warm-up: the first review pays the function's JIT; the cold-start benchmark measures that separately.
        await OneAtATimeAsync(stack, "small", ++sequence, ++expectedSlack, null, cancellationToken);

        // Latency: one version in flight at a time, so each figure is the path's own time, not queueing.
        var latencies = new List<double>();
        for (var i = 0; i < options.LatencySamples; i++)
        {
            latencies.Add(await OneAtATimeAsync(stack, "small", ++sequence, ++expectedSlack, null, cancellationToken));
        }

        summary.Add("throughput: small versions, one in flight", "publish → Slack post latency", Percentiles.Describe(latencies));

        // Throughput: publish N versions back to back and wait for N notifications.
        Console.WriteLine($"throughput: publishing {options.Versions} small versions back to back");
        var published = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var startUtc = DateTime.UtcNow;
        var names = new List<string>();
        for (var i = 0; i < options.Versions; i++)
        {
            var name = Name("small", ++sequence);
            var (content, sha) = BenchStack.SmallContent(name, "1.0.0");
            published[name] = DateTime.UtcNow;
            await stack.PublishAsync(name, "1.0.0", content, sha, unfinished: false, cancellationToken);
            names.Add(name);
        }

        var publishSeconds = clock.Elapsed.TotalSeconds;
        expectedSlack += options.Versions;
        await WaitForSlackAsync(stack, expectedSlack, TimeSpan.FromMinutes(20), cancellationToken);
        await stack.Governed.WaitForQuietAsync(TimeSpan.FromMinutes(2), cancellationToken);
        var index = stack.ReadNotifications();
        var endUtc = names.Select(n => index.LastSlack(n) ?? DateTime.UtcNow).Max();
        var seconds = (endUtc - startUtc).TotalSeconds;
        var batchLatencies = names.Select(n => ((index.LastSlack(n) ?? endUtc) - published[n]).TotalMilliseconds).ToList();
        var wrong = 0;
        foreach (var name in names)
        {
            var status = (await stack.DescribeAsync(name, "1.0.0", cancellationToken)).Status;
            wrong += status == "Published" && index.EmailsFor(name) == 1 && index.SlackFor(name) == 1 ? 0 : 1;
        }

        var rate = options.Versions / seconds;
        Console.WriteLine($"throughput: {options.Versions} versions in {seconds:F1} s (publishing took {publishSeconds:F1} s); {wrong} not Published with exactly one e-mail and one Slack post");
        summary.Add($"throughput: {options.Versions} small versions, back to back", "versions/s (publish of first → last Slack post)", $"{rate:F1}/s",
            "", $"{wrong} wrong or missing");
        summary.Add($"throughput: {options.Versions} small versions, back to back", "publish → Slack post latency (includes queueing)", Percentiles.Describe(batchLatencies));

        // Large versions, one at a time: the review streams the whole asset through SHA-256.
        if (options.LargeVersions > 0)
        {
            var file = Path.Combine(options.WorkFolder, "large.bin");
            var sha = await WriteRandomAsync(file, options.LargeBytes, options.Seed, cancellationToken);
            var large = new List<double>();
            for (var i = 0; i < options.LargeVersions; i++)
            {
                large.Add(await OneAtATimeAsync(stack, "large", ++sequence, ++expectedSlack, (file, sha), cancellationToken));
            }

            var mib = options.LargeBytes / (double)(1 << 20);
            summary.Add($"throughput: {options.LargeVersions} large versions ({mib:F0} MiB), one at a time", "publish → Slack post latency",
                Percentiles.Describe(large), "", $"{mib / (Percentiles.Of(large, 50) / 1000):F0} MiB/s end to end (upload + review)");
            File.Delete(file);
        }

        // The manual path of the walkthrough, scripted with the aws CLI on the same stack. The versions are published
        // Unfinished so the review function leaves them alone (it reviews a version when its publish completes).
        if (options.ManualVersions > 0)
        {
            await ManualPathAsync(stack, options, summary, latencies, rate, ++sequence, cancellationToken);
        }
    }

    private static async Task ManualPathAsync(BenchStack stack, BenchOptions options, SummaryTable summary, List<double> functionLatencies,
        double functionRate, int firstSequence, CancellationToken cancellationToken)
    {
        var environment = stack.Governed.Stack.ClientEnvironment();
        var endpoint = environment["AWS_ENDPOINT_URL"];
        var names = Enumerable.Range(firstSequence, options.ManualVersions).Select(i => Name("manual", i)).ToList();
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var (content, sha) = BenchStack.SmallContent(name, "1.0.0");
            hashes[name] = sha;
            await stack.PublishAsync(name, "1.0.0", content, sha, unfinished: true, cancellationToken);
        }

        Console.WriteLine($"throughput: manual path (aws CLI + sha256sum) for {names.Count} versions");
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        var wrong = 0;
        foreach (var name in names)
        {
            var one = Stopwatch.StartNew();
            var outfile = Path.Combine(stack.WorkFolder, name + ".bin");
            string[] coordinates = ["--domain", DemoPublisher.Domain, "--repository", DemoPublisher.Repository, "--format", "generic",
                "--namespace", BenchStack.Namespace, "--package", name];
            await Aws(["codeartifact", "get-package-version-asset", .. coordinates, "--package-version", "1.0.0", "--asset", name + ".bin", outfile]);
            var sum = await ProcessMeter.RunAsync("sha256sum", [outfile], cancellationToken);
            var actual = sum.StandardOutput.Split(' ')[0];
            var target = actual == hashes[name] ? "Published" : "Unlisted";
            await Aws(["codeartifact", "update-package-versions-status", .. coordinates, "--versions", "1.0.0",
                "--expected-status", "Unfinished", "--target-status", target]);
            latencies.Add(one.Elapsed.TotalMilliseconds);
            wrong += (await stack.DescribeAsync(name, "1.0.0", cancellationToken)).Status == "Published" ? 0 : 1;
        }

        var rate = names.Count / clock.Elapsed.TotalSeconds;
        summary.Add($"manual path: {names.Count} small versions (aws CLI + sha256sum)", "versions/s", $"{rate:F2}/s", "",
            $"function path is {functionRate / rate:F0}× faster ({wrong} wrong)");
        summary.Add($"manual path: {names.Count} small versions (aws CLI + sha256sum)", "download → status latency", Percentiles.Describe(latencies), "",
            $"function p50 is {Percentiles.Of(latencies, 50) / Percentiles.Of(functionLatencies, 50):F1}× lower");

        async Task Aws(string[] arguments)
        {
            var result = await ProcessMeter.RunAsync("aws", [.. arguments, "--endpoint-url", endpoint, "--output", "json"], cancellationToken, environment);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"aws {string.Join(' ', arguments)} failed: {result.StandardError}");
            }
        }
    }

    public static string Name(string kind, int sequence) => $"{kind}-{sequence:D5}";

    /// <summary>Publishes one version and waits for its Slack post; returns the latency in milliseconds.</summary>
    private static async Task<double> OneAtATimeAsync(BenchStack stack, string kind, int sequence, int expectedSlack, (string File, string Sha)? large,
        CancellationToken cancellationToken)
    {
        var name = Name(kind, sequence);
        var clock = Stopwatch.StartNew();
        if (large is { } l)
        {
            await using var file = File.OpenRead(l.File);
            await stack.PublishAsync(name, "1.0.0", file, l.Sha, unfinished: false, cancellationToken);
        }
        else
        {
            var (content, sha) = BenchStack.SmallContent(name, "1.0.0");
            await stack.PublishAsync(name, "1.0.0", content, sha, unfinished: false, cancellationToken);
        }

        await WaitForSlackAsync(stack, expectedSlack, TimeSpan.FromMinutes(5), cancellationToken);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task WaitForSlackAsync(BenchStack stack, int expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (stack.SlackCount() < expected)
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"only {stack.SlackCount()} of {expected} Slack posts after {timeout}; see the function logs in {stack.Governed.FunctionLogFolder}");
            }

            await Task.Delay(Poll, cancellationToken);
        }
    }

    private static async Task<string> WriteRandomAsync(string path, long size, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var buffer = new byte[1 << 20];
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var stream = File.Create(path))
        {
            for (long written = 0; written < size; written += buffer.Length)
            {
                random.NextBytes(buffer);
                var count = (int)Math.Min(buffer.Length, size - written);
                sha.AppendData(buffer, 0, count);
                await stream.WriteAsync(buffer.AsMemory(0, count), cancellationToken);
            }
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
