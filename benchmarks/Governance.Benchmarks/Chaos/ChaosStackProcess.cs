using System.Diagnostics;

namespace Governance.Benchmarks.Chaos;

/// <summary>
/// The chaos run's handle on its stack process (<see cref="ChaosStackHost"/>, started as
/// <c>dotnet Governance.Benchmarks.dll chaos --chaos-host …</c>): start it, <c>kill -9</c> it with its function
/// processes, start it again on the same data folder, and ask it to drain.
/// </summary>
public sealed class ChaosStackProcess : IAsyncDisposable
{
    private readonly ChaosHostOptions _options;
    private readonly TextWriter _progress;
    private Process? _process;
    private TaskCompletionSource _quiet = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _reviewCrashes;

    private ChaosStackProcess(ChaosHostOptions options, TextWriter progress)
    {
        _options = options;
        _progress = progress;
    }

    /// <summary>The stack's edge endpoint (it changes with every start: the port is picked anew).</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>How many times the stack process was killed.</summary>
    public int StackKills { get; private set; }

    /// <summary>How many times a stack process killed its review function's process, over all its lives.</summary>
    public int ReviewCrashes => Volatile.Read(ref _reviewCrashes);

    public static async Task<ChaosStackProcess> StartAsync(ChaosHostOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        var stack = new ChaosStackProcess(options, progress);
        await stack.StartCoreAsync(cancellationToken);
        return stack;
    }

    /// <summary>SIGKILL to the stack and its function processes, as a crashed host would leave them; then a fresh start on the same data.</summary>
    public async Task KillAndRestartAsync(CancellationToken cancellationToken)
    {
        await KillAsync();
        StackKills++;
        await StartCoreAsync(cancellationToken);
    }

    /// <summary>Waits until every event was delivered to the review function and every notification fanned out.</summary>
    public async Task WaitForQuietAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        _quiet = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _process!.StandardInput.WriteLineAsync(ChaosStackHost.QuietLine.AsMemory(), cancellationToken);
        await _process.StandardInput.FlushAsync(cancellationToken);
        await _quiet.Task.WaitAsync(timeout, cancellationToken);
    }

    public async ValueTask DisposeAsync() => await KillAsync();

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(ChaosStackHost).Assembly.Location);
        info.ArgumentList.Add("chaos");
        foreach (var argument in _options.ToArguments())
        {
            info.ArgumentList.Add(argument);
        }

        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the chaos stack process");
        _process = process;
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        _ = Task.Run(() => ReadOutputAsync(process, listening, errors), CancellationToken.None);
        Endpoint = await listening.Task.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
    }

    /// <summary>Reads one process's lines; <paramref name="listening"/> is that process's own start, not a later one's.</summary>
    private async Task ReadOutputAsync(Process process, TaskCompletionSource<Uri> listening, Task<string> errors)
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(ChaosStackHost.ListeningPrefix, StringComparison.Ordinal))
            {
                listening.TrySetResult(new Uri(line[ChaosStackHost.ListeningPrefix.Length..]));
            }
            else if (line == ChaosStackHost.ReviewCrashLine)
            {
                Interlocked.Increment(ref _reviewCrashes);
            }
            else if (line == ChaosStackHost.QuietLine)
            {
                _quiet.TrySetResult();
            }
        }

        // The process ended: a start that never listened is a failure worth its error output.
        var failure = new InvalidOperationException($"the chaos stack process exited before it was ready: {await errors}");
        listening.TrySetException(failure);
        if (ReferenceEquals(Volatile.Read(ref _process), process))
        {
            _quiet.TrySetException(failure);
        }
    }

    private async Task KillAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        await process.WaitForExitAsync();
        process.Dispose();
        await _progress.FlushAsync();
    }
}
