using System.Diagnostics;
using Governance.Local.Tests.TestSupport;

namespace Governance.Local.Tests.Edge;

/// <summary><c>governance local up</c> as a user runs it: it prints the exports, serves the aws CLI, and stops on SIGTERM.</summary>
public sealed class LocalUpCommandTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task LocalUp_WhenStarted_ShouldPrintTheExportsThatPointTheAwsCliAtIt()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "governance.dll"), "local", "up", "--port", "0", "--data", _data.Path, "--faults", "seed=3" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var exports = new Dictionary<string, string>();
            while (!exports.ContainsKey("AWS_EC2_METADATA_DISABLED"))
            {
                var line = await process.StandardOutput.ReadLineAsync(cts.Token) ?? throw new InvalidOperationException(await process.StandardError.ReadToEndAsync(cts.Token));
                if (line.StartsWith("export ", StringComparison.Ordinal))
                {
                    var pair = line["export ".Length..].Split('=', 2);
                    exports[pair[0]] = pair[1];
                }
            }

            Assert.Equal("test", exports["AWS_ACCESS_KEY_ID"]);
            Assert.Equal("test", exports["AWS_SECRET_ACCESS_KEY"]);
            Assert.Equal("us-east-1", exports["AWS_DEFAULT_REGION"]);
            Assert.StartsWith("http://127.0.0.1:", exports["AWS_ENDPOINT_URL"], StringComparison.Ordinal);

            var env = new Dictionary<string, string>(exports) { ["AWS_CONFIG_FILE"] = "/dev/null", ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null" };
            var created = await ProcessRunner.RunAsync("aws", ["codeartifact", "create-domain", "--domain", "from-exports", "--output", "json"], env);
            Assert.True(created.ExitCode == 0, created.ToString());
            Assert.Contains("\"from-exports\"", created.StdOut, StringComparison.Ordinal);

            var term = await ProcessRunner.RunAsync("kill", ["-TERM", process.Id.ToString()]);
            Assert.Equal(0, term.ExitCode);
            await process.WaitForExitAsync(cts.Token);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task LocalUp_WhenTheFaultSpecIsWrong_ShouldExitWithUsageError()
    {
        var result = await ProcessRunner.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "governance.dll"), "local", "up", "--faults", "throttle=9"], timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("between 0 and 1", result.StdErr, StringComparison.Ordinal);
    }
}
