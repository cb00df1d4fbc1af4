using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Governance.Cli.Tests.Commands;

public class CheckCommandTests : CommandTests
{
    private readonly string _artifact;
    private readonly string _sha256;

    public CheckCommandTests()
        : base("check")
    {
        var content = "echo secret mission\n";
        _artifact = Dir.Write("secret-mission.sh", content);
        _sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
    }

    [Fact]
    public void Run_WhenGenericFileWithMatchingSha_ShouldPassWithExitZero()
    {
        var (exit, output, _) = Run(_artifact, "--format", "generic", "--sha256", _sha256.ToUpperInvariant(), "--policy", DefaultPolicyFile());
        Assert.Equal(0, exit);
        Assert.StartsWith("PASS  generic secret-mission 0.0.0-local", output, StringComparison.Ordinal);
        Assert.Contains(_sha256, output, StringComparison.Ordinal);
        Assert.Contains("No findings.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhenShaDiffers_ShouldFailWithExitOneAndShowMismatch()
    {
        var (exit, output, _) = Run(_artifact, "--format", "generic", "--sha256", new string('a', 64), "--policy", DefaultPolicyFile());
        Assert.Equal(1, exit);
        Assert.Contains("[integrity.sha256-mismatch]", output, StringComparison.Ordinal);
        Assert.Contains("would be quarantined: status Unlisted", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhenGplLicense_ShouldFailAndPrintTheWaiverRemedy()
    {
        var (exit, output, _) = Run(_artifact, "--format", "npm", "--namespace", "acme", "--name", "ui-kit", "--version", "2.3.1",
            "--license", "GNU General Public License v3 (GPLv3)", "--policy", DefaultPolicyFile());
        Assert.Equal(1, exit);
        Assert.Contains("[license.denied]", output, StringComparison.Ordinal);
        Assert.Contains("- package: \"pkg:npm/%40acme/ui-kit\"", output, StringComparison.Ordinal);
        Assert.Contains("version: \"2.3.1\"", output, StringComparison.Ordinal);
        Assert.Contains("rule: license.denied", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhenJson_ShouldPrintTheVerdictDocument()
    {
        var (exit, output, _) = Run(_artifact, "--format", "npm", "--license", "MIT OR GPL-3.0-only", "--json", "--policy", DefaultPolicyFile());
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("Pass", doc.RootElement.GetProperty("outcome").GetString());
        Assert.Equal("MIT OR GPL-3.0-only", doc.RootElement.GetProperty("licenses").GetProperty("expression").GetString());
        Assert.Equal("governance.verdict/v1", doc.RootElement.GetProperty("schema").GetString());
    }

    [Fact]
    public void Run_WhenWaiverInPolicy_ShouldPassAndSayWhatWasWaived()
    {
        var policy = Dir.Write("waived.yaml", """
            waivers:
              - package: pkg:npm/%40acme/ui-kit
                version: 2.3.1
                rule: license.denied
                reason: legal approved LEGAL-7
                expires: 2027-01-31
            """);
        var (exit, output, _) = Run(_artifact, "--format", "npm", "--namespace", "acme", "--name", "ui-kit", "--version", "2.3.1",
            "--license", "GPL-3.0-only", "--policy", policy);
        Assert.Equal(0, exit);
        Assert.Contains("waived [license.denied]", output, StringComparison.Ordinal);
        Assert.Contains("legal approved LEGAL-7", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--format", "generic" }, "Required argument 'FILE' missing")]
    [InlineData(new[] { "x" }, "Option '--format' is required")]
    [InlineData(new[] { "x", "--format", "rpm" }, "--format 'rpm' is not one of generic, npm, maven, pypi, nuget")]
    [InlineData(new[] { "x", "--format", "npm", "--sha256", "abc" }, "--sha256 must be 64 hexadecimal characters, got 'abc'")]
    [InlineData(new[] { "x", "--format", "npm", "--colour" }, "unknown option '--colour'")]
    [InlineData(new[] { "x", "--format", "npm", "--colour=red" }, "unknown option '--colour'")]
    [InlineData(new[] { "--colour", "x", "--format", "npm" }, "unknown option '--colour'")]
    [InlineData(new[] { "x", "--format" }, "Required argument missing for option: '--format'")]
    [InlineData(new[] { "x", "y", "--format", "npm" }, "unexpected argument 'y'")]
    [InlineData(new[] { "x", "--format", "npm", "--license", " " }, "--license must not be empty")]
    [InlineData(new[] { "x", "--format", "npm", "--intel", "ftp://osv.example" }, "--intel must be the base URL of an OSV-compatible API")]
    public void Run_WhenUsageIsWrong_ShouldExitTwoAndSayWhy(string[] args, string fragment)
    {
        var (exit, output, err) = Run(args);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains($"governance check: {fragment}", err, StringComparison.Ordinal);
        Assert.Contains("Run 'governance check --help' for usage.", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhenOptionsUseEqualsAndRepeat_ShouldReadEachValueAndTheFormatInAnyCase()
    {
        var (exit, output, err) = Run(_artifact, "--format=NPM", "--name=ui-kit", "--license", "MIT", "--license=Apache-2.0", "--json", "--policy", DefaultPolicyFile());
        Assert.True(exit == 0, err);
        using var verdict = JsonDocument.Parse(output);
        Assert.Equal("npm", verdict.RootElement.GetProperty("package").GetProperty("format").GetString());
        Assert.Equal("ui-kit", verdict.RootElement.GetProperty("package").GetProperty("name").GetString());
        Assert.Equal(["MIT", "Apache-2.0"], verdict.RootElement.GetProperty("licenses").GetProperty("declared").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public void Run_WhenFileMissing_ShouldExitTwo()
    {
        var (exit, _, err) = Run(Path.Combine(Dir.Path, "nope.bin"), "--format", "generic", "--policy", DefaultPolicyFile());
        Assert.Equal(2, exit);
        Assert.Contains("cannot read", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhenPolicyInvalid_ShouldExitTwoWithFileLineAndKey()
    {
        var policy = Dir.Write("bad.yaml", "mode: enforce\nlicenses:\n  unknown: shrug\n");
        var (exit, _, err) = Run(_artifact, "--format", "generic", "--policy", policy);
        Assert.Equal(2, exit);
        Assert.Contains($"{policy}:3:12: licenses.unknown: 'shrug' is not allowed; use one of quarantine, allow", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhenFileLargerThanPolicyLimit_ShouldFailWithSizeExceeded()
    {
        var policy = Dir.Write("small.yaml", "sizeLimits:\n  maxAssetBytes: 4\n");
        var (exit, output, _) = Run(_artifact, "--format", "generic", "--policy", policy);
        Assert.Equal(1, exit);
        Assert.Contains("[size.exceeded]", output, StringComparison.Ordinal);
    }

    internal static string DefaultPolicyFile() => Path.Combine(AppContext.BaseDirectory, "governance.yaml");
}
