using Governance.Benchmarks.Harness;
using Governance.Local.Faults;

namespace Governance.Benchmarks.Chaos;

/// <summary>How big a chaos run is and which faults it injects.</summary>
public sealed record ChaosOptions
{
    public required string RepositoryRoot { get; init; }

    public required string WorkFolder { get; init; }

    public int Versions { get; init; } = 2000;

    /// <summary>Every Nth version is tampered at rest and must end quarantined (Unlisted); the others Published.</summary>
    public int TamperEvery { get; init; } = 10;

    /// <summary>Every Nth publish is a hostile one (<see cref="ChaosKind"/>): a name the input rules refuse, an RTL override, a 36 KB license.</summary>
    public int HostileEvery { get; init; } = 7;

    /// <summary>How many times the stack process itself is killed (SIGKILL) in the middle of the publishes and restarted on the same data.</summary>
    public int StackKills { get; init; } = 3;

    public int Seed { get; init; } = 20260601;

    /// <summary>
    /// About one request or event in five meets a fault: 12% of API requests are throttled or fail with a 5xx, 8% of
    /// asset downloads are cut or corrupted mid-stream, 10% of events are duplicated and 10% reordered.
    /// </summary>
    public FaultSettings Faults => new(Throttle: 0.06, ServerError: 0.06, Reset: 0.04, Corrupt: 0.04, DuplicateEvents: 0.10, ReorderEvents: 0.10, Seed: Seed);

    /// <summary>Probability that a function invocation's start is followed by a kill -9 of the review process a few ms later.</summary>
    public double CrashProbability { get; init; } = 0.05;

    public TimeSpan QuietTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Set when this process is not the run but its stack (<see cref="ChaosStackHost"/>).</summary>
    public ChaosHostOptions? Host { get; init; }

    public static ChaosOptions From(BenchOptions options) => new()
    {
        RepositoryRoot = options.RepositoryRoot,
        WorkFolder = options.WorkFolder,
        Versions = options.ChaosVersions,
        Seed = options.Seed,
        Host = ChaosHostOptions.From(options.Rest),
    };
}

/// <summary>One publish that did not end as it should, or a dead letter, with why.</summary>
public sealed record ChaosProblem(string Package, string Problem);

/// <summary>
/// What a chaos run found. "Lost" is about versions: a stored version without exactly one decision (one e-mail and
/// one Slack post) is lost or doubled. A refused publish is not a version, so it cannot be lost; it is wrong if it
/// was stored anyway (<see cref="WrongStates"/>), as is a stored version in the wrong status.
/// </summary>
public sealed record ChaosReport(
    int Versions,
    int Tampered,
    TimeSpan Elapsed,
    int Crashes,
    int WrongStates,
    int LostNotifications,
    int DuplicateNotifications,
    int LostSlack,
    int DuplicateSlack,
    IReadOnlyList<ChaosProblem> Problems,
    IReadOnlyList<string> DeadLetters,
    string Faults)
{
    public int StackKills { get; init; }

    public int Hostile { get; init; }

    public int Refused { get; init; }

    /// <summary>The largest notification (e-mail or Slack post) about a 36 KB-license version, in bytes.</summary>
    public long LargestLongLicenseNotification { get; init; }

    public bool Passed => WrongStates == 0 && LostNotifications == 0 && DuplicateNotifications == 0 && LostSlack == 0 && DuplicateSlack == 0;

    public void AddTo(SummaryTable summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var label = $"chaos: {Versions} publishes ({Tampered} tampered, {Hostile} hostile, {Refused} refused), {Crashes} review crashes, {StackKills} stack kills";
        summary.Add(label, "wrong final states", WrongStates.ToString(System.Globalization.CultureInfo.InvariantCulture), "goal 0", WrongStates == 0 ? "met" : "NOT met");
        summary.Add(label, "lost notifications (e-mail / Slack)", $"{LostNotifications} / {LostSlack}", "goal 0", LostNotifications + LostSlack == 0 ? "met" : "NOT met");
        summary.Add(label, "duplicate notifications (e-mail / Slack)", $"{DuplicateNotifications} / {DuplicateSlack}", "goal 0", DuplicateNotifications + DuplicateSlack == 0 ? "met" : "NOT met");
        summary.Add(label, "largest 36 KB-license notification", $"{LargestLongLicenseNotification} B", "SNS limit 262144 B", LargestLongLicenseNotification <= 262144 ? "met" : "NOT met");
        summary.Add(label, "dead letters", DeadLetters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "",
            string.Join("; ", DeadLetters.GroupBy(d => d).Select(g => $"{g.Count()}× {g.Key}")));
        summary.Add(label, "elapsed", $"{Elapsed.TotalSeconds:F0} s", Faults, $"{Versions / Elapsed.TotalSeconds:F1} publishes/s under faults");
    }
}
