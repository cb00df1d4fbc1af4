using System.Globalization;
using System.Threading.Channels;

namespace Governance.Local.Lambda;

/// <summary>
/// Runs a function program as Lambda runs it: a child process started with Lambda's environment, talking to a Runtime
/// API on a loopback port. By default one sandbox, one invoke at a time (invokes queue);
/// <see cref="FunctionDefinition.MaxConcurrency"/> &gt; 1 runs that many sandboxes side by side, each with its own
/// program and Runtime API. The host enforces the timeout (the process is killed and restarted, the invoke fails with
/// <c>Sandbox.Timedout</c>), restarts a program that crashed (the invoke fails with <c>Runtime.ExitError</c>), reports
/// init failures with the posted error type, and writes the program's output lines plus START/END/REPORT lines to the
/// function's log file and the optional callback.
/// </summary>
public sealed class LambdaFunctionHost : IFunctionInvoker, IAsyncDisposable
{
    public const string TimeoutErrorType = SandboxSlot.TimeoutErrorType;
    public const string ExitErrorType = SandboxSlot.ExitErrorType;

    private readonly FunctionLog _log;
    private readonly List<SandboxSlot> _slots = [];
    private readonly Channel<SandboxSlot> _idle = Channel.CreateUnbounded<SandboxSlot>();
    private int _processStarts;
    private bool _started;
    private bool _disposed;

    public LambdaFunctionHost(FunctionDefinition definition, Action<string>? onLogLine = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.MaxConcurrency < 1)
        {
            throw new ArgumentException($"FunctionDefinition.MaxConcurrency must be at least 1 (was {definition.MaxConcurrency}).", nameof(definition));
        }

        Definition = definition;
        _log = new FunctionLog(definition.LogFilePath, onLogLine);
        for (var i = 0; i < definition.MaxConcurrency; i++)
        {
            _slots.Add(new SandboxSlot(definition, _log, () => Interlocked.Increment(ref _processStarts)));
        }
    }

    public FunctionDefinition Definition { get; }

    public string FunctionName => Definition.Name;

    /// <summary>The first sandbox's <c>AWS_LAMBDA_RUNTIME_API</c> value (host:port) once started.</summary>
    public string RuntimeApiAddress => _slots[0].RuntimeApiAddress;

    /// <summary>How many times a program was started: one per sandbox after <see cref="StartAsync"/>, more after timeouts and crashes.</summary>
    public int ProcessStarts => Volatile.Read(ref _processStarts);

    /// <summary>The first sandbox's running process id, or null when none is running.</summary>
    public int? ProcessId => _slots[0].ProcessId;

    /// <summary>Starts the Runtime APIs and the programs (their init runs now, as Lambda's does before the first event).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var slot in _slots)
        {
            await slot.StartAsync(cancellationToken);
            _idle.Writer.TryWrite(slot);
        }

        _started = true;
    }

    public async Task<InvocationResult> InvokeAsync(string payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_started)
        {
            throw new InvalidOperationException($"Function '{Definition.Name}' is not started: call StartAsync before InvokeAsync.");
        }

        var slot = await _idle.Reader.ReadAsync(cancellationToken);
        try
        {
            return await slot.InvokeAsync(payload, cancellationToken);
        }
        finally
        {
            _idle.Writer.TryWrite(slot);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var slot in _slots)
        {
            await slot.DisposeAsync();
        }

        _log.Dispose();
    }
}

/// <summary>The environment Lambda gives a function's process.</summary>
internal static class LambdaEnvironment
{
    public static void Apply(IDictionary<string, string?> environment, FunctionDefinition definition, string runtimeApi)
    {
        // The host's own AWS settings (profiles, real credentials) must not leak into the function.
        foreach (var key in environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("_X_AMZN", StringComparison.Ordinal) || k.StartsWith("LAMBDA_", StringComparison.Ordinal) || k == "_HANDLER").ToList())
        {
            environment.Remove(key);
        }

        foreach (var (key, value) in definition.Environment)
        {
            environment[key] = value;
        }

        environment["AWS_LAMBDA_RUNTIME_API"] = runtimeApi;
        environment["AWS_REGION"] = definition.Region;
        environment["AWS_DEFAULT_REGION"] = definition.Region;
        environment["AWS_ACCESS_KEY_ID"] = definition.AccessKeyId;
        environment["AWS_SECRET_ACCESS_KEY"] = definition.SecretAccessKey;
        if (definition.SessionToken is not null)
        {
            environment["AWS_SESSION_TOKEN"] = definition.SessionToken;
        }

        environment["AWS_LAMBDA_FUNCTION_NAME"] = definition.Name;
        environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = definition.MemorySizeMb.ToString(CultureInfo.InvariantCulture);
        environment["AWS_LAMBDA_FUNCTION_VERSION"] = definition.Version;
        environment["AWS_LAMBDA_LOG_GROUP_NAME"] = definition.LogGroupName;
        environment["AWS_LAMBDA_LOG_STREAM_NAME"] = DateTimeOffset.UtcNow.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture) + "/[" + definition.Version + "]local";
        environment["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand";
        environment["_HANDLER"] = definition.Handler;
        environment["LAMBDA_TASK_ROOT"] = definition.WorkingDirectory;
        environment["AWS_EC2_METADATA_DISABLED"] = "true";
        environment["TZ"] = ":UTC";
        if (definition.EndpointUrl is not null && !definition.Environment.ContainsKey("AWS_ENDPOINT_URL"))
        {
            environment["AWS_ENDPOINT_URL"] = definition.EndpointUrl.ToString().TrimEnd('/');
        }
    }
}
