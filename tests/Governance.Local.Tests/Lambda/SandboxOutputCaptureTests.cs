using System.Diagnostics;
using System.Globalization;
using Governance.Local.Lambda;
using Governance.TestSupport;

namespace Governance.Local.Tests.Lambda;

/// <summary>
/// A program that writes and exits at once (the review function's crash hook, an out-of-memory kill) leaves lines in
/// its pipes that the host has not read when the process is gone. Lambda's log stream still has them, before the
/// platform's <c>END</c> line; so must the local host's log. The fixture (LastWords/Fixtures/last_words_function.py)
/// writes a backlog of numbered lines, a last stdout and a last stderr line, then exits with status 70.
/// </summary>
public sealed class SandboxOutputCaptureTests : IDisposable
{
    private const string LastWords = "{\"message\":\"last words\"}";
    private const string LastStderrWords = "last stderr words";
    private readonly TempFolder _directory = new("gov-lastwords");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task InvokeAsync_WhenProgramExitsWithUnreadOutput_ShouldLogEveryLineBeforeTheEndLine()
    {
        // Whether the host's readers are behind at the exit is up to the scheduler: a host that stopped reading at the
        // process's exit event lost the backlog in about a third of these crashes, so twenty of them in a row show it.
        const int burstLines = 2000;
        const int crashes = 20;
        var definition = Definition(new() { ["FIXTURE_BURST_LINES"] = burstLines.ToString(CultureInfo.InvariantCulture) });
        await using var host = new LambdaFunctionHost(definition);
        await host.StartAsync(Bounded());

        var requestIds = new List<string>();
        for (var i = 0; i < crashes; i++)
        {
            var result = await host.InvokeAsync("{}", Bounded());
            Assert.Equal(LambdaFunctionHost.ExitErrorType, result.ErrorType);
            Assert.Contains("exit status 70", result.ErrorMessage, StringComparison.Ordinal);
            requestIds.Add(result.RequestId);
        }

        Assert.Equal(crashes + 1, host.ProcessStarts);
        var log = await File.ReadAllLinesAsync(definition.LogFilePath!);
        var expectedBurst = Enumerable.Range(0, burstLines).Select(i => "burst line=" + i.ToString("D5", CultureInfo.InvariantCulture)).ToList();
        foreach (var requestId in requestIds)
        {
            var invocation = LinesOf(log, requestId);
            Assert.Equal(expectedBurst, invocation.Where(l => l.StartsWith("burst line=", StringComparison.Ordinal)));
            Assert.Single(invocation, LastWords);
            Assert.Single(invocation, LastStderrWords);
        }
    }

    [Fact]
    public async Task InvokeAsync_WhenAChildOfTheProgramHoldsItsOutputOpen_ShouldStillEndTheInvokeAfterTheDrainLimit()
    {
        var definition = Definition(new() { ["FIXTURE_BURST_LINES"] = "10", ["FIXTURE_ORPHAN"] = "1" });
        await using var host = new LambdaFunctionHost(definition);
        await host.StartAsync(Bounded());
        var clock = Stopwatch.StartNew();

        var result = await host.InvokeAsync("{}", Bounded());

        clock.Stop();
        var log = await File.ReadAllLinesAsync(definition.LogFilePath!);
        EndOrphan(log);
        Assert.Equal(LambdaFunctionHost.ExitErrorType, result.ErrorType);
        Assert.InRange(clock.Elapsed, SandboxProcess.OutputDrainLimit - TimeSpan.FromSeconds(1), SandboxProcess.OutputDrainLimit + TimeSpan.FromSeconds(20));
        var invocation = LinesOf(log, result.RequestId);
        Assert.Single(invocation, LastWords);
        Assert.Single(invocation, LastStderrWords);
    }

    /// <summary>The lines from an invocation's START line to its END line.</summary>
    private static List<string> LinesOf(string[] log, string requestId)
    {
        var start = Array.FindIndex(log, l => l.StartsWith("START RequestId: " + requestId, StringComparison.Ordinal));
        var end = Array.IndexOf(log, "END RequestId: " + requestId);
        Assert.True(start >= 0 && end > start, $"no START … END lines for {requestId} in the log");
        return log[start..end].ToList();
    }

    /// <summary>Ends the <c>sleep</c> the fixture left behind (it printed its id), so the test leaves no process.</summary>
    private static void EndOrphan(string[] log)
    {
        var line = Assert.Single(log, l => l.StartsWith("orphan pid=", StringComparison.Ordinal));
        try
        {
            using var orphan = Process.GetProcessById(int.Parse(line["orphan pid=".Length..], CultureInfo.InvariantCulture));
            orphan.Kill();
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
    }

    private FunctionDefinition Definition(Dictionary<string, string> environment) => new()
    {
        Name = "last-words-fn",
        Command = "python3",
        Arguments = ["-u", Path.Combine(AppContext.BaseDirectory, "Lambda", "LastWords", "Fixtures", "last_words_function.py")],
        WorkingDirectory = _directory.Path,
        Timeout = TimeSpan.FromSeconds(30),
        InitTimeout = TimeSpan.FromSeconds(30),
        LogFilePath = _directory.File("last-words-fn.log"),
        Environment = environment,
    };

    private static CancellationToken Bounded() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;
}
