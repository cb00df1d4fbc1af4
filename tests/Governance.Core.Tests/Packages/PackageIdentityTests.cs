using Governance.Core.Packages;

namespace Governance.Core.Tests.Packages;

public class PackageIdentityTests
{
    private static PackageVersionId Npm(string? ns) => new("my-domain", "111122223333", "team-npm", "npm", ns, "ui-kit", "2.3.1");

    [Fact]
    public void PackageUrl_WhenScopedNpm_ShouldEncodeTheAtSign()
    {
        Assert.Equal("pkg:npm/%40acme/ui-kit@2.3.1", PackageUrl.For(Npm("acme")));
    }

    [Fact]
    public void PackageUrl_WhenUnscopedNpm_ShouldHaveNoNamespace()
    {
        Assert.Equal("pkg:npm/ui-kit@2.3.1", PackageUrl.For(Npm(null)));
    }

    [Fact]
    public void PackageUrl_WhenMaven_ShouldUseGroupAsNamespace()
    {
        var id = new PackageVersionId("d", "1", "r", "maven", "org.apache.commons", "commons-lang3", "3.14.0");
        Assert.Equal("pkg:maven/org.apache.commons/commons-lang3@3.14.0", PackageUrl.For(id));
    }

    [Fact]
    public void PackageUrl_WhenGeneric_ShouldKeepNamespaceAndEscapeVersion()
    {
        var id = new PackageVersionId("nextwork", "1", "r", "generic", "secret-mission", "secret-mission", "1.0.0+build 7");
        Assert.Equal("pkg:generic/secret-mission/secret-mission@1.0.0%2Bbuild%207", PackageUrl.For(id));
    }

    [Theory]
    [InlineData("pkg:npm/%40acme/ui-kit@2.3.1", "npm", "acme", "ui-kit", "2.3.1")]
    [InlineData("pkg:npm/@acme/ui-kit", "npm", "acme", "ui-kit", null)]
    [InlineData("pkg:npm/left-pad@1.0.0", "npm", null, "left-pad", "1.0.0")]
    [InlineData("pkg:maven/org.apache.commons/commons-lang3@3.14.0", "maven", "org.apache.commons", "commons-lang3", "3.14.0")]
    [InlineData("pkg:pypi/requests", "pypi", null, "requests", null)]
    public void TryParse_WhenValidPurl_ShouldGiveCodeArtifactCoordinates(string purl, string format, string? ns, string name, string? version)
    {
        Assert.True(PackageUrl.TryParse(purl, out var parts, out var error), error);
        Assert.Equal(new PackageUrlParts(format, ns, name, version), parts);
    }

    [Theory]
    [InlineData("npm/left-pad")]
    [InlineData("pkg:npm")]
    public void TryParse_WhenInvalid_ShouldExplain(string purl)
    {
        Assert.False(PackageUrl.TryParse(purl, out _, out var error));
        Assert.Contains("pkg:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void PackageArn_WhenNoNamespace_ShouldLeaveEmptySegment()
    {
        Assert.Equal("arn:aws:codeartifact:us-west-2:111122223333:package/my-domain/team-npm/npm//ui-kit",
            PackageIdentity.PackageArn(Npm(null), "us-west-2"));
    }

    [Fact]
    public void VersionKey_WhenNamespacesDiffer_ShouldDiffer()
    {
        Assert.NotEqual(PackageIdentity.VersionKey(Npm("acme")), PackageIdentity.VersionKey(Npm(null)));
        Assert.Equal("111122223333/my-domain/team-npm/npm/acme/ui-kit/2.3.1", PackageIdentity.VersionKey(Npm("acme")));
    }
}
