namespace Governance.Cli.Tests.Commands;

public class PolicyCommandTests() : CommandTests("policy")
{
    [Fact]
    public void Validate_WhenDefaultPolicy_ShouldSayValid()
    {
        var (exit, output, _) = Run("validate", CheckCommandTests.DefaultPolicyFile());
        Assert.Equal(0, exit);
        Assert.Contains("valid (mode enforce, quarantine status Unlisted", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenInvalid_ShouldExitOneAndListEveryProblem()
    {
        var file = Dir.Write("bad.yaml", "mode: strict\nquarantineStatus: Gone\nscope:\n  formats: [rpm]\n");
        var (exit, _, err) = Run("validate", file);
        Assert.Equal(1, exit);
        Assert.Contains("3 problems", err, StringComparison.Ordinal);
        Assert.Contains($"{file}:1:7: mode:", err, StringComparison.Ordinal);
        Assert.Contains($"{file}:2:19: quarantineStatus:", err, StringComparison.Ordinal);
        Assert.Contains("scope.formats: 'rpm' is not a package format", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenWaiverExpired_ShouldWarn()
    {
        var file = Dir.Write("w.yaml", "waivers:\n  - package: pkg:npm/x\n    version: 1.0.0\n    rule: license.unknown\n    reason: r\n    expires: 2025-01-01\n");
        var (exit, output, _) = Run("validate", file);
        Assert.Equal(0, exit);
        Assert.Contains("warning: line 2: the waiver for license.unknown on pkg:npm/x 1.0.0 has expired", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_WhenDefaultPolicy_ShouldDescribeItInWords()
    {
        var (exit, output, _) = Run("explain", CheckCommandTests.DefaultPolicyFile());
        Assert.Equal(0, exit);
        Assert.Contains("Mode enforce: a version that passes is set to Published; one that fails is set to Unlisted.", output, StringComparison.Ordinal);
        Assert.Contains("allowed: MIT, MIT-0, Apache-2.0", output, StringComparison.Ordinal);
        Assert.Contains("denied (deny wins over allow): GPL-*, AGPL-*", output, StringComparison.Ordinal);
        Assert.Contains("for generic packages: a version without license metadata is allowed", output, StringComparison.Ordinal);
        Assert.Contains("Scope: every repository; formats npm, pypi, maven, nuget, generic.", output, StringComparison.Ordinal);
        Assert.Contains("Integrity: every asset is downloaded and its SHA-256 recomputed", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_WhenDefaultPolicy_ShouldDescribeIntelRegistryAndLicenseDiscovery()
    {
        var (exit, output, _) = Run("explain", CheckCommandTests.DefaultPolicyFile());
        Assert.Equal(0, exit);
        Assert.Contains("a known-malicious version (an OSV MAL- advisory): Archived, whatever the quarantine status; intel.malicious cannot be waived", output, StringComparison.Ordinal);
        Assert.Contains("an advisory of severity high or above: quarantined (intel.vulnerable)", output, StringComparison.Ordinal);
        Assert.Contains("the intel source unreachable after its retries: quarantined for EXTERNAL versions, a warning only for INTERNAL ones", output, StringComparison.Ordinal);
        Assert.Contains("when the registry has none for the version or cannot be reached: a warning only (registry.unverified)", output, StringComparison.Ordinal);
        Assert.Contains("the package manifest inside the archive; then a Maven parent POM's <licenses>; then a license file matching its SPDX text with score 0.90 or more", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_WhenEvidenceKeysAreChanged_ShouldSayTheNewValues()
    {
        var file = Dir.Write("e.yaml", "intel:\n  vulnerabilities:\n    minimumSeverity: critical\n    action: warn\n  unreachable:\n    external: warn\n" +
            "integrity:\n  publicRegistry:\n    unverified: quarantine\nlicenses:\n  discovery:\n    parentPom: false\n    archive: false\n");
        var (exit, output, _) = Run("explain", file);
        Assert.Equal(0, exit);
        Assert.Contains("an advisory of severity critical or above: a warning only (intel.vulnerable)", output, StringComparison.Ordinal);
        Assert.Contains("unreachable after its retries: a warning only for EXTERNAL versions", output, StringComparison.Ordinal);
        Assert.Contains("cannot be reached: quarantined (registry.unverified)", output, StringComparison.Ordinal);
        Assert.Contains("nothing else is read (licenses.discovery is off)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_WhenACooldownIsSet_ShouldSayWhoWaitsHowLongAndWhoNeverDoes()
    {
        var file = Dir.Write("c.yaml", "cooldown:\n  minimumAge: 3d\n  formats:\n    npm:\n      minimumAge: 36h\n  exempt: [\"pkg:npm/%40acme/*\"]\n");
        var (exit, output, _) = Run("explain", file);
        Assert.Equal(0, exit);
        Assert.Contains("Cooldown: EXTERNAL versions younger than 3 days are held (cooldown.active", output, StringComparison.Ordinal);
        Assert.Contains("for npm packages: 36 hours", output, StringComparison.Ordinal);
        Assert.Contains("exempt (never held): pkg:npm/%40acme/*", output, StringComparison.Ordinal);
        Assert.Contains("Cooldown: none", Run("explain", Dir.Write("n.yaml", "mode: audit\n")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenACooldownIsNotADuration_ShouldFailWithTheLineAndTheAcceptedForms()
    {
        var (exit, _, err) = Run("validate", Dir.Write("bad.yaml", "cooldown:\n  minimumAge: 3 days\n"));
        Assert.Equal(1, exit);
        Assert.Contains("bad.yaml:2:", err, StringComparison.Ordinal);
        Assert.Contains("cooldown.minimumAge: '3 days' is not a duration such as 3d, 36h", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenAWaiverNamesIntelMalicious_ShouldFailWithTheLineAndReason()
    {
        var file = Dir.Write("m.yaml", "waivers:\n  - package: pkg:npm/x\n    version: 1.0.0\n    rule: intel.malicious\n    reason: r\n    expires: 2027-01-01\n");
        var (exit, _, err) = Run("validate", file);
        Assert.Equal(1, exit);
        Assert.Contains("m.yaml:4:11: waivers[0].rule: 'intel.malicious' cannot be waived", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lint", "governance policy: unknown command 'lint'")]
    [InlineData("valdate", "governance policy: unknown command 'valdate'; did you mean `validate`?")]
    [InlineData("validate a b", "governance policy validate: unexpected argument 'b'")]
    [InlineData("explain --strict", "governance policy explain: unknown option '--strict'")]
    [InlineData("validate --polcy x.yaml", "governance policy validate: unknown option '--polcy'")]
    public void Run_WhenUsageIsWrong_ShouldExitTwoAndSayWhy(string line, string message)
    {
        var (exit, output, err) = Run(line.Split(' '));
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains(message, err, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhenNoSubcommand_ShouldPrintTheHelpOnStderrAndExitTwo()
    {
        var (exit, output, err) = Run();
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("governance policy [command] [options]", err, StringComparison.Ordinal);
        Assert.Contains("validate", err, StringComparison.Ordinal);
        Assert.Contains("explain", err, StringComparison.Ordinal);
    }
}
