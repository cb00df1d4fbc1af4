namespace Governance.Cli.Scan;

/// <summary>Runs <c>governance scan</c>: the backfill review of every version of a repository.</summary>
public static class ScanRunner
{
    /// <summary>
    /// Exit codes as the other commands: 0 every version reviewed (whatever the verdicts), 1 a verdict failed the
    /// policy, 2 usage or configuration error, 3 interrupted (resumable), 4 CodeArtifact refused.
    /// </summary>
    /// <param name="interactive">stdout is a terminal: draw the live progress line.</param>
    public static Task<int> RunAsync(ScanRequest request, TextWriter output, TextWriter error, bool interactive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(error);
        error.WriteLine("governance scan: not built yet");
        return Task.FromResult(2);
    }
}
