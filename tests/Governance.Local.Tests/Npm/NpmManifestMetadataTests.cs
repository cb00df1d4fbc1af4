using System.Text.Json;
using Governance.Local.Npm;

namespace Governance.Local.Tests.Npm;

public sealed class NpmManifestMetadataTests
{
    [Theory]
    [InlineData("""{"license":"(MIT OR Apache-2.0)"}""", "(MIT OR Apache-2.0)", null)]
    [InlineData("""{"license":{"type":"ISC","url":"https://opensource.org/licenses/ISC"}}""", "ISC", "https://opensource.org/licenses/ISC")]
    [InlineData("""{"licenses":["BSD-3-Clause"]}""", "BSD-3-Clause", null)]
    public void Licenses_WhenPackageJsonDeclaresOne_ShouldReadItTheWayCodeArtifactDoes(string manifest, string name, string? url)
    {
        var license = Assert.Single(NpmManifestMetadata.Licenses(JsonDocument.Parse(manifest).RootElement));

        Assert.Equal((name, url), (license.Name, license.Url));
    }

    [Fact]
    public void Licenses_WhenPackageJsonHasNone_ShouldBeEmpty() =>
        Assert.Empty(NpmManifestMetadata.Licenses(JsonDocument.Parse("""{"name":"x","license":""}""").RootElement));

    [Theory]
    [InlineData("@acme/ui-kit", "acme", "ui-kit")]
    [InlineData("left-pad", null, "left-pad")]
    public void Parse_WhenGivenAnNpmName_ShouldSplitScopeIntoTheNamespace(string text, string? scope, string name)
    {
        var parsed = NpmPackageName.Parse(text);

        Assert.Equal((scope, name, text), (parsed.Scope, parsed.Name, parsed.FullName));
    }
}
