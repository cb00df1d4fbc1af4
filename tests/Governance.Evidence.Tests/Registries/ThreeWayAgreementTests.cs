using Governance.Core.Evidence;
using Governance.Core.Integrity;
using Governance.Core.Review;
using Governance.Evidence.Registries;

namespace Governance.Evidence.Tests.Registries;

/// <summary>The adapter's answer from the stand-in fed to <see cref="DigestAgreement"/>, as the reviewer does.</summary>
public sealed class ThreeWayAgreementTests : RegistryStandInTests
{
    private const string Jar = "demo-1.0.0.jar";

    [Fact]
    public async Task WhenCentralCodeArtifactAndTheBytesAgree_ShouldCompareTheStrongestDigestWithTheStream()
    {
        var (agreement, hashes) = await CompareAsync(streamedJar: File.ReadAllBytes(Path.Combine(StandIns.MavenFolder, Jar)));

        var triple = Assert.Single(agreement.Triples);
        Assert.Equal(HashKind.Sha512, triple.Kind);
        Assert.True(triple.Agrees);
        Assert.True(triple.StreamCompared);
        Assert.Contains(HashKind.Sha512, hashes);
    }

    [Fact]
    public async Task WhenCentralPublishesAnotherDigest_ShouldNameBothPairsAgainstTheRegistry()
    {
        await File.WriteAllTextAsync(Path.Combine(StandIns.MavenFolder, Jar + ".sha512"), new string('f', 128));

        var (agreement, _) = await CompareAsync(streamedJar: File.ReadAllBytes(Path.Combine(StandIns.MavenFolder, Jar)));

        Assert.Equal([DigestPair.StreamedVsRegistry, DigestPair.CodeArtifactVsRegistry], Assert.Single(agreement.Triples).Disagreements);
    }

    [Fact]
    public async Task WhenCodeArtifactServesOtherBytesThanItRecorded_ShouldNameStreamedAgainstBoth()
    {
        var (agreement, _) = await CompareAsync(streamedJar: "tampered"u8.ToArray());

        Assert.Equal([DigestPair.StreamedVsRegistry, DigestPair.StreamedVsCodeArtifact], Assert.Single(agreement.Triples).Disagreements);
    }

    /// <summary>CodeArtifact's record is the real file's digests; the streamed digests are of <paramref name="streamedJar"/>.</summary>
    private async Task<(DigestAgreementResult Agreement, IReadOnlySet<HashKind> Hashes)> CompareAsync(byte[] streamedJar)
    {
        var recorded = RegistryStandIns.Digests(Path.Combine(StandIns.MavenFolder, Jar));
        var registry = await new MavenCentralRegistry(Client, StandIns.MavenBase, EvidenceHttpOptions.Default)
            .DescribeAsync(RegistryStandIns.Id("maven", "org.example", "demo", "1.0.0"), [new(Jar, recorded.Size, recorded.ToWireMap())], CancellationToken.None);
        var hashes = DigestAgreement.HashesToCompute(registry);
        using var hasher = new Governance.Local.Storage.MultiHasher();
        hasher.Append(streamedJar);
        var streamed = hasher.Finish();
        var computed = hashes.ToDictionary(kind => kind, kind => kind switch
        {
            HashKind.Sha512 => streamed.Sha512,
            HashKind.Sha256 => streamed.Sha256,
            HashKind.Sha1 => streamed.Sha1,
            _ => streamed.Md5,
        });
        var asset = new AssetIntegrity(Jar, recorded.Size, recorded.ToWireMap(), computed, streamedJar.Length, false);
        return (DigestAgreement.Compare([asset], registry), hashes);
    }
}
