using Governance.Cli.Local;
using Governance.Local.Faults;

namespace Governance.Cli.Tests.Local;

/// <summary>A valid fault spec never crashes the governed stack's start; an invalid one is refused before anything starts.</summary>
public sealed class GovernedStackFaultsTests : IDisposable
{
    private readonly TempFolder _dir = new("governance-cli");

    public void Dispose() => _dir.Dispose();

    /// <summary>The function program the solution build leaves in functions/Governance.Functions/bin.</summary>
    private static string BuiltFunctionAssembly()
    {
        var candidates = new[] { "Debug", "Release" }
            .Select(c => RepositoryRoot.File("functions", "Governance.Functions", "bin", c, "net10.0", "Governance.Functions.dll"))
            .Where(File.Exists)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .ToList();
        Assert.True(candidates.Count > 0, "build the solution first: functions/Governance.Functions/bin/*/net10.0/Governance.Functions.dll is missing");
        return candidates[0];
    }

    [Fact]
    public async Task StartAsync_WhenEveryAwsCallWouldBeThrottledOrFail_ShouldStartAndThenApplyTheFaults()
    {
        var faults = FaultSettings.Parse("throttle=1,5xx=1,seed=42");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        await using var stack = await GovernedStack.StartAsync(new GovernedStackOptions
        {
            DataFolder = _dir.Path,
            FunctionAssembly = BuiltFunctionAssembly(),
            Faults = faults,
        }, timeout.Token);

        Assert.False(string.IsNullOrEmpty(stack.TopicArn));
        Assert.Equal(faults, stack.Stack.Faults.Settings);
    }

    [Fact]
    public async Task StartAsync_WhenTheFaultsAreInvalid_ShouldRefuseThemNamingTheField()
    {
        var error = await Assert.ThrowsAsync<FormatException>(() => GovernedStack.StartAsync(new GovernedStackOptions
        {
            DataFolder = _dir.Path,
            FunctionAssembly = "unused.dll",
            Faults = new FaultSettings(Corrupt: double.NaN),
        }, CancellationToken.None));

        Assert.Contains("'corrupt'", error.Message, StringComparison.Ordinal);
    }
}
