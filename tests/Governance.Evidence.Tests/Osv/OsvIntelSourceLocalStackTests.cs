using Governance.Core.Evidence;
using Governance.Core.Packages;
using Governance.Evidence.Osv;
using Governance.TestSupport;
using static Governance.Evidence.Tests.Osv.OsvTestSupport;

namespace Governance.Evidence.Tests.Osv;

/// <summary>The adapter against the local stack's real <c>/osv/</c> endpoint over HTTP, with its shipped incident records.</summary>
public sealed class OsvIntelSourceLocalStackTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private LocalStackHarness _stack = null!;
    private OsvIntelSource _source = null!;

    public async Task InitializeAsync()
    {
        _stack = await LocalStackHarness.StartAsync();
        _source = new OsvIntelSource(_http, Options(OsvBase));
    }

    [Fact]
    public async Task LookUp_WhenTheVersionIsABackdooredRelease_ShouldAnswerAMaliciousCriticalAdvisory()
    {
        var intel = await _source.LookUpAsync(Npm("event-stream", "3.3.6"), CancellationToken.None);

        Assert.Equal(IntelStatus.Answered, intel.Status);
        var advisory = Assert.Single(intel.Advisories);
        Assert.Equal("MAL-LOCAL-0001", advisory.Id);
        Assert.True(advisory.Malicious);
        Assert.Equal(AdvisorySeverity.Critical, advisory.Severity);
        Assert.Contains("GHSA-mh6f-8j2x-4483", advisory.Aliases);
        Assert.Contains("flatmap-stream", advisory.Summary, StringComparison.Ordinal);
        Assert.Equal(2, intel.Attempts);
        Assert.Equal(OsvBase.AbsoluteUri, intel.Source);
    }

    [Fact]
    public async Task LookUp_WhenTheVersionIsLog4Shell_ShouldScoreItsVectorAsCritical()
    {
        var intel = await _source.LookUpAsync(Maven("org.apache.logging.log4j", "log4j-core", "2.14.1"), CancellationToken.None);

        var advisory = Assert.Single(intel.Advisories);
        Assert.Equal("GHSA-jfh8-c2jp-5v3q", advisory.Id);
        Assert.Equal(["CVE-2021-44228"], advisory.Aliases);
        Assert.Equal(10.0, advisory.Score);
        Assert.Equal(AdvisorySeverity.Critical, advisory.Severity);
        Assert.False(advisory.Malicious);
        Assert.Equal("https://osv.dev/vulnerability/GHSA-jfh8-c2jp-5v3q", advisory.Link);
    }

    [Theory]
    [InlineData("plain-crypto-js", "4.2.1", "MAL-2026-2306")]
    [InlineData("ua-parser-js", "0.7.29", "MAL-LOCAL-0002")]
    [InlineData("node-ipc", "10.1.1", "MAL-LOCAL-0003")]
    [InlineData("colors", "1.4.1", "MAL-LOCAL-0004")]
    public async Task LookUp_ForEachMaliciousIncident_ShouldFlagIt(string name, string version, string id)
    {
        var intel = await _source.LookUpAsync(Npm(name, version), CancellationToken.None);

        var advisory = Assert.Single(intel.Advisories);
        Assert.Equal(id, advisory.Id);
        Assert.True(advisory.Malicious);
    }

    [Fact]
    public async Task LookUp_WhenTheVersionIsTheSafeNeighbour_ShouldAnswerNoAdvisories()
    {
        var intel = await _source.LookUpAsync(Npm("event-stream", "3.3.4"), CancellationToken.None);

        Assert.Equal(IntelStatus.Answered, intel.Status);
        Assert.Empty(intel.Advisories);
        Assert.Null(intel.Problem);
        Assert.Equal(1, intel.Attempts);
    }

    [Fact]
    public async Task LookUp_WhenTheFormatHasNoOsvEcosystem_ShouldNotAsk()
    {
        var intel = await _source.LookUpAsync(new PackageVersionId("d", "1", "r", PackageFormats.Generic, "acme", "secret-mission", "1.0.0"), CancellationToken.None);

        Assert.Equal(IntelStatus.NotQueried, intel.Status);
        Assert.Contains("generic", intel.Problem, StringComparison.Ordinal);
        Assert.Equal(0, intel.Attempts);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _stack.DisposeAsync();
    }

    private Uri OsvBase => new(_stack.Stack.BaseUrl, "osv/");
}
