using Governance.Core.Evidence.Intel;
using Governance.Core.Packages;

namespace Governance.Core.Tests.Evidence.Intel;

public class OsvPackageTests
{
    private static PackageVersionId Version(string format, string? ns, string name) =>
        new("my-domain", "111122223333", "team", format, ns, name, "1.0.0");

    [Theory]
    [InlineData("npm", null, "event-stream", "npm", "event-stream")]
    [InlineData("npm", "acme", "ui-kit", "npm", "@acme/ui-kit")]
    [InlineData("maven", "org.apache.logging.log4j", "log4j-core", "Maven", "org.apache.logging.log4j:log4j-core")]
    [InlineData("pypi", null, "requests", "PyPI", "requests")]
    [InlineData("nuget", null, "Newtonsoft.Json", "NuGet", "Newtonsoft.Json")]
    [InlineData("ruby", null, "rails", "RubyGems", "rails")]
    [InlineData("cargo", null, "serde", "crates.io", "serde")]
    public void For_ShouldUseTheEcosystemAndNameOsvUses(string format, string? ns, string name, string ecosystem, string osvName)
    {
        Assert.Equal(new OsvPackage(ecosystem, osvName), OsvPackage.For(Version(format, ns, name)));
    }

    [Theory]
    [InlineData("generic", "acme", "secret-mission")]
    [InlineData("swift", "apple", "swift-nio")]
    [InlineData("conan", null, "zlib")]
    [InlineData("maven", null, "orphan-artifact")]
    public void For_WhenTheFormatHasNoOsvEcosystem_ShouldBeNull(string format, string? ns, string name)
    {
        Assert.Null(OsvPackage.For(Version(format, ns, name)));
    }
}
