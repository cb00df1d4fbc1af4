namespace Governance.Cli.Tests.Commands;

/// <summary>
/// <c>governance check</c> shows the evidence the review function would gather for a local file: the license read
/// from the archive when none is given, and with <c>--intel URL</c> what an OSV-compatible API says.
/// </summary>
public sealed class CheckEvidenceTests() : CommandTests("check"), IAsyncLifetime
{
    private const string CommonsLang3 = "/usr/share/maven-repo/org/apache/commons/commons-lang3/3.12.0/commons-lang3-3.12.0.jar";
    private LocalStackHarness _stack = null!;

    public async Task InitializeAsync() => _stack = await LocalStackHarness.StartAsync();

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public void Check_WhenAJarDeclaresNoLicense_ShouldReadItsLicenseFileAndSaySo()
    {
        var (exit, output, err) = Run(CommonsLang3, "--format", "maven", "--namespace", "org.apache.commons", "--name", "commons-lang3", "--version", "3.12.0");

        Assert.True(exit == 0, output + err);
        Assert.Contains("-> Apache-2.0 (Allowed)", output, StringComparison.Ordinal);
        Assert.Contains("META-INF/LICENSE.txt", output, StringComparison.Ordinal);
        Assert.Contains("not queried", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WhenAskedToQueryIntelForAKnownMaliciousVersion_ShouldFailNamingTheAdvisory()
    {
        var file = Dir.Write("event-stream-3.3.6.tgz", "not really the tarball");

        var (exit, output, err) = Run(file, "--format", "npm", "--name", "event-stream", "--version", "3.3.6", "--license", "MIT",
            "--intel", new Uri(_stack.Stack.BaseUrl, "osv/").ToString());

        Assert.True(exit == 1, output + err);
        Assert.Contains("[intel.malicious]", output, StringComparison.Ordinal);
        Assert.Contains("MAL-LOCAL-0001", output, StringComparison.Ordinal);
        Assert.Contains("would be quarantined: status Archived", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WhenTheIntelSourceIsNotAnHttpUrl_ShouldRefuseTheArgument()
    {
        var file = Dir.Write("a.tgz", "x");

        var (exit, _, err) = Run(file, "--format", "npm", "--intel", "file:///etc/passwd");

        Assert.Equal(2, exit);
        Assert.Contains("--intel must be the base URL", err, StringComparison.Ordinal);
    }
}
