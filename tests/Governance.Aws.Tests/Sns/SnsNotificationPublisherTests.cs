using Governance.Aws.Sns;

namespace Governance.Aws.Tests.Sns;

public sealed class SnsNotificationPublisherTests
{
    [Theory]
    [InlineData("Package p 1.0.0 published", "Package p 1.0.0 published")]
    [InlineData("line one\r\nline two\tand tab", "line one  line two and tab")]
    [InlineData("  \n ", "Package governance notification")]
    public void CleanSubject_WhenGivenText_ShouldRemoveControlCharacters(string subject, string expected)
    {
        Assert.Equal(expected, SnsNotificationPublisher.CleanSubject(subject));
    }

    [Fact]
    public void CleanSubject_WhenTooLong_ShouldStayUnderOneHundredCharacters()
    {
        var cleaned = SnsNotificationPublisher.CleanSubject(new string('x', 300));
        Assert.Equal(99, cleaned.Length);
        Assert.EndsWith("…", cleaned);
    }
}
