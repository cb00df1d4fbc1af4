using Governance.Core.Evidence;
using Governance.Core.Integrity;
using Governance.Core.Review;

namespace Governance.Core.Tests.Evidence;

public class DigestAgreementTests
{
    private const string Good512 = "aa11";
    private const string Bad512 = "bb22";
    private const string Good1 = "cc33";

    [Fact]
    public void Compare_WhenAllThreeAgree_ShouldListTheTripleWithNoDisagreement()
    {
        var result = DigestAgreement.Compare([Asset("a.jar", streamed512: Good512, recorded512: Good512)], Registry(("a.jar", HashKind.Sha512, Good512)));

        var triple = Assert.Single(result.Triples);
        Assert.Equal(("a.jar", HashKind.Sha512, Good512, Good512, Good512), (triple.Asset, triple.Kind, triple.Streamed, triple.CodeArtifact, triple.Registry));
        Assert.True(triple.Agrees);
        Assert.Empty(result.Disagreements);
        Assert.True(result.AnyStreamCompared);
    }

    [Fact]
    public void Compare_WhenServedBytesDifferFromRegistryButRecordMatches_ShouldNameStreamedVsRegistryAndStreamedVsCodeArtifact()
    {
        var result = DigestAgreement.Compare([Asset("a.jar", streamed512: Bad512, recorded512: Good512)], Registry(("a.jar", HashKind.Sha512, Good512)));

        Assert.Equal([DigestPair.StreamedVsRegistry, DigestPair.StreamedVsCodeArtifact], Assert.Single(result.Triples).Disagreements);
    }

    [Fact]
    public void Compare_WhenCodeArtifactRecordedOtherBytesThanTheRegistryPublished_ShouldNameBothPairsAgainstRegistry()
    {
        // CodeArtifact took (and serves, consistently with its record) bytes the registry never published.
        var result = DigestAgreement.Compare([Asset("a.jar", streamed512: Bad512, recorded512: Bad512)], Registry(("a.jar", HashKind.Sha512, Good512)));

        Assert.Equal([DigestPair.StreamedVsRegistry, DigestPair.CodeArtifactVsRegistry], Assert.Single(result.Triples).Disagreements);
    }

    [Fact]
    public void Compare_WhenOnlyTheRecordDiffersFromRegistry_ShouldNameCodeArtifactVsRegistry()
    {
        var result = DigestAgreement.Compare([Asset("a.jar", streamed512: Good512, recorded512: Bad512)], Registry(("a.jar", HashKind.Sha512, Good512)));

        Assert.Equal([DigestPair.CodeArtifactVsRegistry, DigestPair.StreamedVsCodeArtifact], Assert.Single(result.Triples).Disagreements);
    }

    [Fact]
    public void Compare_WhenRegistryPublishesAnAlgorithmNotStreamed_ShouldCompareWithTheRecordOnlyAndSaySo()
    {
        var asset = Asset("a.jar", streamed512: null, recorded512: Good512, recorded1: "DD44");
        var result = DigestAgreement.Compare([asset], Registry(("a.jar", HashKind.Sha1, Good1)));

        var triple = Assert.Single(result.Triples);
        Assert.Null(triple.Streamed);
        Assert.Equal("dd44", triple.CodeArtifact);
        Assert.Equal([DigestPair.CodeArtifactVsRegistry], triple.Disagreements);
        Assert.False(triple.StreamCompared);
        Assert.False(result.AnyStreamCompared);
    }

    [Fact]
    public void Compare_WhenHexDiffersOnlyInCase_ShouldAgree()
    {
        var result = DigestAgreement.Compare([Asset("a.jar", streamed512: "AA11", recorded512: "aA11")], Registry(("a.jar", HashKind.Sha512, "aa11 ")));

        Assert.True(Assert.Single(result.Triples).Agrees);
    }

    [Fact]
    public void Compare_WhenStreamStoppedAtSizeLimit_ShouldNotUseStreamedValue()
    {
        var asset = Asset("a.jar", streamed512: Bad512, recorded512: Good512) with { SizeLimitExceeded = true };

        var triple = Assert.Single(DigestAgreement.Compare([asset], Registry(("a.jar", HashKind.Sha512, Good512))).Triples);

        Assert.Null(triple.Streamed);
        Assert.True(triple.Agrees);
    }

    [Fact]
    public void Compare_ShouldListEveryPublishedAlgorithmStrongestFirst_AndAssetsTheRegistryDoesNotCover()
    {
        var result = DigestAgreement.Compare(
            [Asset("a.jar", Good512, Good512, recorded1: Good1), Asset("a.pom", Good512, Good512)],
            Registry(("a.jar", HashKind.Sha1, Good1), ("a.jar", HashKind.Sha512, Good512)));

        Assert.Equal([HashKind.Sha512, HashKind.Sha1], result.Triples.Select(t => t.Kind));
        Assert.Equal(["a.pom"], result.AssetsWithoutRegistryDigest);
    }

    [Fact]
    public void HashesToCompute_ShouldBeEveryAlgorithmTheRegistryPublished()
    {
        var registry = Registry(("a.jar", HashKind.Sha1, Good1), ("b.jar", HashKind.Sha512, Good512));

        Assert.Equal(new HashSet<HashKind> { HashKind.Sha1, HashKind.Sha512 }, DigestAgreement.HashesToCompute(registry));
        Assert.Empty(DigestAgreement.HashesToCompute(RegistryEvidence.NotQueried("off")));
    }

    [Theory]
    [InlineData("maven", new[] { HashKind.Sha512, HashKind.Sha256, HashKind.Sha1 })]
    [InlineData("npm", new[] { HashKind.Sha512, HashKind.Sha1 })]
    [InlineData("pypi", new[] { HashKind.Sha256, HashKind.Md5 })]
    [InlineData("nuget", new HashKind[0])]
    public void HashesToCompute_ForAFormat_ShouldCoverWhatItsRegistryMayPublish(string format, HashKind[] expected)
    {
        Assert.Equal(expected.ToHashSet(), DigestAgreement.HashesToCompute(format));
    }

    private static AssetIntegrity Asset(string name, string? streamed512, string? recorded512, string? recorded1 = null)
    {
        var recorded = new Dictionary<string, string>();
        if (recorded512 is not null)
        {
            recorded["SHA-512"] = recorded512;
        }

        if (recorded1 is not null)
        {
            recorded["SHA-1"] = recorded1;
        }

        var streamed = new Dictionary<HashKind, string>();
        if (streamed512 is not null)
        {
            streamed[HashKind.Sha512] = streamed512;
        }

        return new AssetIntegrity(name, 10, recorded, streamed, 10, false);
    }

    private static RegistryEvidence Registry(params (string Asset, HashKind Kind, string Hex)[] digests) =>
        new(RegistryStatus.Found, "https://registry.example/", digests
                .GroupBy(d => d.Asset)
                .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<HashKind, string>)g.ToDictionary(d => d.Kind, d => d.Hex), StringComparer.Ordinal),
            null, null);
}
