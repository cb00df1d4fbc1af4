using Governance.Core.Packages;
using Governance.Core.Policy;

namespace Governance.Core.Tests.Policy;

/// <summary>The <c>cooldown:</c> section: what each accepted value means, and the clear error for everything else.</summary>
public sealed class CooldownPolicyTests
{
    private static GovernancePolicy Load(string cooldown)
    {
        var result = PolicyLoader.LoadFromText("cooldown:\n" + cooldown, "p.yaml");
        Assert.True(result.Policy is not null, string.Join("\n", result.Errors));
        return result.Policy!;
    }

    private static PolicyError Refused(string cooldown) =>
        Assert.Single(PolicyLoader.LoadFromText("cooldown:\n" + cooldown, "p.yaml").Errors);

    [Theory]
    [InlineData("3d", 3 * 24 * 60)]
    [InlineData("36h", 36 * 60)]
    [InlineData("90m", 90)]
    [InlineData("2w", 14 * 24 * 60)]
    [InlineData("1d12h", 36 * 60)]
    [InlineData("0", 0)]
    public void MinimumAge_WhenWrittenInAnAcceptedForm_ShouldMeanThatDuration(string text, int minutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(minutes), Load($"  minimumAge: {text}\n").Cooldown.MinimumAge);
    }

    [Theory]
    [InlineData("-1d")]
    [InlineData("forever")]
    [InlineData("3 days")]
    [InlineData("3D")]
    [InlineData("1.5d")]
    [InlineData("d")]
    public void MinimumAge_WhenNotADuration_ShouldBeAnErrorWithLineKeyAndTheAcceptedForms(string text)
    {
        var error = Refused($"  minimumAge: {text}\n");

        Assert.Equal(2, error.Line);
        Assert.Equal("cooldown.minimumAge", error.Key);
        Assert.Contains("3d, 36h", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MinimumAge_WhenLongerThanAYear_ShouldBeAnError()
    {
        Assert.Contains("366 days", Refused("  minimumAge: 400d\n").Message, StringComparison.Ordinal);
        Assert.Contains("366 days", Refused("  minimumAge: 99999999999999999999d\n").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Origins_WhenMistyped_ShouldNameTheAllowedOrigins()
    {
        var error = Refused("  minimumAge: 3d\n  origins: [EXTERNEL]\n");

        Assert.Equal("cooldown.origins", error.Key);
        Assert.Contains("EXTERNAL, INTERNAL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Formats_WhenAFormatIsUnknown_ShouldNameTheFormats()
    {
        Assert.Contains("is not a package format", Refused("  formats:\n    nmp:\n      minimumAge: 7d\n").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MinimumAgeFor_ShouldApplyOriginsFormatOverridesAndExemptions()
    {
        var cooldown = Load("  minimumAge: 3d\n  origins: [EXTERNAL]\n  formats:\n    npm:\n      minimumAge: 7d\n  exempt: [\"pkg:npm/%40acme/*\", \"pkg:pypi/requests\"]\n").Cooldown;
        PackageVersionId Id(string format, string? ns, string name) => new("d", "1", "r", format, ns, name, "1.0.0");

        Assert.Equal(TimeSpan.FromDays(7), cooldown.MinimumAgeFor(Id("npm", null, "left-pad"), "EXTERNAL"));
        Assert.Equal(TimeSpan.FromDays(3), cooldown.MinimumAgeFor(Id("maven", "org.example", "lib"), "EXTERNAL"));
        Assert.Null(cooldown.MinimumAgeFor(Id("npm", null, "left-pad"), "INTERNAL"));
        Assert.Null(cooldown.MinimumAgeFor(Id("npm", "acme", "ui-kit"), "EXTERNAL"));
        Assert.Null(cooldown.MinimumAgeFor(Id("pypi", null, "requests"), "EXTERNAL"));
        Assert.Equal(TimeSpan.FromDays(3), cooldown.MinimumAgeFor(Id("pypi", null, "requests-toolbelt"), "EXTERNAL"));
    }

    [Fact]
    public void Default_ShouldHaveNoCooldown()
    {
        Assert.Equal(TimeSpan.Zero, DefaultPolicy.Policy.Cooldown.MinimumAge);
        Assert.Null(DefaultPolicy.Policy.Cooldown.MinimumAgeFor(new PackageVersionId("d", "1", "r", "npm", null, "x", "1"), "EXTERNAL"));
    }

    [Fact]
    public void Digest_ShouldFollowThePolicyTextAndIgnoreLineEndings()
    {
        var a = PolicyLoader.LoadFromText("mode: audit\n", "a.yaml").Policy!;
        var crlf = PolicyLoader.LoadFromText("mode: audit\r\n", "b.yaml").Policy!;
        var b = PolicyLoader.LoadFromText("mode: enforce\n", "a.yaml").Policy!;

        Assert.Equal(a.Digest, crlf.Digest);
        Assert.NotEqual(a.Digest, b.Digest);
        Assert.StartsWith("sha256:", DefaultPolicy.Policy.Digest, StringComparison.Ordinal);
    }

    [Fact]
    public void Digest_WhenTheDeploymentOverridesTheModeOrStatus_ShouldChange()
    {
        var policy = PolicyLoader.LoadFromText("mode: audit\n", "a.yaml").Policy!;

        Assert.Equal(policy.Digest, policy.WithOverrides(PolicyMode.Audit, null).Digest);
        Assert.NotEqual(policy.Digest, policy.WithOverrides(PolicyMode.Enforce, null).Digest);
        Assert.NotEqual(policy.Digest, policy.WithOverrides(null, PackageVersionStatus.Archived).Digest);
    }
}
