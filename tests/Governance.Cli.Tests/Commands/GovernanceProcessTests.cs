using System.Security.Cryptography;
using System.Text;

namespace Governance.Cli.Tests.Commands;

/// <summary>The built <c>governance</c> program, run as a process the way a user or a script runs it.</summary>
public class GovernanceProcessTests : IDisposable
{
    private readonly TempFolder _dir = new("governance-cli");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Check_WhenRunAsProcessWithoutPolicyOption_ShouldUseLocalGovernanceYaml()
    {
        _dir.Write("tool.tgz", "payload");
        _dir.Write("governance.yaml", "licenses:\n  allow: [MPL-2.0]\n");

        var allowed = await CliRunner.RunAsync(_dir.Path, "check", "tool.tgz", "--format", "npm", "--license", "MPL-2.0");
        var refused = await CliRunner.RunAsync(_dir.Path, "check", "tool.tgz", "--format", "npm", "--license", "MIT");

        Assert.Equal(0, allowed.ExitCode);
        Assert.Contains("governance.yaml (mode enforce)", allowed.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("[license.not-allowed]", refused.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WhenRunAsProcessWithNoPolicyAnywhere_ShouldUseBuiltInDefault()
    {
        var artifact = _dir.Write("secret-mission.sh", "echo hi\n");
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("echo hi\n")));

        var result = await CliRunner.RunAsync(_dir.Path, "check", artifact, "--format", "generic", "--sha256", sha, "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\"policy\": \"built-in default (governance.yaml)\"", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PolicyValidate_WhenRunAsProcessOnBadFile_ShouldExitOneWithLocation()
    {
        _dir.Write("governance.yaml", "mode: enforce\nwaivers:\n  - package: pkg:npm/x\n");

        var result = await CliRunner.RunAsync(_dir.Path, "policy", "validate");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("governance.yaml:3:5: waivers[0].version: is required", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_WhenRunAsProcess_ShouldExitTwoWithUsage()
    {
        var result = await CliRunner.RunAsync(_dir.Path, "frobnicate");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("governance: unknown command 'frobnicate'", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Run 'governance --help' for usage.", result.StandardError, StringComparison.Ordinal);
    }
}
