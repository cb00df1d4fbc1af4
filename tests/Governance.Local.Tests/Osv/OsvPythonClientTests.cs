using Governance.Local.Tests.Support;
using Governance.TestSupport;

namespace Governance.Local.Tests.Osv;

/// <summary>An independent client (python3's urllib, no code of ours) reads the endpoint as it would read osv.dev.</summary>
public sealed class OsvPythonClientTests(OsvStackFixture osv) : IClassFixture<OsvStackFixture>
{
    [Fact]
    public async Task Python_QueryBatchThenVulns_ShouldSeeTheIncidentsAndNotTheSafeVersion()
    {
        var script = OutputFile.Path("Osv", "Scripts", "osv_querybatch.py");

        var result = await ProcessRunner.RunAsync("python3", [script, osv.OsvBase.AbsoluteUri], timeout: TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(
            [
                "event-stream@3.3.6 MAL-LOCAL-0001",
                "event-stream@3.3.4 -",
                "org.apache.logging.log4j:log4j-core@2.14.1 GHSA-jfh8-c2jp-5v3q",
                "MAL-LOCAL-0001 aliases=GHSA-mh6f-8j2x-4483",
                "GHSA-jfh8-c2jp-5v3q aliases=CVE-2021-44228",
            ],
            lines);
    }
}
