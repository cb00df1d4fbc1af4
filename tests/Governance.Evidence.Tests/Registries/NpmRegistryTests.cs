using Governance.Core.Evidence;
using Governance.Core.Integrity;
using Governance.Evidence.Registries;

namespace Governance.Evidence.Tests.Registries;

public sealed class NpmRegistryTests : RegistryStandInTests
{
    [Fact]
    public async Task Describe_ShouldGiveTheTarballsIntegrityAsHexSha512AndItsShasum_AndTheVersionsTime()
    {
        var evidence = await Registry().DescribeAsync(RegistryStandIns.Id("npm", null, "left-pad", "1.3.0"), [RegistryStandIns.Asset("package.tgz")], CancellationToken.None);

        var expected = RegistryStandIns.Digests(StandIns.NpmTarball(null, "left-pad", "1.3.0"));
        Assert.Equal(RegistryStatus.Found, evidence.Status);
        var digests = evidence.Assets[NpmRegistry.TarballAsset];
        Assert.Equal(expected.Sha512, digests[HashKind.Sha512]);
        Assert.Equal(expected.Sha1, digests[HashKind.Sha1]);
        Assert.Equal(2, digests.Count);
        Assert.Equal(RegistryStandIns.NpmTime, evidence.PublishedAt);
    }

    [Fact]
    public async Task Describe_ShouldPickTheAskedVersionAmongSeveral()
    {
        var evidence = await Registry().DescribeAsync(RegistryStandIns.Id("npm", null, "left-pad", "1.2.0"), [], CancellationToken.None);

        Assert.Equal(RegistryStandIns.Digests(StandIns.NpmTarball(null, "left-pad", "1.2.0")).Sha512, evidence.Assets[NpmRegistry.TarballAsset][HashKind.Sha512]);
        Assert.Equal(RegistryStandIns.NpmTime.AddDays(-30), evidence.PublishedAt);
    }

    [Fact]
    public async Task Describe_WhenThePackageIsScoped_ShouldAskForScopeAndNameAsOneSegment()
    {
        var evidence = await Registry().DescribeAsync(RegistryStandIns.Id("npm", "acme", "ui-kit", "2.0.0"), [RegistryStandIns.Asset("package.tgz")], CancellationToken.None);

        Assert.Equal(RegistryStatus.Found, evidence.Status);
        Assert.Equal(RegistryStandIns.Digests(StandIns.NpmTarball("acme", "ui-kit", "2.0.0")).Sha512, evidence.Assets[NpmRegistry.TarballAsset][HashKind.Sha512]);
    }

    [Fact]
    public async Task Describe_WhenTheVersionIsNotListed_ShouldBeNotFoundNamingIt()
    {
        var evidence = await Registry().DescribeAsync(RegistryStandIns.Id("npm", null, "left-pad", "9.0.0"), [], CancellationToken.None);

        Assert.Equal(RegistryStatus.NotFound, evidence.Status);
        Assert.Contains("no version 9.0.0", evidence.Problem, StringComparison.Ordinal);
        Assert.Empty(evidence.Assets);
    }

    [Fact]
    public async Task Describe_WhenThePackageIsUnknown_ShouldBeNotFound()
    {
        var evidence = await Registry().DescribeAsync(RegistryStandIns.Id("npm", null, "no-such-package", "1.0.0"), [], CancellationToken.None);

        Assert.Equal(RegistryStatus.NotFound, evidence.Status);
        Assert.Contains("no package no-such-package", evidence.Problem, StringComparison.Ordinal);
    }

    private NpmRegistry Registry() => new(Client, StandIns.NpmBase, EvidenceHttpOptions.Default);
}
