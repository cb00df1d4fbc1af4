using System.Diagnostics;
using Governance.Aws.Sns;
using Governance.Benchmarks.Harness;
using Governance.Benchmarks.Stack;
using Governance.Cli.Demo;
using Governance.Local;
using Governance.Local.Lambda;
using Governance.Local.Sns;

namespace Governance.Benchmarks.ColdStart;

/// <summary>
/// Cold start of the review function under the Runtime API host: from starting the process to the response of its
/// first invocation — a real review of a freshly published version (describe, list, download and hash, status
/// update, SNS publish) — for the JIT, ReadyToRun and NativeAOT builds, with the process's peak RSS (VmHWM).
/// </summary>
public static class ColdStartBenchmark
{
    public static async Task RunAsync(BenchOptions options, SummaryTable summary, CancellationToken cancellationToken)
    {
        var builds = new List<(string Packaging, string Path, bool Native)>();
        foreach (var packaging in options.Packagings)
        {
            try
            {
                var (path, native) = await FunctionBuilds.BuildAsync(packaging, options.RepositoryRoot, options.WorkFolder, cancellationToken);
                builds.Add((packaging, path, native));
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine(e.Message);
                summary.Add($"coldstart {packaging}", "build FAILED", "", "", e.Message.Split('\n')[0]);
            }
        }

        // A stack without a subscribed review function: events are only logged, and each run's function reviews
        // the version it is handed.
        var data = Path.Combine(options.WorkFolder, "coldstart");
        await using var stack = new LocalStack(new LocalStackOptions { Port = 0, DataFolder = Path.Combine(data, "stack") });
        await using var sns = new SnsEndpoint(new SnsEndpointOptions { DataDirectory = Path.Combine(data, "sns"), OutboxDirectory = Path.Combine(data, "outbox") });
        stack.RegisterEndpoint(sns);
        await stack.StartAsync(cancellationToken);
        var edge = stack.BaseUrl.GetLeftPart(UriPartial.Authority);
        using var snsClient = new SnsClient(new Amazon.Runtime.BasicAWSCredentials("test", "test"), new SnsConfig { ServiceURL = edge, AuthenticationRegion = "us-east-1" });
        var topic = (await snsClient.CreateTopicAsync(new CreateTopicRequest { Name = "governance-verdicts" }, cancellationToken)).TopicArn!;
        using var ca = new Governance.Aws.CodeArtifact.CodeArtifactClient(new Amazon.Runtime.BasicAWSCredentials("test", "test"),
            new Governance.Aws.CodeArtifact.CodeArtifactConfig { ServiceURL = edge, AuthenticationRegion = "us-east-1" });
        await ca.CreateDomainAsync(new Governance.Aws.CodeArtifact.Model.CreateDomainRequest { Domain = DemoPublisher.Domain }, cancellationToken);
        await ca.CreateRepositoryAsync(new Governance.Aws.CodeArtifact.Model.CreateRepositoryRequest { Domain = DemoPublisher.Domain, Repository = DemoPublisher.Repository }, cancellationToken);

        var sequence = 0;
        var baseline = double.NaN;
        foreach (var (packaging, path, native) in builds)
        {
            var totals = new List<double>();
            var inits = new List<double>();
            var peaks = new List<double>();
            for (var run = 0; run < options.ColdStartRuns; run++)
            {
                var name = $"cold-{++sequence:D5}";
                var (content, sha) = BenchStack.SmallContent(name, "1.0.0");
                await ca.PublishPackageVersionAsync(new Governance.Aws.CodeArtifact.Model.PublishPackageVersionRequest
                {
                    Domain = DemoPublisher.Domain, Repository = DemoPublisher.Repository, Format = "generic", Namespace = BenchStack.Namespace,
                    Package = name, PackageVersion = "1.0.0", AssetName = name + ".bin", AssetContent = content, AssetSHA256 = sha,
                }, cancellationToken);
                var eventJson = File.ReadLines(stack.EventLogPath).Last(l => l.Contains($"\"{name}\"", StringComparison.Ordinal));

                var built = native ? FunctionDefinition.ForNativeBootstrap("governance-review", path) : FunctionDefinition.ForBuiltDotnet("governance-review", path);
                var definition = built with
                {
                    Environment = new Dictionary<string, string>
                    {
                        ["GOVERNANCE_FUNCTION"] = "review",
                        ["GOVERNANCE_TOPIC_ARN"] = topic,
                        ["GOVERNANCE_LEDGER_DIR"] = Path.Combine(data, "ledger"),
                    },
                    EndpointUrl = new Uri(edge),
                    Timeout = TimeSpan.FromSeconds(60),
                    InitTimeout = TimeSpan.FromSeconds(60),
                    MemorySizeMb = 512,
                };
                var clock = Stopwatch.StartNew();
                await using var host = new LambdaFunctionHost(definition);
                await host.StartAsync(cancellationToken);
                var init = clock.Elapsed.TotalMilliseconds;
                var result = await host.InvokeAsync(eventJson, cancellationToken);
                var total = clock.Elapsed.TotalMilliseconds;
                var peak = host.ProcessId is { } pid ? ProcessMeter.ReadStatusKb(pid, "VmHWM:") ?? 0 : 0;
                if (!result.Success || result.ResponseBody is null || !result.ResponseBody.Contains("\"decided\"", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException($"{packaging}: the first invocation did not review the version: {result.ErrorType} {result.ErrorMessage} {result.ResponseBody}");
                }

                totals.Add(total);
                inits.Add(init);
                peaks.Add(peak / 1024.0);
                Console.WriteLine($"coldstart {packaging} run {run + 1}: init {init:F0} ms, first response {total:F0} ms, peak RSS {peak / 1024.0:F1} MB");
            }

            var median = Percentiles.Of(totals, 50);
            if (packaging == "jit")
            {
                baseline = median;
            }

            summary.Add($"coldstart {packaging} ({options.ColdStartRuns} runs, median)", "process start → first review response",
                $"{median:F0} ms", $"peak RSS {peaks.Max():F1} MB",
                double.IsNaN(baseline) ? "" : $"{median / baseline:F2}× JIT");
        }
    }
}
