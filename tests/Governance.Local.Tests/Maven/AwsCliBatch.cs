using System.Text.Json;
using Governance.Local.Tests.Support;
using Governance.TestSupport;

namespace Governance.Local.Tests.Maven;

/// <summary>
/// Many aws CLI commands against one stack. They run through the aws CLI's own driver in one Python process
/// (Scripts/aws_cli_batch.py: the code behind the <c>aws</c> command, same parsing, requests and output) because a
/// walkthrough build leaves ~200 things to check and each <c>aws</c> process costs about a second to start; when
/// that Python has no awscli module, each command runs as its own <c>aws</c> process instead.
/// </summary>
public static class AwsCliBatch
{
    public static async Task<IReadOnlyList<JsonElement>> JsonAsync(LocalStackHarness harness, IReadOnlyList<string[]> commands)
    {
        var results = await RunAsync(harness, commands);
        return results.Select((result, i) =>
        {
            Assert.True(result.ExitCode == 0, $"aws {string.Join(' ', commands[i])}: {result}");
            return JsonDocument.Parse(result.StandardOutput).RootElement.Clone();
        }).ToList();
    }

    public static async Task<IReadOnlyList<ProcessResult>> RunAsync(LocalStackHarness harness, IReadOnlyList<string[]> commands)
    {
        ArgumentNullException.ThrowIfNull(harness);
        ArgumentNullException.ThrowIfNull(commands);
        var argv = commands.Select(args => (string[])["--endpoint-url", harness.Endpoint, "--output", "json", .. args]).ToList();
        var script = OutputFile.Path("Maven", "Scripts", "aws_cli_batch.py");
        var batch = await ProcessRunner.RunAsync("python3", [script], harness.ClientEnvironment(), timeout: TimeSpan.FromMinutes(5), standardInput: JsonSerializer.Serialize(argv));
        if (batch.ExitCode == 0)
        {
            var parsed = JsonDocument.Parse(batch.StandardOutput).RootElement;
            Assert.Equal(commands.Count, parsed.GetArrayLength());
            return parsed.EnumerateArray()
                .Select(r => new ProcessResult(r.GetProperty("exitCode").GetInt32(), r.GetProperty("stdout").GetString()!, r.GetProperty("stderr").GetString()!))
                .ToList();
        }

        Assert.True(batch.ExitCode == 3, $"aws_cli_batch.py failed: {batch}");
        var results = new List<ProcessResult>(commands.Count);
        foreach (var args in commands)
        {
            results.Add(await harness.AwsAsync(args));
        }

        return results;
    }
}
