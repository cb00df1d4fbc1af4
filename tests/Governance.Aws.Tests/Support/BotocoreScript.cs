using System.Text.Json.Nodes;
using Governance.TestSupport;

namespace Governance.Aws.Tests.Support;

/// <summary>
/// Runs one of the botocore scripts next to the test assembly (Support/*.py): the spec goes in on standard input,
/// the script's standard output comes back. botocore is the reference the tests check our wire code against.
/// </summary>
internal static class BotocoreScript
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static async Task<string> RunAsync(string script, JsonNode spec)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Support", script);
        var result = await ProcessRunner.RunAsync("python3", [path], timeout: Limit, standardInput: spec.ToJsonString());
        return result.ExitCode == 0
            ? result.StandardOutput
            : throw new InvalidOperationException($"{script} failed: {result}");
    }
}
