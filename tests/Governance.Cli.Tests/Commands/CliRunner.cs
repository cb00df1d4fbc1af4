using System.Diagnostics;
using Governance.Cli.Commands;

namespace Governance.Cli.Tests.Commands;

/// <summary>Runs the built <c>governance</c> program as a child process, bounded in time, and captures its output.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

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

    public static async Task<Result> RunAsync(string workingDirectory, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "governance.dll");
        Assert.True(File.Exists(dll), $"the built command is missing: {dll}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>A clock that always says <c>now</c>: waiver expiry in tests does not depend on the day they run.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>A temporary directory with helpers to write files into it; deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("governance-cli-").FullName;

    public string Write(string name, string content)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, content);
        return file;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory must not fail a test.
        }
    }
}
