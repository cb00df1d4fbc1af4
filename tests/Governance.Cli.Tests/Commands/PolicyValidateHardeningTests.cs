namespace Governance.Cli.Tests.Commands;

/// <summary>Issue 15: `policy validate` reports a lying policy as errors with file:line, never a stack trace.</summary>
public class PolicyValidateHardeningTests() : CommandTests("policy")
{
    [Fact]
    public void Validate_WhenWaiverExpiresOnTheLastDayOfTheCalendar_ShouldSayValid()
    {
        var file = Dir.Write("far.yaml", "waivers:\n  - package: pkg:npm/x\n    version: 1.0.0\n    rule: license.unknown\n    reason: r\n    expires: 9999-12-31\n");
        var (exit, output, err) = Run("validate", file);
        Assert.True(exit == 0, err);
        Assert.Contains("valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenDenyListIsNpmStyleOrMistyped_ShouldExitOneNamingLineKeyAndAcceptedForms()
    {
        var file = Dir.Write("lies.yaml",
            "denyList:\n  - package: pkg:nmp/left-pad\n    reason: r\n  - package: pkg:npm/left-pad\n    versions: \"^1.0.0\"\n    reason: r\n");
        var (exit, _, err) = Run("validate", file);
        Assert.Equal(1, exit);
        Assert.Contains($"{file}:2:", err, StringComparison.Ordinal);
        Assert.Contains("denyList[0].package: 'pkg:nmp/left-pad' has the unknown package type 'nmp'; known types: npm,", err, StringComparison.Ordinal);
        Assert.Contains($"{file}:5:", err, StringComparison.Ordinal);
        Assert.Contains("denyList[1].versions: '^1.0.0' is an npm caret range", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }
}
