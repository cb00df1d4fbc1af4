using System.Text;
using System.Text.Json;
using Governance.Core.Integrity;
using Governance.Evidence.Registries;

namespace Governance.Evidence.Tests.Registries;

public sealed class RegistryDigestsTests
{
    [Theory]
    [InlineData("ABCDEF0123456789abcdef0123456789abcdef01", "abcdef0123456789abcdef0123456789abcdef01")]
    [InlineData("abcdef0123456789abcdef0123456789abcdef01  commons-lang3-3.12.0.jar\n", "abcdef0123456789abcdef0123456789abcdef01")]
    [InlineData("  abcdef0123456789abcdef0123456789abcdef01\r\n", "abcdef0123456789abcdef0123456789abcdef01")]
    [InlineData("abcdef0123456789abcdef0123456789abcdef0", null)]
    [InlineData("zzcdef0123456789abcdef0123456789abcdef01", null)]
    [InlineData("", null)]
    public void ChecksumFile_ShouldTakeTheFirstTokenWhenItIsHexOfTheRightLength(string body, string? expected)
    {
        Assert.Equal(expected, RegistryDigests.ChecksumFile(Encoding.ASCII.GetBytes(body), HashKind.Sha1));
    }

    [Fact]
    public void Sri_ShouldDecodeSha512AndSha1_AndSkipUnknownOrMalformedEntries()
    {
        var sha512 = Enumerable.Range(0, 64).Select(i => (byte)i).ToArray();
        var sha1 = Enumerable.Range(100, 20).Select(i => (byte)i).ToArray();
        var integrity = $"sha384-{Convert.ToBase64String(new byte[48])} sha512-{Convert.ToBase64String(sha512)}?opt sha1-{Convert.ToBase64String(sha1)} sha256-!!!";

        var digests = RegistryDigests.Sri(integrity);

        Assert.Equal(Convert.ToHexStringLower(sha512), digests[HashKind.Sha512]);
        Assert.Equal(Convert.ToHexStringLower(sha1), digests[HashKind.Sha1]);
        Assert.Equal(2, digests.Count);
    }

    [Fact]
    public void Sri_WhenTheLengthDoesNotFitTheAlgorithm_ShouldSkipIt()
    {
        Assert.Empty(RegistryDigests.Sri("sha512-" + Convert.ToBase64String(new byte[20])));
    }

    [Fact]
    public void PackumentReader_ShouldReadOnlyTheAskedVersion_SkippingNestedAndEscapedContent()
    {
        var packument = """
            {"_id":"x","versions":{
              "1.0.0":{"dist":{"integrity":"sha512-old","shasum":"old"},"scripts":{"a":[1,{"b":null}]}},
              "1.\u0030.1":{"name":"x","nested":{"dist":{"shasum":"decoy"}},"dist":{"tarball":"t","shasum":"new","integrity":"sha512-new","signatures":[{"k":"v"}]}},
              "2.0.0":{"dist":{"shasum":"later"}}},
             "time":{"created":"2020-01-01T00:00:00Z","1.0.1":"2021-02-03T04:05:06.789Z","2.0.0":"2022-01-01T00:00:00Z"},
             "readme":"# x"}
            """;

        var dist = NpmPackumentReader.Read(Encoding.UTF8.GetBytes(packument), "1.0.1");

        Assert.Equal(new NpmVersionDist(true, "sha512-new", "new", new DateTimeOffset(2021, 2, 3, 4, 5, 6, 789, TimeSpan.Zero)), dist);
    }

    [Fact]
    public void PackumentReader_WhenTheVersionIsAbsent_ShouldSaySoAndStillReadNothingElse()
    {
        var dist = NpmPackumentReader.Read("""{"versions":{"1.0.0":{}},"time":{"1.0.0":"2020-01-01T00:00:00Z"}}"""u8, "3.0.0");

        Assert.Equal(new NpmVersionDist(false, null, null, null), dist);
    }

    [Fact]
    public void PackumentReader_WhenSectionsHaveUnexpectedKinds_ShouldSkipThem()
    {
        var dist = NpmPackumentReader.Read("""{"versions":"none","time":[1],"other":{"versions":{}}}"""u8, "1.0.0");

        Assert.False(dist.Listed);
    }

    [Fact]
    public void PackumentReader_WhenTruncated_ShouldThrowJsonException()
    {
        Assert.ThrowsAny<JsonException>(() => NpmPackumentReader.Read("""{"versions":{"1.0.0":{"dist":{"""u8, "1.0.0"));
    }
}
