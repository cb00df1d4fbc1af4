using Governance.Core.Evidence;
using Governance.Core.Integrity;
using Governance.Evidence.Registries;

namespace Governance.Evidence.Tests.Registries;

public sealed class MavenCentralRegistryTests : RegistryStandInTests
{
    [Fact]
    public async Task Describe_WhenCentralServesChecksums_ShouldGiveTheStrongestDigestOfEachAssetAndThePomTime()
    {
        var evidence = await Registry().DescribeAsync(Id("1.0.0"), [RegistryStandIns.Asset("demo-1.0.0.jar"), RegistryStandIns.Asset("demo-1.0.0.pom")], CancellationToken.None);

        Assert.Equal(RegistryStatus.Found, evidence.Status);
        Assert.Null(evidence.Problem);
        Assert.Equal(StandIns.MavenBase.AbsoluteUri, evidence.Source);
        foreach (var asset in new[] { "demo-1.0.0.jar", "demo-1.0.0.pom" })
        {
            var digests = evidence.Assets[asset];
            Assert.Equal(RegistryStandIns.Digests(Path.Combine(StandIns.MavenFolder, asset)).Sha512, Assert.Single(digests, d => d.Key == HashKind.Sha512).Value);
            Assert.Single(digests);
        }

        Assert.Equal(RegistryStandIns.PomTime, evidence.PublishedAt);
    }

    [Fact]
    public async Task Describe_WhenTheRegistryPublishesAWrongChecksum_ShouldReportWhatTheRegistryPublished()
    {
        var planted = new string('e', 128);
        await File.WriteAllTextAsync(Path.Combine(StandIns.MavenFolder, "demo-1.0.0.jar.sha512"), planted + "  demo-1.0.0.jar\n");

        var evidence = await Registry().DescribeAsync(Id("1.0.0"), [RegistryStandIns.Asset("demo-1.0.0.jar")], CancellationToken.None);

        Assert.Equal(planted, evidence.Assets["demo-1.0.0.jar"][HashKind.Sha512]);
    }

    [Fact]
    public async Task Describe_WhenCentralHasNoSuchVersion_ShouldBeNotFound()
    {
        var evidence = await Registry().DescribeAsync(Id("9.9.9"), [RegistryStandIns.Asset("demo-9.9.9.jar")], CancellationToken.None);

        Assert.Equal(RegistryStatus.NotFound, evidence.Status);
        Assert.Empty(evidence.Assets);
        Assert.Contains("no checksum file", evidence.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Describe_WhenCodeArtifactHasAnAssetCentralDoesNot_ShouldFindTheOthersAndNameTheMissingOne()
    {
        var evidence = await Registry().DescribeAsync(Id("1.0.0"), [RegistryStandIns.Asset("demo-1.0.0.jar"), RegistryStandIns.Asset("demo-1.0.0-extra.jar")], CancellationToken.None);

        Assert.Equal(RegistryStatus.Found, evidence.Status);
        Assert.Equal(["demo-1.0.0.jar"], evidence.Assets.Keys);
        Assert.Contains("demo-1.0.0-extra.jar", evidence.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Describe_WhenTheCoordinateCouldLeaveTheLayout_ShouldNotAsk()
    {
        var evidence = await Registry().DescribeAsync(RegistryStandIns.Id("maven", "org..evil", "demo", "1.0.0"), [RegistryStandIns.Asset("demo-1.0.0.jar")], CancellationToken.None);

        Assert.Equal(RegistryStatus.NotFound, evidence.Status);
        Assert.Contains("not a Maven coordinate", evidence.Problem, StringComparison.Ordinal);
    }

    private MavenCentralRegistry Registry() => new(Client, StandIns.MavenBase, EvidenceHttpOptions.Default);

    private static Core.Packages.PackageVersionId Id(string version) => RegistryStandIns.Id("maven", "org.example", "demo", version);
}
