using Governance.Core.Evidence;
using Governance.Evidence.Registries;

namespace Governance.Evidence.Tests.Registries;

public sealed class PublicRegistriesTests
{
    [Fact]
    public void FromEnvironment_WhenUnset_ShouldUseThePublicRegistries()
    {
        var configuration = PublicRegistryOptions.FromEnvironment(_ => null);

        Assert.Null(configuration.Error);
        Assert.Equal("https://repo1.maven.org/maven2/", configuration.Options!.MavenCentral!.AbsoluteUri);
        Assert.Equal("https://registry.npmjs.org/", configuration.Options.Npm!.AbsoluteUri);
        Assert.Equal("https://pypi.org/", configuration.Options.Pypi!.AbsoluteUri);
    }

    [Fact]
    public void FromEnvironment_ShouldSwitchOneOffAndAddTheTrailingSlashToAnother()
    {
        var configuration = PublicRegistryOptions.FromEnvironment(name => name switch
        {
            PublicRegistryOptions.NpmVariable => "OFF",
            PublicRegistryOptions.MavenCentralVariable => "http://127.0.0.1:4566/public/maven-central",
            _ => null,
        });

        Assert.Null(configuration.Options!.Npm);
        Assert.Equal("http://127.0.0.1:4566/public/maven-central/", configuration.Options.MavenCentral!.AbsoluteUri);
    }

    [Theory]
    [InlineData("ftp://mirror/maven2")]
    [InlineData("https://user:secret@mirror/maven2")]
    [InlineData("not a url")]
    [InlineData("https://mirror/maven2?x=1")]
    public void FromEnvironment_WhenAValueIsBad_ShouldNameTheVariableWithoutThrowing(string value)
    {
        var configuration = PublicRegistryOptions.FromEnvironment(name => name == PublicRegistryOptions.PypiVariable ? value : null);

        Assert.Null(configuration.Options);
        Assert.StartsWith("GOVERNANCE_PYPI_URL must be", configuration.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Describe_ShouldRouteByFormat_AndAnswerNotQueriedForOthersAndForRegistriesSwitchedOff()
    {
        await using var standIns = await RegistryStandIns.StartAsync();
        using var client = new HttpClient();
        var registries = new PublicRegistries(client, new PublicRegistryOptions(standIns.MavenBase, null, standIns.PypiBase));

        var maven = await registries.DescribeAsync(RegistryStandIns.Id("maven", "org.example", "demo", "1.0.0"), [RegistryStandIns.Asset("demo-1.0.0.pom")], CancellationToken.None);
        var pypi = await registries.DescribeAsync(RegistryStandIns.Id("pypi", null, "demo-pkg", "0.1.0"), [RegistryStandIns.Asset("demo_pkg-0.1.0.tar.gz")], CancellationToken.None);
        var npm = await registries.DescribeAsync(RegistryStandIns.Id("npm", null, "left-pad", "1.3.0"), [], CancellationToken.None);
        var nuget = await registries.DescribeAsync(RegistryStandIns.Id("nuget", null, "Newtonsoft.Json", "13.0.1"), [], CancellationToken.None);

        Assert.Equal((RegistryStatus.Found, standIns.MavenBase.AbsoluteUri), (maven.Status, maven.Source));
        Assert.Equal((RegistryStatus.Found, standIns.PypiBase.AbsoluteUri), (pypi.Status, pypi.Source));
        Assert.Equal(RegistryStatus.NotQueried, npm.Status);
        Assert.Contains("switched off", npm.Problem, StringComparison.Ordinal);
        Assert.Equal(RegistryStatus.NotQueried, nuget.Status);
        Assert.Contains("format nuget", nuget.Problem, StringComparison.Ordinal);
    }
}
