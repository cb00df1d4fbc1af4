using Governance.TestSupport;

namespace Governance.Deployment.Tests.Template;

/// <summary>cfn-lint (with the SAM translator) is the independent judge of the template as CloudFormation reads it.</summary>
public class CfnLintTests
{
    [Fact]
    public async Task CfnLint_WhenRunOnTheTemplate_ShouldReportNothing()
    {
        // Exit 0 means no error, warning or informational finding; anything deliberately accepted would have to be
        // ignored in the template itself (Metadata cfn-lint ignore_checks) with a comment saying why. cfn-lint's
        // condition solver checks both branches of every Fn::If.
        var result = await CfnLintAsync("template.yaml", RepositoryRoot.Path);

        Assert.True(result.ExitCode == 0 && result.StandardOutput.Trim().Length == 0, result.ToString());
    }

    [Theory]
    // An existing domain of this account, and one of another account (the shapes of docs/deploy.md).
    [InlineData("acme", "", "releases")]
    [InlineData("acme", "111122223333", "releases")]
    public async Task CfnLint_WhenTheTemplateGovernsAnExistingDomain_ShouldReportNothing(string domain, string owner, string repository)
    {
        // The SAM translator inside cfn-lint resolves parameters from their defaults: the same template with the
        // existing domain's values as defaults is that deployment as SAM translates it.
        var template = await File.ReadAllTextAsync(RepositoryRoot.File("template.yaml"));
        foreach (var (name, value) in new[] { ("ExistingDomainName", domain), ("ExistingDomainOwner", owner), ("ExistingRepositoryName", repository) })
        {
            var declared = $"  {name}:\n    Type: String\n    Default: ''\n";
            Assert.Contains(declared, template, StringComparison.Ordinal);
            template = template.Replace(declared, $"  {name}:\n    Type: String\n    Default: '{value}'\n", StringComparison.Ordinal);
        }

        var result = await CfnLintCopyAsync(template);

        Assert.True(result.ExitCode == 0 && result.StandardOutput.Trim().Length == 0, result.ToString());
    }

    [Fact]
    public async Task CfnLint_WhenTheTemplateHasAnInvalidProperty_ShouldFail()
    {
        // Proves the check above can fail: the same template with one property SAM does not know.
        var broken = (await File.ReadAllTextAsync(RepositoryRoot.File("template.yaml")))
            .Replace("      Timeout: 900\n", "      Timeout: 900\n      TimeoutSeconds: 900\n", StringComparison.Ordinal);

        var result = await CfnLintCopyAsync(broken);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("TimeoutSeconds", result.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>cfn-lint on a changed copy of the template, written to a folder of its own.</summary>
    private static async Task<ProcessResult> CfnLintCopyAsync(string template)
    {
        using var folder = new TempFolder("cfn-lint");
        var path = folder.File("template.yaml");
        await File.WriteAllTextAsync(path, template);
        return await CfnLintAsync(path, folder.Path);
    }

    /// <summary>
    /// cfn-lint checks the template for the region in AWS_REGION (us-east-1 when unset): named here so that the
    /// caller's environment cannot change the verdict.
    /// </summary>
    private static Task<ProcessResult> CfnLintAsync(string template, string workingDirectory) =>
        ProcessRunner.RunAsync(
            "cfn-lint",
            [template],
            new Dictionary<string, string> { ["AWS_REGION"] = AwsClientEnvironment.DefaultRegion },
            workingDirectory,
            TimeSpan.FromMinutes(3));
}
