using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Governance.Cli.Tests.Commands;

/// <summary>
/// <c>governance local up</c> run as a process: it serves until Ctrl+C, which System.CommandLine's invocation turns
/// into the cancellation of the command's token, and then stops cleanly with exit 0.
/// </summary>
public sealed partial class LocalUpCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task CtrlC_ShouldCancelTheCommandAndStopTheStackCleanly()
    {
        var data = Path.Combine(_dir.Path, "data");
        var start = new ProcessStartInfo("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "governance.dll"), "local", "up", "--port", "0", "--data", data, "--region", "eu-west-1"])
        {
            WorkingDirectory = _dir.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            var banner = new List<string>();
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line && line != "Press Ctrl+C to stop.")
            {
                banner.Add(line);
            }
            var listening = Assert.Single(banner, l => l.StartsWith("Local stack listening on", StringComparison.Ordinal));
            Assert.Contains($"(data: {data},", listening, StringComparison.Ordinal);
            Assert.Contains("export AWS_REGION=eu-west-1", banner);
            // The stack answers while the command runs: its CodeArtifact endpoint refuses an unsigned call, but answers.
            using var http = new HttpClient();
            using var answer = await http.GetAsync(new Uri(BaseUrl().Match(listening).Value), timeout.Token);
            Assert.NotEqual(0, (int)answer.StatusCode);

            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(timeout.Token);
            }
            var rest = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);

            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stderr}");
            Assert.Contains("Stopping the local stack.", rest, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/")]
    private static partial Regex BaseUrl();
}
