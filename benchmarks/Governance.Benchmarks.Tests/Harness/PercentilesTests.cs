using Governance.Benchmarks.Harness;

namespace Governance.Benchmarks.Tests.Harness;

public class PercentilesTests
{
    [Fact]
    public void Of_WhenHundredValues_ShouldReturnNearestRank()
    {
        var values = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToArray();

        Assert.Equal(50, Percentiles.Of(values, 50));
        Assert.Equal(99, Percentiles.Of(values, 99));
        Assert.Equal(100, Percentiles.Of(values, 100));
    }

    [Fact]
    public void Of_WhenEmpty_ShouldReturnNaN() => Assert.True(double.IsNaN(Percentiles.Of([], 50)));
}
