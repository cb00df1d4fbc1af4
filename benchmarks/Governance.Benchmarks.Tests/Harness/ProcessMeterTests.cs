using Governance.Benchmarks.Harness;

namespace Governance.Benchmarks.Tests.Harness;

public class ProcessMeterTests
{
    [Fact]
    public async Task RunAsync_WhenProcessHoldsMemory_ShouldReportPeakRssAboveIt()
    {
        // python allocates and touches 80 MB, then exits: the measured peak must include it.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var result = await ProcessMeter.RunAsync("python3", ["-c", "b = bytearray(80 * 1024 * 1024); print(len(b))"], timeout.Token);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("83886080", result.StandardOutput.Trim());
        Assert.InRange(result.PeakRssKb, 80 * 1024, 2 * 1024 * 1024);
    }
}
