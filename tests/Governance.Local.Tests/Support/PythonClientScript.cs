using System.Text.Json;
using Governance.TestSupport;

namespace Governance.Local.Tests.Support;

/// <summary>
/// A Python client script (boto3 or botocore, from a Scripts/ folder) run against a local endpoint that it takes as
/// an argument: test credentials from the environment, no AWS_ENDPOINT_URL, and the JSON it prints as the answer.
/// </summary>
public static class PythonClientScript
{
    /// <summary>Runs the script with <paramref name="arguments"/>, requires exit 0, and parses what it printed.</summary>
    public static async Task<JsonElement> RunJsonAsync(string script, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var run = await ProcessRunner.RunAsync("python3", [script, .. arguments], AwsClientEnvironment.For(), timeout: timeout);
        Assert.True(run.ExitCode == 0, run.ToString());
        return JsonDocument.Parse(run.StandardOutput).RootElement.Clone();
    }
}
