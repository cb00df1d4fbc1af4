using System.Diagnostics;

namespace Governance.Local.Faults;

/// <summary>
/// Tests only: a step of the local stack's commit where its process kills itself (SIGKILL, as <c>kill -9</c> would),
/// chosen with the environment variable <see cref="Variable"/> of a <c>governance local up</c> process. It lets a test
/// stop a real process at an exact point between two writes and restart it on the same data folder, which is the
/// only way to prove that no state can be reached in which a stored version has no event.
/// </summary>
public sealed class LocalCrashPoint
{
    /// <summary>The environment variable naming the step, e.g. <c>GOVERNANCE_LOCAL_CRASH_AT=event-journaled</c>.</summary>
    public const string Variable = "GOVERNANCE_LOCAL_CRASH_AT";

    /// <summary>The change's event is in the event log; the package record is not saved yet.</summary>
    public const string EventJournaled = "event-journaled";

    /// <summary>The package record is saved too; the request has not been answered yet.</summary>
    public const string PackageSaved = "package-saved";

    private static readonly string[] Steps = [EventJournaled, PackageSaved];
    private readonly Action _kill;

    /// <param name="step">One of <see cref="EventJournaled"/>, <see cref="PackageSaved"/>.</param>
    /// <param name="kill">What "dying" is: the real process kill unless a test passes its own.</param>
    public LocalCrashPoint(string step, Action? kill = null)
    {
        if (!Steps.Contains(step, StringComparer.Ordinal))
        {
            throw new FormatException($"{Variable} must be one of {string.Join(", ", Steps)}, not '{step}'");
        }

        Step = step;
        _kill = kill ?? KillThisProcess;
    }

    public string Step { get; }

    /// <summary>The crash point the environment asks for, or null (the normal case: never crash).</summary>
    public static LocalCrashPoint? FromEnvironment() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } step ? new LocalCrashPoint(step) : null;

    /// <summary>Dies here if <paramref name="step"/> is the configured step.</summary>
    public void Reached(string step)
    {
        if (string.Equals(step, Step, StringComparison.Ordinal))
        {
            _kill();
        }
    }

    private static void KillThisProcess()
    {
        // SIGKILL to ourselves: no finally block, flush or shutdown hook runs, exactly as under kill -9.
        using var self = Process.GetCurrentProcess();
        self.Kill();
        Thread.Sleep(Timeout.Infinite);
    }
}
