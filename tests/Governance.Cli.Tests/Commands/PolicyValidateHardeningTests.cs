namespace Governance.Cli.Tests.Commands;

/// <summary>Issue 15: `policy validate` reports a lying policy as errors with file:line, never a stack trace.</summary>
public class PolicyValidateHardeningTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static (int Exit, string Out, string Err) Run(params string[] args) =>
        CliRunner.InProcess(Now, ["policy", .. args]);

    [Fact]
    public void Validate_WhenWaiverExpiresOnTheLastDayOfTheCalendar_ShouldSayValid()
    {
        var file = _dir.Write("far.yaml", "waivers:\n  - package: pkg:npm/x\n    version: 1.0.0\n    rule: license.unknown\n    reason: r\n    expires: 9999-12-31\n");
        var (exit, output, err) = Run("validate", file);
        Assert.True(exit == 0, err);
        Assert.Contains("valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenDenyListIsNpmStyleOrMistyped_ShouldExitOneNamingLineKeyAndAcceptedForms()
    {
        var file = _dir.Write("lies.yaml",
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
