using Governance.Core.Policy;

namespace Governance.Core.Tests.Policy;

public class VersionRangeTests
{
    [Theory]
    [InlineData("*", "0.0.1", true)]
    [InlineData("1.2.3", "1.2.3", true)]
    [InlineData("1.2.3", "1.2.4", false)]
    [InlineData(">=1.0.0 <1.4.2", "1.4.1", true)]
    [InlineData(">=1.0.0 <1.4.2", "1.4.2", false)]
    [InlineData(">=1.0.0 <1.4.2", "1.10.0", false)]
    [InlineData("<2.0.0 || 3.0.0", "3.0.0", true)]
    [InlineData("<2.0.0 || 3.0.0", "2.5.0", false)]
    [InlineData("<1.0.0", "1.0.0-rc.1", true)]
    [InlineData(">1.0", "1.0.0", false)]
    public void Contains_WhenVersionCompared_ShouldOrderNumerically(string range, string version, bool expected)
    {
        Assert.True(VersionRange.TryParse(range, out var parsed, out var error), error);
        Assert.Equal(expected, parsed.Contains(version));
    }

    [Theory]
    [InlineData("")]
    [InlineData(">=")]
    [InlineData("1.0 ||")]
    public void TryParse_WhenMalformed_ShouldExplain(string range)
    {
        Assert.False(VersionRange.TryParse(range, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
