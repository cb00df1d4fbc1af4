namespace Governance.Functions;

/// <summary>
/// A crash point for reliability tests, and only for them: when <c>GOVERNANCE_CRASH_AT</c> names a workflow step
/// (one of <see cref="Core.Workflow.CrashPoints"/>: <c>after-decision</c>, <c>after-status-update</c>,
/// <c>before-notify</c>, <c>after-publish</c>), the process exits abruptly there — as a Lambda sandbox dies on
/// an out-of-memory kill or a timeout — the first time only. A marker file in <c>GOVERNANCE_CRASH_MARKER_DIR</c>
/// remembers that the crash happened, so the restarted process (the retry) runs through and the test can prove that
/// the retry converges. Unset in every deployment (the SAM template never sets it).
/// </summary>
public static class TestCrashPoint
{
    public const string StepVariable = "GOVERNANCE_CRASH_AT";
    public const string MarkerFolderVariable = "GOVERNANCE_CRASH_MARKER_DIR";

    /// <summary>The exit code of an injected crash (EX_SOFTWARE), so logs tell it apart from a real failure.</summary>
    public const int ExitCode = 70;

    public static Action<string>? FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment(StepVariable) is not { Length: > 0 } step)
        {
            return null;
        }

        if (!Core.Workflow.CrashPoints.All.Contains(step, StringComparer.Ordinal))
        {
            // A misspelt step would never crash, and the test that set it would pass without testing anything.
            throw new FunctionConfigurationException(
                $"{StepVariable}='{step}' is not a step of the review: set it to one of {string.Join(", ", Core.Workflow.CrashPoints.All)}");
        }

        var folder = FunctionProgram.Required(environment, MarkerFolderVariable,
            "a folder where the injected crash leaves its marker, so that only the first invocation crashes");
        return reached => CrashOnce(step, reached, folder, () => Environment.Exit(ExitCode));
    }

    /// <summary>Crashes (calls <paramref name="crash"/>) when <paramref name="reached"/> is the configured step and no marker exists yet.</summary>
    public static void CrashOnce(string step, string reached, string markerFolder, Action crash)
    {
        ArgumentNullException.ThrowIfNull(crash);
        if (!string.Equals(step, reached, StringComparison.Ordinal))
        {
            return;
        }

        Directory.CreateDirectory(markerFolder);
        var marker = Path.Combine(markerFolder, "crashed-" + step);
        try
        {
            // CreateNew is the atomic test-and-set: of several processes reaching the step, exactly one crashes.
            using (new FileStream(marker, FileMode.CreateNew, FileAccess.Write))
            {
            }
        }
        catch (IOException) when (File.Exists(marker))
        {
            return;
        }

        Console.Out.WriteLine($"{{\"level\":\"WARN\",\"message\":\"injected crash\",\"step\":\"{step}\"}}");
        Console.Out.Flush();
        crash();
    }
}
