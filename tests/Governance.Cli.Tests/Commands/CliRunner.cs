using Governance.Cli.Commands;

namespace Governance.Cli.Tests.Commands;

/// <summary>
/// The <c>governance</c> program under test: its command line run in this process, or the built <c>governance.dll</c>
/// run as a child process through <see cref="ProcessRunner"/> (which dll, which arguments; the runner bounds the time).
/// </summary>
public static class CliRunner
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs a command's entry point in this process with captured output streams.</summary>
    public static (int Exit, string Out, string Err) InProcess(Func<TextWriter, TextWriter, int> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = run(stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>
    /// Runs <c>governance ARGS</c> in this process, through the whole command line (parsing, validation, usage errors),
    /// on a clock fixed at <paramref name="now"/>.
    /// </summary>
    public static (int Exit, string Out, string Err) InProcess(DateTimeOffset now, params string[] args) =>
        InProcess((stdout, stderr) => CliApp.RunAsync(GovernanceCommands.Create(new FixedClock(now)), args, stdout, stderr).GetAwaiter().GetResult());

    /// <summary>The <c>dotnet</c> arguments that run <c>governance ARGS</c> from the build output.</summary>
    public static string[] DotnetArguments(params string[] args)
    {
        var dll = LocalUpProcess.CliAssembly;
        Assert.True(File.Exists(dll), $"the built command is missing: {dll}");
        return ["exec", dll, .. args];
    }

    /// <summary>Runs <c>governance ARGS</c> as a process in <paramref name="workingDirectory"/>.</summary>
    public static Task<ProcessResult> RunAsync(string workingDirectory, params string[] args) =>
        ProcessRunner.RunAsync("dotnet", DotnetArguments(args), workingDirectory: workingDirectory, timeout: ProcessTimeout);

    /// <summary>Runs <c>governance ARGS</c> as a process with <paramref name="standardInput"/> on its standard input (a pipe).</summary>
    public static Task<ProcessResult> RunPipedAsync(string workingDirectory, string standardInput, params string[] args) =>
        ProcessRunner.RunAsync("dotnet", DotnetArguments(args), workingDirectory: workingDirectory, timeout: ProcessTimeout, standardInput: standardInput);

}

/// <summary>A clock that always says <c>now</c>: waiver expiry in tests does not depend on the day they run.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
