using System.Diagnostics;
using System.Globalization;

namespace Governance.Local.Lambda;

/// <summary>
/// One execution environment: its own Runtime API on a loopback port and one running copy of the program, handling
/// one invoke at a time. It enforces the timeout (kill and restart, <c>Sandbox.Timedout</c>), restarts a program that
/// crashed (<c>Runtime.ExitError</c>) and reports init failures.
/// </summary>
internal sealed class SandboxSlot : IAsyncDisposable
{
    public const string TimeoutErrorType = "Sandbox.Timedout";
    public const string ExitErrorType = "Runtime.ExitError";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly FunctionLog _log;
    private readonly RuntimeApiServer _server;
    private readonly Action _onProcessStarted;
    private SandboxProcess? _sandbox;
    private PendingInvocation? _current;
    private bool _disposed;

    public SandboxSlot(FunctionDefinition definition, FunctionLog log, Action onProcessStarted)
    {
        Definition = definition;
        _log = log;
        _onProcessStarted = onProcessStarted;
        _server = new RuntimeApiServer(definition, OnInitError);
    }

    public FunctionDefinition Definition { get; }

    public string RuntimeApiAddress => _server.Address;

    /// <summary>The running program's process id, or null when none is running.</summary>
    public int? ProcessId => _sandbox is { HasExited: false } sandbox ? sandbox.Process.Id : null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _server.StartAsync(cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _sandbox = StartSandbox();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<InvocationResult> InvokeAsync(string payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        await _gate.WaitAsync(cancellationToken);
        var invocation = new PendingInvocation(payload, Definition.Timeout);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_server.Address.Length == 0)
            {
                throw new InvalidOperationException($"Function '{Definition.Name}' is not started: call StartAsync before InvokeAsync.");
            }

            if (_sandbox is null || _sandbox.HasExited)
            {
                // Died while idle: its last lines go to the log before the new program's.
                if (_sandbox is not null)
                {
                    await _sandbox.KillAsync();
                    _server.AbandonWaitingPolls();
                }

                _sandbox = StartSandbox();
            }

            var sandbox = _sandbox;
            var stopwatch = Stopwatch.StartNew();
            _current = invocation;
            _log.Line($"START RequestId: {invocation.RequestId} Version: {Definition.Version}");
            _server.Enqueue(invocation);

            // Until the program picks the event up, the init timeout applies; from then on, the function timeout.
            using var timer = new CancellationTokenSource(Definition.InitTimeout);
            var pickedUp = false;
            using var timeoutRegistration = timer.Token.Register(() => invocation.Completion.TrySetResult(TimedOut(invocation, pickedUp)));
            _ = invocation.PickedUp.Task.ContinueWith(
                _ =>
                {
                    pickedUp = true;
                    try
                    {
                        timer.CancelAfter(Definition.Timeout);
                    }
                    catch (ObjectDisposedException)
                    {
                        // The invoke already finished.
                    }
                },
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            // Ended, not the process's exit: the result (and the END line after it) waits for the program's last lines.
            _ = sandbox.Ended.ContinueWith(
                _ => invocation.Completion.TrySetResult(sandbox.InitError is { } init ? InitFailed(invocation, init) : Crashed(invocation, sandbox)),
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            using var callerRegistration = cancellationToken.Register(() => invocation.Completion.TrySetCanceled(cancellationToken));

            InvocationResult result;
            try
            {
                result = await invocation.Completion.Task;
            }
            catch (OperationCanceledException)
            {
                // The program may still be working on the abandoned event: recycle it so the next invoke starts clean.
                await RecycleAsync(sandbox);
                throw;
            }

            if (result.Duration == TimeSpan.Zero)
            {
                result = result with { Duration = stopwatch.Elapsed };
            }

            if (result.ErrorType == TimeoutErrorType)
            {
                _log.Line($"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {invocation.RequestId} Task timed out after {Definition.Timeout.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} seconds");
            }

            if (!result.Success && (result.ErrorType == TimeoutErrorType || sandbox.HasExited || sandbox.InitError is not null))
            {
                await RecycleAsync(sandbox);
            }

            _log.Line($"END RequestId: {invocation.RequestId}");
            _log.Line(string.Create(CultureInfo.InvariantCulture,
                $"REPORT RequestId: {invocation.RequestId}\tDuration: {result.Duration.TotalMilliseconds:F2} ms\tBilled Duration: {Math.Ceiling(result.Duration.TotalMilliseconds):F0} ms\tMemory Size: {Definition.MemorySizeMb} MB"));
            return result;
        }
        finally
        {
            _current = null;
            _server.Forget(invocation);
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _gate.WaitAsync();
        try
        {
            if (_sandbox is not null)
            {
                await _sandbox.KillAsync();
            }

            await _server.DisposeAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private void OnInitError(string type, string? message)
    {
        var sandbox = _sandbox;
        if (sandbox is null)
        {
            return;
        }

        sandbox.InitError = (type, message);
        _log.Line($"INIT_REPORT Status: error\tError Type: {type}");
        if (_current is { } invocation)
        {
            invocation.Completion.TrySetResult(InitFailed(invocation, sandbox.InitError.Value));
        }
    }

    private InvocationResult TimedOut(PendingInvocation invocation, bool pickedUp)
    {
        var message = pickedUp
            ? $"RequestId: {invocation.RequestId} Error: Task timed out after {Definition.Timeout.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} seconds"
            : $"RequestId: {invocation.RequestId} Error: the function program did not ask for the event within the init timeout of {Definition.InitTimeout.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} seconds";
        return new InvocationResult(false, LambdaJson.ErrorDocument(TimeoutErrorType, message), TimeoutErrorType, message, TimeSpan.Zero)
        {
            RequestId = invocation.RequestId,
        };
    }

    private static InvocationResult Crashed(PendingInvocation invocation, SandboxProcess sandbox)
    {
        var message = $"RequestId: {invocation.RequestId} Error: Runtime exited with error: exit status {sandbox.ExitCode}";
        return new InvocationResult(false, LambdaJson.ErrorDocument(ExitErrorType, message), ExitErrorType, message, TimeSpan.Zero)
        {
            RequestId = invocation.RequestId,
        };
    }

    private static InvocationResult InitFailed(PendingInvocation invocation, (string Type, string? Message) error) =>
        new(false, LambdaJson.ErrorDocument(error.Type, error.Message ?? string.Empty), error.Type, error.Message, TimeSpan.Zero)
        {
            RequestId = invocation.RequestId,
        };

    /// <summary>Kills the sandbox's process and starts a fresh one, as Lambda does after a timeout or a crash.</summary>
    private async Task RecycleAsync(SandboxProcess sandbox)
    {
        await sandbox.KillAsync();
        _server.AbandonWaitingPolls();
        if (!_disposed && ReferenceEquals(_sandbox, sandbox))
        {
            _sandbox = StartSandbox();
        }
    }

    private SandboxProcess StartSandbox()
    {
        var sandbox = SandboxProcess.Start(Definition, _server.Address, _log);
        _onProcessStarted();
        return sandbox;
    }
}
