using Governance.Benchmarks.Chaos;
using Governance.Cli.Local;
using Xunit.Abstractions;

namespace Governance.Benchmarks.Tests.Chaos;

/// <summary>
/// The chaos run, small: 40 versions through the local stack (the built function program under the Runtime API host)
/// with the benchmark's fault mix — throttling, 5xx, resets and corruption mid-asset, duplicated and reordered events,
/// and kill -9 of the review process at random points. Every version must end in the right status with exactly one
/// notification.
/// </summary>
public sealed class ChaosRunTests(ChaosWorkFolder work, ITestOutputHelper output) : IClassFixture<ChaosWorkFolder>
{
    [Fact]
    public async Task RunAsync_WhenNetworkAndEventFaultsAreInjected_ShouldEndEveryVersionRightWithExactlyOneNotification()
    {
        var report = await RunAsync(crashProbability: 0);

        Assert.True(report.WrongStates == 0, "wrong final states: " + Problems(report));
        Assert.True(report.LostNotifications == 0 && report.LostSlack == 0, "lost notifications: " + Problems(report));
        Assert.True(report.DuplicateNotifications == 0 && report.DuplicateSlack == 0, "duplicate notifications: " + Problems(report));
    }

    /// <summary>
    /// With kill -9 at random points on top: states stay right, nothing is lost and nothing is doubled. A kill between
    /// SNS accepting the message and the ledger marking it notified used to make the retry publish again; the notify
    /// function's delivery receipt now tells the retry that the message went out.
    /// </summary>
    [Fact]
    public async Task RunAsync_WhenReviewProcessIsAlsoKilled_ShouldEndEveryVersionRightWithExactlyOneNotification()
    {
        var report = await RunAsync(crashProbability: 0.08);

        Assert.True(report.Crashes > 0, "the run must actually crash the review process");
        Assert.True(report.WrongStates == 0, "wrong final states: " + Problems(report));
        Assert.True(report.LostNotifications == 0 && report.LostSlack == 0, "lost notifications: " + Problems(report));
        Assert.True(report.DuplicateNotifications == 0 && report.DuplicateSlack == 0, "duplicate notifications: " + Problems(report));
    }

    private async Task<ChaosReport> RunAsync(double crashProbability)
    {
        var root = FunctionArtifact.FindRepositoryRoot(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("the test must run inside the repository");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var log = new StringWriter();
        var report = await ChaosRun.RunAsync(new ChaosOptions
        {
            RepositoryRoot = root,
            WorkFolder = work.Path,
            Versions = 40,
            TamperEvery = 10,
            Seed = 7,
            CrashProbability = crashProbability,
            QuietTimeout = TimeSpan.FromMinutes(3),
        }, log, timeout.Token);
        output.WriteLine(log.ToString());
        Assert.Equal(40, report.Versions);
        Assert.Equal(4, report.Tampered);
        return report;
    }

    private static string Problems(ChaosReport report) => string.Join("; ", report.Problems.Select(p => $"{p.Package} {p.Problem}"));
}

/// <summary>One work folder per test class: the function program is built once into it and reused by both runs.</summary>
public sealed class ChaosWorkFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "governance-chaos-test-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
