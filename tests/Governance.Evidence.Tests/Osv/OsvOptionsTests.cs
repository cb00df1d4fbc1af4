using Governance.Core.Evidence;
using Governance.Evidence.Osv;
using static Governance.Evidence.Tests.Osv.OsvTestSupport;

namespace Governance.Evidence.Tests.Osv;

public class OsvOptionsTests
{
    private static OsvConfiguration From(string? url = null, string? timeout = null, string? attempts = null) =>
        OsvOptions.FromEnvironment(name => name switch
        {
            OsvOptions.UrlVariable => url,
            OsvOptions.TimeoutVariable => timeout,
            OsvOptions.AttemptsVariable => attempts,
            _ => null,
        });

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void FromEnvironment_WhenUnset_ShouldAskOsvDevWithTheDefaults(string? url)
    {
        var options = From(url).Options!;

        Assert.Equal("https://api.osv.dev/", options.BaseUri.AbsoluteUri);
        Assert.Equal(EvidenceHttpOptions.Default, options.Http);
    }

    [Fact]
    public void FromEnvironment_ShouldReadTheUrlTimeoutAndAttempts()
    {
        var options = From("http://127.0.0.1:4566/osv", "12", "5").Options!;

        Assert.Equal("http://127.0.0.1:4566/osv/", options.BaseUri.AbsoluteUri);
        Assert.Equal(TimeSpan.FromSeconds(12), options.Http.Timeout);
        Assert.Equal(5, options.Http.Attempts);
    }

    [Theory]
    [InlineData("off")]
    [InlineData("OFF")]
    public void FromEnvironment_WhenOff_ShouldBeDisabled(string url)
    {
        Assert.True(From(url).IsDisabled);
    }

    [Theory]
    [InlineData("ftp://example.com", null, null, "GOVERNANCE_OSV_URL")]
    [InlineData("not a url", null, null, "GOVERNANCE_OSV_URL")]
    [InlineData("https://user:pw@example.com", null, null, "GOVERNANCE_OSV_URL")]
    [InlineData(null, "0", null, "GOVERNANCE_OSV_TIMEOUT_SECONDS must be a whole number of seconds from 1 to 120")]
    [InlineData(null, "5s", null, "GOVERNANCE_OSV_TIMEOUT_SECONDS")]
    [InlineData(null, null, "-1", "GOVERNANCE_OSV_ATTEMPTS must be a whole number from 1 to 10")]
    [InlineData(null, null, "11", "GOVERNANCE_OSV_ATTEMPTS")]
    public void FromEnvironment_WhenAValueIsBad_ShouldNameTheVariableAndTheAcceptedForm(string? url, string? timeout, string? attempts, string expected)
    {
        var configuration = From(url, timeout, attempts);

        Assert.Null(configuration.Options);
        Assert.False(configuration.IsDisabled);
        Assert.Contains(expected, configuration.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisabledSource_ShouldSayIntelIsDisabled()
    {
        var intel = await DisabledIntelSource.Instance.LookUpAsync(Npm("colors", "1.4.1"), CancellationToken.None);

        Assert.Equal(IntelStatus.NotQueried, intel.Status);
        Assert.Contains("intel disabled", intel.Problem, StringComparison.Ordinal);
    }
}
