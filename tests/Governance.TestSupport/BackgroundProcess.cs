using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Governance.TestSupport;

/// <summary>
/// A long-running child (a <c>governance local up</c>, a server) that a test talks to and may kill: its output is
/// collected line by line, a test can wait for a line, and dispose kills the whole tree if it still runs.
/// </summary>
public sealed class BackgroundProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Found)> _waiters = [];
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _errorsClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BackgroundProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Standard output so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Standard error so far.</summary>
    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    public static BackgroundProcess Start(
        string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var process = new Process { StartInfo = ProcessRunner.StartInfo(fileName, arguments, environment, workingDirectory) };
        var running = new BackgroundProcess(process);
        process.OutputDataReceived += (_, e) => running.OnLine(e.Data, running._output, running._outputClosed);
        process.ErrorDataReceived += (_, e) => running.OnLine(e.Data, running._errors, running._errorsClosed);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>Waits for a line of standard output or error matching <paramref name="pattern"/> (lines already seen count).</summary>
    public async Task<Match> WaitForLineAsync(Regex pattern, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            foreach (var line in (Output + Errors).Split('\n'))
            {
                if (pattern.Match(line) is { Success: true } seen)
                {
                    return seen;
                }
            }

            _waiters.Add((pattern, found));
        }

        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(found.Task, exited, Task.Delay(timeout));
        if (first == found.Task)
        {
            return await found.Task;
        }

        var why = first == exited ? $"exited with {_process.ExitCode}" : $"wrote no such line within {timeout}";
        throw new InvalidOperationException($"{_process.StartInfo.FileName} {why} (waiting for /{pattern}/):\n{Output}\n{Errors}");
    }

    /// <summary>Waits for the process to end on its own, then for the last of its output.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token);
        await Task.WhenAll(_outputClosed.Task, _errorsClosed.Task).WaitAsync(TimeSpan.FromSeconds(10));
        return _process.ExitCode;
    }

    /// <summary>
    /// Sends a signal by name (<c>INT</c> as Ctrl+C, <c>TERM</c> as a service manager) with the <c>kill</c> command.
    /// Not checked: the process may end on its own just before the signal arrives.
    /// </summary>
    public Task<ProcessResult> SignalAsync(string signal) =>
        ProcessRunner.RunAsync("kill", ["-" + signal, Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    /// <summary>Kills the whole tree at once (SIGKILL), as a crash would, and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        _process.Dispose();
    }

    private void OnLine(string? line, StringBuilder into, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }

        lock (into)
        {
            into.AppendLine(line);
        }

        lock (_waiters)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Pattern.Match(line) is { Success: true } match)
                {
                    _waiters[i].Found.TrySetResult(match);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}
