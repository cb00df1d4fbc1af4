using System.Text.RegularExpressions;

namespace Governance.TestSupport;

/// <summary>
/// A real <c>governance local up</c> process on a free port, for the tests that kill the stack (crash recovery,
/// durability): started from the <c>governance.dll</c> next to the test assembly, ready once its banner names the port.
/// </summary>
public sealed partial class LocalUpProcess : IAsyncDisposable
{
    private LocalUpProcess(BackgroundProcess process, string endpoint)
    {
        Process = process;
        Endpoint = endpoint;
    }

    public BackgroundProcess Process { get; }

    /// <summary>The stack's base address, e.g. <c>http://127.0.0.1:43121</c>.</summary>
    public string Endpoint { get; }

    /// <summary>The CLI the test assembly was built with (the test project references Governance.Cli).</summary>
    public static string CliAssembly => Path.Combine(AppContext.BaseDirectory, "governance.dll");

    public static async Task<LocalUpProcess> StartAsync(
        string dataFolder, IEnumerable<string>? extraArguments = null, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? startTimeout = null,
        string? workingDirectory = null)
    {
        var process = BackgroundProcess.Start(
            "dotnet", [CliAssembly, "local", "up", "--port", "0", "--data", dataFolder, .. extraArguments ?? []], environment, workingDirectory);
        try
        {
            var banner = await process.WaitForLineAsync(ListeningLine(), startTimeout ?? TimeSpan.FromSeconds(90));
            return new LocalUpProcess(process, banner.Groups[1].Value);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>kill -9 of the stack and everything it started (function sandboxes included).</summary>
    public Task KillAsync() => Process.KillAsync();

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+)/?")]
    private static partial Regex ListeningLine();
}
