using Governance.Core.Evidence;
using Governance.Core.Integrity;
using Governance.Evidence.Registries;

namespace Governance.Evidence.Tests.Registries;

public sealed class PypiRegistryTests : RegistryStandInTests
{
    private const string Wheel = "demo_pkg-0.1.0-py3-none-any.whl";
    private const string Sdist = "demo_pkg-0.1.0.tar.gz";

    [Fact]
    public async Task Describe_ShouldGiveEachFilesSha256AndMd5ByFileName_AndTheEarliestUploadTime()
    {
        // The name as a user may spell it: PEP 503 normalization finds "demo-pkg".
        var evidence = await Registry().DescribeAsync(RegistryStandIns.Id("pypi", null, "Demo.Pkg", "0.1.0"), [RegistryStandIns.Asset(Wheel), RegistryStandIns.Asset(Sdist)], CancellationToken.None);

        Assert.Equal(RegistryStatus.Found, evidence.Status);
        foreach (var file in new[] { Wheel, Sdist })
        {
            var expected = RegistryStandIns.Digests(StandIns.PypiFile(file));
            Assert.Equal(expected.Sha256, evidence.Assets[file][HashKind.Sha256]);
            Assert.Equal(expected.Md5, evidence.Assets[file][HashKind.Md5]);
        }

        Assert.Equal(RegistryStandIns.SdistTime, evidence.PublishedAt);
    }

    [Fact]
    public async Task Describe_ShouldKeepOnlyTheFilesCodeArtifactLists()
    {
        var evidence = await Registry().DescribeAsync(RegistryStandIns.Id("pypi", null, "demo-pkg", "0.1.0"), [RegistryStandIns.Asset(Wheel)], CancellationToken.None);

        Assert.Equal([Wheel], evidence.Assets.Keys);
    }

    [Fact]
    public async Task Describe_WhenTheRegistryPublishesAWrongDigest_ShouldReportWhatItPublished()
    {
        var wrong = new string('0', 64);
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(StandIns.PypiFile(Wheel))!, "json"),
            $$"""{"info":{},"urls":[{"filename":"{{Wheel}}","digests":{"sha256":"{{wrong}}","md5":"not-hex"},"upload_time_iso_8601":"2020-05-06T07:08:09.000000Z"}]}""");

        var evidence = await Registry().DescribeAsync(RegistryStandIns.Id("pypi", null, "demo-pkg", "0.1.0"), [RegistryStandIns.Asset(Wheel)], CancellationToken.None);

        Assert.Equal(wrong, evidence.Assets[Wheel][HashKind.Sha256]);
        Assert.False(evidence.Assets[Wheel].ContainsKey(HashKind.Md5));
        Assert.Equal(new DateTimeOffset(2020, 5, 6, 7, 8, 9, TimeSpan.Zero), evidence.PublishedAt);
    }

    [Fact]
    public async Task Describe_WhenTheReleaseIsUnknown_ShouldBeNotFound()
    {
        var evidence = await Registry().DescribeAsync(RegistryStandIns.Id("pypi", null, "demo-pkg", "0.2.0"), [RegistryStandIns.Asset(Wheel)], CancellationToken.None);

        Assert.Equal(RegistryStatus.NotFound, evidence.Status);
    }

    [Fact]
    public async Task Describe_WhenNoFileMatchesCodeArtifactsAssets_ShouldBeNotFoundNamingThem()
    {
        var evidence = await Registry().DescribeAsync(RegistryStandIns.Id("pypi", null, "demo-pkg", "0.1.0"), [RegistryStandIns.Asset("other.whl")], CancellationToken.None);

        Assert.Equal(RegistryStatus.NotFound, evidence.Status);
        Assert.Contains("other.whl", evidence.Problem, StringComparison.Ordinal);
    }

    private PypiRegistry Registry() => new(Client, StandIns.PypiBase, EvidenceHttpOptions.Default);
}
