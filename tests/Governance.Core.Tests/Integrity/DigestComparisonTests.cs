using Governance.Core.Integrity;

namespace Governance.Core.Tests.Integrity;

public class DigestComparisonTests
{
    [Fact]
    public void Compare_WhenHexDiffersOnlyInCase_ShouldMatch()
    {
        var checks = DigestComparison.Compare(
            new Dictionary<string, string> { ["SHA-256"] = "ABCDEF01" },
            new Dictionary<HashKind, string> { [HashKind.Sha256] = "abcdef01" },
            [HashKind.Sha256]);
        Assert.Equal(DigestMatch.Match, Assert.Single(checks).Match);
    }

    [Fact]
    public void Compare_WhenDigestsDiffer_ShouldReportMismatchWithBoth()
    {
        var check = Assert.Single(DigestComparison.Compare(
            new Dictionary<string, string> { ["SHA-256"] = "aa" },
            new Dictionary<HashKind, string> { [HashKind.Sha256] = "bb" },
            [HashKind.Sha256]));
        Assert.Equal(DigestMatch.Mismatch, check.Match);
        Assert.Equal("aa", check.Expected);
        Assert.Equal("bb", check.Actual);
    }

    [Fact]
    public void Compare_WhenRecordedHashAbsent_ShouldReportExpectedMissing()
    {
        var check = Assert.Single(DigestComparison.Compare(
            new Dictionary<string, string> { ["MD5"] = "aa" },
            new Dictionary<HashKind, string> { [HashKind.Sha512] = "bb" },
            [HashKind.Sha512]));
        Assert.Equal(DigestMatch.ExpectedMissing, check.Match);
    }

    [Fact]
    public void Compare_WhenNotComputed_ShouldReportActualMissing()
    {
        var check = Assert.Single(DigestComparison.Compare(
            new Dictionary<string, string> { ["sha1"] = "aa" },
            new Dictionary<HashKind, string>(),
            [HashKind.Sha1]));
        Assert.Equal(DigestMatch.ActualMissing, check.Match);
        Assert.Equal("aa", check.Expected);
    }

    [Theory]
    [InlineData("SHA-256", HashKind.Sha256)]
    [InlineData("sha256", HashKind.Sha256)]
    [InlineData("SHA-512", HashKind.Sha512)]
    [InlineData("md5", HashKind.Md5)]
    public void TryParse_WhenWireOrCompactName_ShouldRecogniseKind(string name, HashKind expected)
    {
        Assert.True(HashKindNames.TryParse(name, out var kind));
        Assert.Equal(expected, kind);
    }
}
