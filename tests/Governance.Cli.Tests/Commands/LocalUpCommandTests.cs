using System.Text.RegularExpressions;

namespace Governance.Cli.Tests.Commands;

/// <summary>
/// <c>governance local up</c> run as a process: it serves until Ctrl+C, which System.CommandLine's invocation turns
/// into the cancellation of the command's token, and then stops cleanly with exit 0.
/// </summary>
public sealed partial class LocalUpCommandTests : IDisposable
{
    private readonly TempFolder _dir = new("governance-cli");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task CtrlC_ShouldCancelTheCommandAndStopTheStackCleanly()
    {
        var data = _dir.File("data");
        await using var localUp = await LocalUpProcess.StartAsync(data, ["--region", "eu-west-1"]);
        var process = localUp.Process;
        await process.WaitForLineAsync(PressCtrlC(), TimeSpan.FromSeconds(90));
        var banner = process.Output.Split('\n').TakeWhile(line => line != "Press Ctrl+C to stop.").ToList();
        var listening = Assert.Single(banner, l => l.StartsWith("Local stack listening on", StringComparison.Ordinal));
        Assert.Contains($"(data: {data},", listening, StringComparison.Ordinal);
        Assert.Contains("export AWS_REGION=eu-west-1", banner);
        // The stack answers while the command runs: its CodeArtifact endpoint refuses an unsigned call, but answers.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        using var http = new HttpClient();
        using var answer = await http.GetAsync(new Uri(localUp.Endpoint + "/"), timeout.Token);
        Assert.NotEqual(0, (int)answer.StatusCode);

        await process.SignalAsync("INT");
        var exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(90));
        var rest = string.Join('\n', process.Output.Split('\n').SkipWhile(line => line != "Press Ctrl+C to stop."));

        Assert.True(exit == 0, $"exit {exit}: {process.Errors}");
        Assert.Contains("Stopping the local stack.", rest, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^Press Ctrl\+C to stop\.$")]
    private static partial Regex PressCtrlC();
}
