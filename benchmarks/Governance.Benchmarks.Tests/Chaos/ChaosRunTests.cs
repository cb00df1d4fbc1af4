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
public sealed class ChaosRunTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "governance-chaos-test-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task RunAsync_WhenFaultsAndCrashesAreInjected_ShouldEndEveryVersionRightWithExactlyOneNotification()
    {
        var root = FunctionArtifact.FindRepositoryRoot(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("the test must run inside the repository");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var log = new StringWriter();

        var report = await ChaosRun.RunAsync(new ChaosOptions
        {
            RepositoryRoot = root,
            WorkFolder = _work,
            Versions = 40,
            TamperEvery = 10,
            Seed = 7,
            CrashProbability = 0.08,
            QuietTimeout = TimeSpan.FromMinutes(3),
        }, log, timeout.Token);
        output.WriteLine(log.ToString());

        Assert.Equal(40, report.Versions);
        Assert.Equal(4, report.Tampered);
        Assert.True(report.WrongStates == 0, "wrong final states: " + string.Join("; ", report.Problems.Select(p => $"{p.Package} {p.Problem}")));
        Assert.True(report.LostNotifications == 0, "lost notifications: " + string.Join("; ", report.Problems.Select(p => $"{p.Package} {p.Problem}")));
        Assert.True(report.DuplicateNotifications == 0, "duplicate notifications: " + string.Join("; ", report.Problems.Select(p => $"{p.Package} {p.Problem}")));
        Assert.Equal(0, report.LostSlack);
        Assert.Equal(0, report.DuplicateSlack);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
