using Governance.Benchmarks.Chaos;
using Governance.TestSupport;
using Xunit.Abstractions;

namespace Governance.Benchmarks.Tests.Chaos;

/// <summary>
/// The chaos run, small: 40 publishes through the local stack (in a process of its own, with the built function
/// program under the Runtime API host) with the benchmark's fault mix — throttling, 5xx, resets and corruption
/// mid-asset, duplicated and reordered events, kill -9 of the review process at random points, kill -9 of the stack
/// process itself mid-publish, and hostile names and licenses. Every stored version must end in the right status with
/// exactly one notification; every publish the input rules forbid must be refused.
/// </summary>
public sealed class ChaosRunTests(ChaosWorkFolder work, ITestOutputHelper output) : IClassFixture<ChaosWorkFolder>
{
    [Fact]
    public async Task RunAsync_WhenNetworkAndEventFaultsAreInjected_ShouldEndEveryVersionRightWithExactlyOneNotification()
    {
        var report = await RunAsync(crashProbability: 0, stackKills: 0, hostileEvery: 0);

        AssertEveryVersionRightWithExactlyOneNotification(report);
    }

    /// <summary>
    /// With kill -9 at random points on top: states stay right, nothing is lost and nothing is doubled. A kill between
    /// SNS accepting the message and the ledger marking it notified used to make the retry publish again; the notify
    /// function's delivery receipt now tells the retry that the message went out.
    /// </summary>
    [Fact]
    public async Task RunAsync_WhenReviewProcessIsAlsoKilled_ShouldEndEveryVersionRightWithExactlyOneNotification()
    {
        var report = await RunAsync(crashProbability: 0.08, stackKills: 0, hostileEvery: 0);

        Assert.True(report.Crashes > 0, "the run must actually crash the review process");
        AssertEveryVersionRightWithExactlyOneNotification(report);
    }

    /// <summary>
    /// Issue 15's two new faults on top of the rest: the stack process is killed twice (SIGKILL, with its function
    /// processes) in the middle of the publishes and restarted on the same data, and every 7th publish is hostile — a
    /// BEL or a U+0001 in the name, a 300-character name, an RTL override, a 36 KB license string. Nothing stored may
    /// be lost or doubled, nothing the input rules forbid may be stored, and the 36 KB license's notification must
    /// fit SNS's 256 KiB limit.
    /// </summary>
    [Fact]
    public async Task RunAsync_WhenTheStackIsKilledAndHostileInputsAreMixedIn_ShouldRefuseTheForbiddenAndLoseNothing()
    {
        var report = await RunAsync(crashProbability: 0.05, stackKills: 2, hostileEvery: 7);

        Assert.Equal(2, report.StackKills);
        Assert.Equal(5, report.Hostile);
        Assert.True(report.Refused >= 3, $"the BEL, U+0001 and 300-character names must be refused; {report.Refused} publishes were: " + Problems(report));
        AssertEveryVersionRightWithExactlyOneNotification(report);
        Assert.InRange(report.LargestLongLicenseNotification, 1, 256 * 1024);
    }

    private async Task<ChaosReport> RunAsync(double crashProbability, int stackKills, int hostileEvery)
    {
        // A hard stop, not a performance assertion: the first run also builds the function program, and each stack
        // restart starts two function processes.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var log = new StringWriter();
        var report = await ChaosRun.RunAsync(new ChaosOptions
        {
            RepositoryRoot = RepositoryRoot.Path,
            WorkFolder = work.Path,
            Versions = 40,
            TamperEvery = 10,
            Seed = 7,
            CrashProbability = crashProbability,
            StackKills = stackKills,
            HostileEvery = hostileEvery,
            QuietTimeout = TimeSpan.FromMinutes(5),
        }, log, timeout.Token);
        output.WriteLine(log.ToString());
        Assert.Equal(40, report.Versions);
        Assert.Equal(4, report.Tampered);
        return report;
    }

    /// <summary>What every chaos run must end with, whatever its faults: right final states, nothing lost, nothing doubled.</summary>
    private static void AssertEveryVersionRightWithExactlyOneNotification(ChaosReport report)
    {
        Assert.True(report.WrongStates == 0, "wrong final states: " + Problems(report));
        Assert.True(report.LostNotifications == 0 && report.LostSlack == 0, "lost notifications: " + Problems(report));
        Assert.True(report.DuplicateNotifications == 0 && report.DuplicateSlack == 0, "duplicate notifications: " + Problems(report));
    }

    private static string Problems(ChaosReport report) => string.Join("; ", report.Problems.Select(p => $"{p.Package} {p.Problem}"));
}

/// <summary>One work folder per test class: the function program is built once into it and reused by every run.</summary>
public sealed class ChaosWorkFolder : IDisposable
{
    // A wrapper, not TempFolder itself: xunit builds a class fixture through a parameterless constructor.
    private readonly TempFolder _folder = new("governance-chaos-test");

    public string Path => _folder.Path;

    public void Dispose() => _folder.Dispose();
}
