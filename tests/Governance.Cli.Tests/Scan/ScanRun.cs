using System.Text.Json;
using Governance.Cli.Scan;

namespace Governance.Cli.Tests.Scan;

/// <summary>One in-process scan with captured output; <see cref="Json"/> parses stdout when the scan ran with --json.</summary>
public sealed record ScanRun(int Exit, string Out, string Err)
{
    public JsonElement Json => JsonDocument.Parse(Out).RootElement;

    public long Count(string name) => Json.GetProperty("counts").GetProperty(name).GetInt64();

    public override string ToString() => $"exit {Exit}\nstdout:\n{Out}\nstderr:\n{Err}";

    internal static async Task<ScanRun> RunAsync(ScanHarness harness, ScanRequest request, ScanServices? services = null, bool interactive = false,
        CancellationToken cancellationToken = default)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await ScanRunner.RunAsync(request, stdout, stderr, interactive, services ?? harness.Services(), cancellationToken);
        return new ScanRun(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The request every test starts from: the seeded repository, --json, a checkpoint in the test's own folder.</summary>
    public static ScanRequest Request(ScanHarness harness, bool withTopic = true) => new(
        ScanSeed.Domain,
        null,
        ScanSeed.Repository,
        Json: true,
        PolicyPath: PolicyFile,
        StatePath: harness.StatePath,
        TopicArn: withTopic ? harness.TopicArn : null,
        RequestsPerSecond: 10_000);

    /// <summary>The repository's default policy (copied beside the tests), named so no stray ./governance.yaml is picked up.</summary>
    public static string PolicyFile => Path.Combine(AppContext.BaseDirectory, "governance.yaml");
}
