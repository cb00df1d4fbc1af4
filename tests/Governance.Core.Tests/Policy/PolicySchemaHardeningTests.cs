using System.Text.Json;
using System.Text.RegularExpressions;
using CsCheck;
using Governance.Core.Policy;

namespace Governance.Core.Tests.Policy;

/// <summary>Issue 15: the editor schema refuses what the loader refuses, so an editor never blesses a policy that lies.</summary>
public class PolicySchemaHardeningTests
{
    private static JsonElement Schema() => JsonDocument.Parse(File.ReadAllText(Fixtures.Path("governance.schema.json"))).RootElement;

    private static Regex Pattern(JsonElement element) => new(element.GetProperty("pattern").GetString()!, RegexOptions.None, TimeSpan.FromSeconds(5));

    private static Regex VersionsPattern() => Pattern(Schema().GetProperty("properties").GetProperty("denyList").GetProperty("items").GetProperty("properties").GetProperty("versions"));

    [Theory]
    [InlineData("*", true)]
    [InlineData(">=1.0.0 <1.4.2 || 3.0.0", true)]
    [InlineData("1.0.0-rc.1", true)]
    [InlineData("^1.0.0", false)]
    [InlineData("~1.2.0", false)]
    [InlineData("1.x", false)]
    [InlineData("1.0.0 - 2.0.0", false)]
    [InlineData("[1.0,2.0)", false)]
    public void Schema_VersionsPattern_ShouldAgreeWithTheLoader(string versions, bool accepted)
    {
        Assert.Equal(accepted, VersionRange.TryParse(versions, out _, out _));
        Assert.Equal(accepted, VersionsPattern().IsMatch(versions));
    }

    [Fact]
    public void Schema_VersionsPattern_ShouldAgreeWithTheLoaderOnSampledText()
    {
        var regex = VersionsPattern();
        Gen.String[Gen.Char["10.2xX*^~<>=|- +rc!_a[],"], 1, 24].Sample(text =>
        {
            var trimmed = text.Trim();
            if (trimmed.Length == 0)
            {
                return;
            }
            Assert.True(VersionRange.TryParse(trimmed, out _, out _) == regex.IsMatch(trimmed), $"loader and schema disagree on '{trimmed}'");
        }, iter: 20_000);
    }

    [Theory]
    [InlineData("pkg:npm/%40acme/ui-kit", true)]
    [InlineData("pkg:npm/@acme/ui-kit", true)]
    [InlineData("pkg:gem/rails", true)]
    [InlineData("pkg:ruby/rails", true)]
    [InlineData("pkg:cargo/serde", true)]
    [InlineData("pkg:swift/apple/swift-nio", true)]
    [InlineData("pkg:nmp/left-pad", false)]
    [InlineData("pkg:rpm/openssl", false)]
    [InlineData("pkg:maven/x", false)]
    [InlineData("pkg:generic/x", false)]
    [InlineData("pkg:pypi/acme/x", false)]
    [InlineData("pkg:maven/org.example/lib", true)]
    [InlineData("pkg:pypi/requests", true)]
    public void Schema_PackageUrlPattern_ShouldAcceptOnlyKnownTypes(string package, bool accepted)
    {
        var regex = Pattern(Schema().GetProperty("definitions").GetProperty("packageUrl"));
        Assert.Equal(accepted, regex.IsMatch(package));
        var yaml = $"denyList:\n  - package: \"{package}\"\n    reason: r\n";
        Assert.Equal(accepted, PolicyLoader.LoadFromText(yaml, "test.yaml").Success);
    }
}
