using System.CommandLine;
using Governance.Cli.Commands;

namespace Governance.Cli;

/// <summary>
/// Parses the command line with the command tree and runs the command it names. Exit codes: 0 ok, 1 policy failure,
/// 2 usage error (anything System.CommandLine or a command's own validation refuses: an unknown command or option, a
/// missing or malformed value), other codes as a command documents them.
/// </summary>
public static class CliApp
{
    public const int UsageExitCode = 2;

    /// <summary>
    /// How long a command may take to stop after Ctrl+C or SIGTERM cancelled its token before the process exits
    /// anyway (130 or 143): a scan lets the reviews in progress finish for up to 30 s (ScanServices.StopGrace), then
    /// writes its checkpoint and exits 3; the local stack drains its HTTP server and flushes held-back events.
    /// </summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(45);

    private static readonly ParserConfiguration Parsing = new()
    {
        // "@file" stays a file name (an npm scope, a path) instead of being read as a response file.
        ResponseFileTokenReplacer = null,
    };

    public static async Task<int> RunAsync(RootCommand root, string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var result = root.Parse(args, Parsing);
        // --help, --version and [suggest] answer whatever else is on the line, as System.CommandLine intends.
        if (result.Action is not { ClearsParseErrors: true } && (result.Errors.Count > 0 || result.UnmatchedTokens.Count > 0))
        {
            return UsageErrorReport.Write(result, stdout, stderr);
        }
        var invocation = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            ProcessTerminationTimeout = StopTimeout,
            // An unexpected exception is a crash with its stack trace, not exit code 1 ("failed the policy").
            EnableDefaultExceptionHandler = false,
        };
        return await result.InvokeAsync(invocation).ConfigureAwait(false);
    }
}
