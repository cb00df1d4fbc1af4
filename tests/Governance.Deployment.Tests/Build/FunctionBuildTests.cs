using System.Text.Json;
using System.Text.RegularExpressions;
using Governance.Deployment.Tests.Template;
using Governance.TestSupport;

namespace Governance.Deployment.Tests.Build;

/// <summary>
/// The build sam build performs (BuildMethod: makefile → make build-&lt;LogicalId&gt; with ARTIFACTS_DIR), run here the
/// same way, and the artifact it leaves checked against the template's runtime and handler.
/// </summary>
[Collection(MakeBuilds.Name)]
public partial class FunctionBuildTests
{
    private static readonly SamTemplate Template = SamTemplate.LoadFromRepository();

    public static TheoryData<string> MakefileFunctions()
    {
        var data = new TheoryData<string>();
        foreach (var function in Template.ResourcesOfType(SamTemplate.ServerlessFunctionType))
        {
            data.Add(function);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MakefileFunctions))]
    public void Makefile_WhenSamBuildsAFunction_ShouldHaveItsTarget(string function)
    {
        var metadata = Template.Resource(function).GetValueOrDefault("Metadata") as Dictionary<string, object?>;
        Assert.Equal("makefile", metadata?.GetValueOrDefault("BuildMethod"));

        var makefile = File.ReadAllText(RepositoryRoot.File("Makefile"));
        Assert.Matches(new Regex($"^build-{function}:", RegexOptions.Multiline), makefile);
    }

    [Theory]
    [MemberData(nameof(MakefileFunctions))]
    public async Task Make_WhenBuildingAFunction_ShouldWriteTheArtifactLambdaRuns(string function)
    {
        using var artifacts = new TempFolder($"artifacts-{function}");
        var result = await ProcessRunner.RunAsync(
            "make",
            // The managed build (the NativeAOT default's publish is checked by Functions.Tests/NativeAot).
            [$"build-{function}", $"ARTIFACTS_DIR={artifacts.Path}", "GOVERNANCE_PACKAGING=dotnet10", .. PolicyFileArgument()],
            workingDirectory: RepositoryRoot.Path,
            timeout: TimeSpan.FromMinutes(8));
        Assert.True(result.ExitCode == 0, result.ToString());

        var handler = (string)new IntrinsicResolver(Template, new Dictionary<string, string> { ["FunctionPackaging"] = "dotnet10" }, "123456789012", "eu-north-1")
            .Resolve(Template.FunctionProperty(function, "Handler"))!;
        // Executable mode: the runtime runs `dotnet exec <task root>/<handler>.dll`.
        Assert.True(File.Exists(Path.Combine(artifacts.Path, handler + ".dll")), $"{handler}.dll missing");
        Assert.True(File.Exists(Path.Combine(artifacts.Path, handler + ".deps.json")), $"{handler}.deps.json missing");
        var runtimeConfig = Path.Combine(artifacts.Path, handler + ".runtimeconfig.json");
        using (var document = JsonDocument.Parse(await File.ReadAllTextAsync(runtimeConfig)))
        {
            // The dotnet10 runtime carries Microsoft.NETCore.App 10.x: the artifact must ask for exactly that.
            var framework = document.RootElement.GetProperty("runtimeOptions").GetProperty("framework");
            Assert.Equal("Microsoft.NETCore.App", framework.GetProperty("name").GetString());
            Assert.StartsWith("10.", framework.GetProperty("version").GetString(), StringComparison.Ordinal);
        }

        var policy = Path.Combine(artifacts.Path, "governance.yaml");
        Assert.True(File.Exists(policy), "governance.yaml (the default policy) missing from the task root");
        Assert.Equal(await File.ReadAllBytesAsync(PolicySource()), await File.ReadAllBytesAsync(policy));
        // Portable and framework-dependent: no native apphost that would only run on the build machine's OS.
        Assert.False(File.Exists(Path.Combine(artifacts.Path, handler)), "an apphost was published");
    }

    [Fact]
    public async Task Make_WhenArtifactsDirIsMissing_ShouldFailAndSaySo()
    {
        var result = await ProcessRunner.RunAsync("make", ["build-ReviewFunction", "ARTIFACTS_DIR="], workingDirectory: RepositoryRoot.Path, timeout: TimeSpan.FromMinutes(1));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("ARTIFACTS_DIR is not set", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Make_WhenNativeAotIsAsked_ShouldPublishAotForTheArchitectureAndNameItBootstrap()
    {
        // A dry run (make -n) shows the commands without running the minutes-long native compilation.
        var result = await ProcessRunner.RunAsync(
            "make",
            ["-n", "build-ReviewFunction", "ARTIFACTS_DIR=/tmp/aot-dry-run", "GOVERNANCE_PACKAGING=native-aot", "GOVERNANCE_ARCH=arm64"],
            workingDirectory: RepositoryRoot.Path,
            timeout: TimeSpan.FromMinutes(1));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("-r linux-arm64", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("-p:PublishAot=true", result.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"mv -f ""/tmp/aot-dry-run/Governance\.Functions"" ""/tmp/aot-dry-run/bootstrap"""), result.StandardOutput);
    }

    [Fact]
    public async Task Make_WhenThePackagingIsUnknown_ShouldFailNamingTheChoices()
    {
        var result = await ProcessRunner.RunAsync(
            "make", ["-n", "build-ReviewFunction", "ARTIFACTS_DIR=/tmp/x", "GOVERNANCE_PACKAGING=jit"],
            workingDirectory: RepositoryRoot.Path,
            timeout: TimeSpan.FromMinutes(1));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("GOVERNANCE_PACKAGING must be dotnet10 or native-aot", result.StandardError, StringComparison.Ordinal);
    }

    // Until the default policy lands in the repository root (it belongs to the policy engine's work), the build is
    // given the test project's copy; the Makefile's default (the root governance.yaml) is checked separately below.
    private static string PolicySource() => RepositoryRoot.File("governance.yaml");

    private static string[] PolicyFileArgument() => [$"POLICY_FILE={PolicySource()}"];

    [Fact]
    public void Makefile_WhenNoPolicyIsGiven_ShouldPackageTheRepositoryRootPolicy()
    {
        var makefile = File.ReadAllText(RepositoryRoot.File("Makefile"));

        Assert.Matches(new Regex(@"^POLICY_FILE \?= governance\.yaml$", RegexOptions.Multiline), makefile);
        Assert.Contains("cp \"$(POLICY_FILE)\" \"$(ARTIFACTS_DIR)/governance.yaml\"", makefile, StringComparison.Ordinal);
    }
}
