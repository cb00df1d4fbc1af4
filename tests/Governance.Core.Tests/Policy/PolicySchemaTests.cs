using System.Text.Json;
using Governance.Core.Policy;
using Governance.Core.Review;

namespace Governance.Core.Tests.Policy;

/// <summary>The editor schema must describe the same keys the loader accepts, or editors would mislead users.</summary>
public class PolicySchemaTests
{
    private static JsonElement Schema() => JsonDocument.Parse(File.ReadAllText(Fixtures.Path("governance.schema.json"))).RootElement;

    [Fact]
    public void Schema_TopLevelProperties_ShouldBeTheKeysTheLoaderAccepts()
    {
        var properties = Schema().GetProperty("properties").EnumerateObject().Select(p => p.Name).Order();
        Assert.Equal(PolicyLoader.TopLevelKeys.Order(), properties);
        Assert.False(Schema().GetProperty("additionalProperties").GetBoolean());
    }

    [Fact]
    public void Schema_WaiverRulePattern_ShouldAcceptEveryWaivableRuleAndRejectIntegrity()
    {
        var pattern = Schema().GetProperty("properties").GetProperty("waivers").GetProperty("items")
            .GetProperty("properties").GetProperty("rule").GetProperty("pattern").GetString()!;
        var regex = new System.Text.RegularExpressions.Regex(pattern);
        Assert.All(RuleIds.Waivable, id => Assert.Matches(regex, id));
        Assert.DoesNotMatch(regex, "integrity.sha256-mismatch");
    }

    [Fact]
    public void Docs_ShouldDocumentEveryKeyAndRuleId()
    {
        var docs = File.ReadAllText(Fixtures.Path("policy.md"));
        foreach (var key in PolicyLoader.TopLevelKeys)
        {
            Assert.Contains($"### `{key}`", docs, StringComparison.Ordinal);
        }
        foreach (var rule in RuleIds.All.Where(r => !r.StartsWith("integrity.sha", StringComparison.Ordinal) && !r.StartsWith("integrity.md5", StringComparison.Ordinal)))
        {
            Assert.Contains($"`{rule}`", docs, StringComparison.Ordinal);
        }
    }
}
