using System.Text.Json;
using Governance.Cli.Local;
using Governance.Local.Tests.Support;

namespace Governance.Local.Tests.Maven;

/// <summary>boto3 as an independent client reads what the walkthrough's Maven build left, and agrees with the aws CLI.</summary>
[Collection(BuiltWalkthroughFixture.Name)]
public sealed class MavenBoto3Tests(BuiltWalkthroughFixture fixture)
{
    // User guide: "List package versions" (the originType filter) and "View and update package version details
    // and dependencies" (describe-package-version's origin), for a version fetched through "Requesting a package
    // version with upstream repositories".
    [Fact]
    public async Task ListPackageVersions_FilteredByExternalOrigin_ShouldReturnTheFetchedVersionWithTheCliOrigin()
    {
        MavenPrerequisites.EnsureInstalled();
        var stack = (await fixture.BuiltAsync()).Stack;
        var script = OutputFile.Path("Maven", "Scripts", "maven_origin_boto3.py");

        var boto3 = await PythonClientScript.RunJsonAsync(
            script, [stack.Harness.Endpoint, MavenWalkthroughHarness.Domain, MavenWalkthroughHarness.Repository, "org.apache.commons", "commons-lang3", "3.12.0"],
            TimeSpan.FromMinutes(2));

        Assert.Contains("3.12.0", boto3.GetProperty("external").EnumerateArray().Select(v => v.GetString()));
        Assert.Empty(boto3.GetProperty("internal").EnumerateArray());
        Assert.Equal("Published", boto3.GetProperty("status").GetString());
        var cli = await stack.AwsJsonAsync([
            "codeartifact", "describe-package-version",
            .. MavenWalkthroughHarness.Coordinates(MavenWalkthroughHarness.Repository, "org.apache.commons", "commons-lang3"), "--package-version", "3.12.0"]);
        var cliOrigin = cli.GetProperty("packageVersion").GetProperty("origin");
        Assert.Equal("EXTERNAL", cliOrigin.GetProperty("originType").GetString());
        Assert.Equal(Compact(cliOrigin), Compact(boto3.GetProperty("origin")));
    }

    private static string Compact(JsonElement element) => JsonSerializer.Serialize(element);
}
