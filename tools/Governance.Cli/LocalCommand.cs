using Governance.Local;

namespace Governance.Cli;

/// <summary>
/// <c>governance local up [--port N] [--data DIR] [--faults SPEC] [--region R] [--maven-central DIR] [--npmjs DIR] [--osv DIR]</c>:
/// runs the local stack in the foreground until Ctrl+C (or SIGTERM) and prints the environment that points the aws
/// CLI and our code at it. The two directories stand in for the public registries behind the external connections
/// <c>public:maven-central</c> (default: Debian's <c>/usr/share/maven-repo</c>) and <c>public:npmjs</c>; the choice is
/// recorded in the data folder and kept on the next start. <c>--osv DIR</c> chooses the OSV records served at <c>/osv/</c>
/// (default: the real incidents shipped in <c>Osv/records</c>), recorded the same way.
/// </summary>
public static class LocalCommand
{
    /// <summary>Runs the stack until <paramref name="cancellationToken"/> is cancelled (Ctrl+C or SIGTERM: the invocation cancels it).</summary>
    public static async Task<int> RunAsync(LocalStackOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        LocalStack created;
        try
        {
            created = new LocalStack(options);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            await error.WriteLineAsync($"governance local up: {e.Message}");
            return 2;
        }

        await using var stack = created;
        try
        {
            await stack.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            await error.WriteLineAsync($"governance local up: cannot listen on 127.0.0.1:{options.Port}: {e.Message}; pick another with --port");
            return 1;
        }

        await output.WriteLineAsync($"Local stack listening on {stack.BaseUrl} (data: {options.DataFolder}, faults: {(options.Faults.Any ? options.Faults.ToString() : "none")})");
        await output.WriteLineAsync($"External connections: public:maven-central <- {stack.ExternalRegistries.MavenCentral ?? "(none)"}, public:npmjs <- {stack.ExternalRegistries.Npmjs ?? "(none)"}");
        await output.WriteLineAsync($"OSV intel: {stack.BaseUrl}osv/ <- {stack.ExternalRegistries.OsvRecords}");
        await output.WriteLineAsync("Point the aws CLI, boto3 and the governance tools at it:");
        foreach (var (name, value) in stack.ClientEnvironment())
        {
            await output.WriteLineAsync($"export {name}={value}");
        }

        await output.WriteLineAsync("Press Ctrl+C to stop.");
        // Flushed before waiting: whoever reads a pipe (a test, a wrapper script) sees the environment now.
        await output.FlushAsync(CancellationToken.None);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }

        await output.WriteLineAsync("Stopping the local stack.");
        return 0;
    }
}
