using System.Diagnostics;

namespace Governance.Local.Lambda;

/// <summary>
/// One running copy of a function program, its stdout and stderr lines copied to the function's log. It has
/// <see cref="Ended"/> only once the process has exited AND both pipes are read to their end: a program that writes
/// and exits at once (the crash hook's "injected crash" line, an out-of-memory kill) leaves lines in the pipes after
/// its exit, and <see cref="Process.Exited"/> is raised without waiting for them. Disposing the process at that
/// event cancels its line readers, and those last lines never reached the log.
/// </summary>
internal sealed class SandboxProcess
{
    /// <summary>
    /// How long the pipes may stay open after the program exited: a child process it started holds them open until it
    /// exits too (Lambda would freeze it with the sandbox). Past this the sandbox ends without the rest of its output.
    /// </summary>
    public static readonly TimeSpan OutputDrainLimit = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan KillLimit = TimeSpan.FromSeconds(10);

    private readonly TaskCompletionSource _standardOutputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _standardErrorClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _exited;

    private SandboxProcess(Process process) => Process = process;

    public Process Process { get; }

    /// <summary>
    /// True once the process has exited (its output may still be arriving: see <see cref="Ended"/>). Asks the process
    /// itself too: <see cref="Process.Exited"/> is raised later, on another thread, and a sandbox killed while idle (a
    /// redeploy, the OOM killer) must not be handed the next invoke in between, as Lambda never would.
    /// </summary>
    public bool HasExited => Volatile.Read(ref _exited) == 1 || ProcessHasExited();

    /// <summary>Completes when the process has exited and every line it wrote is in the log (or the drain limit passed).</summary>
    public Task Ended => _ended.Task;

    public int ExitCode { get; private set; }

    /// <summary>The error the program posted to <c>/runtime/init/error</c>, if it did.</summary>
    public (string Type, string? Message)? InitError { get; set; }

    /// <summary>Starts the program with Lambda's environment for <paramref name="runtimeApi"/>; its output goes to <paramref name="log"/>.</summary>
    public static SandboxProcess Start(FunctionDefinition definition, string runtimeApi, FunctionLog log)
    {
        var start = new ProcessStartInfo(definition.Command)
        {
            WorkingDirectory = definition.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in definition.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        LambdaEnvironment.Apply(start.Environment, definition, runtimeApi);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var sandbox = new SandboxProcess(process);

        // A null line is the reader's end of stream: the pipe is closed and every line before it was delivered.
        process.OutputDataReceived += (_, e) => CopyLine(e.Data, log, sandbox._standardOutputClosed);
        process.ErrorDataReceived += (_, e) => CopyLine(e.Data, log, sandbox._standardErrorClosed);
        process.Exited += (_, _) => sandbox.OnExited();
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException(
                $"Could not start function '{definition.Name}': command '{definition.Command}' failed ({ex.Message}). Check FunctionDefinition.Command and WorkingDirectory.", ex);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return sandbox;
    }

    /// <summary>Kills the program (and anything it started) unless it already exited, waits until it has ended, and releases it.</summary>
    public async Task KillAsync()
    {
        if (!HasExited)
        {
            try
            {
                Process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Exited between the check and the kill.
            }
        }

        await Ended.WaitAsync(KillLimit + OutputDrainLimit);
        Process.Dispose();
    }

    private bool ProcessHasExited()
    {
        try
        {
            return Process.HasExited;
        }
        catch (InvalidOperationException)
        {
            // Released already: nothing runs.
            return true;
        }
    }

    private static void CopyLine(string? line, FunctionLog log, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
        }
        else
        {
            log.Line(line);
        }
    }

    private void OnExited()
    {
        try
        {
            ExitCode = Process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            ExitCode = -1;
        }

        Volatile.Write(ref _exited, 1);
        _ = EndWhenOutputIsReadAsync();
    }

    private async Task EndWhenOutputIsReadAsync()
    {
        try
        {
            await Task.WhenAll(_standardOutputClosed.Task, _standardErrorClosed.Task).WaitAsync(OutputDrainLimit);
        }
        catch (TimeoutException)
        {
            // A process the program started still holds a pipe; its later lines are not this sandbox's.
        }

        _ended.TrySetResult();
    }
}
