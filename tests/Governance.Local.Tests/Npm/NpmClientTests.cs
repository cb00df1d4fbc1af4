using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Governance.Local.Tests.Support;
using Governance.TestSupport;

namespace Governance.Local.Tests.Npm;

/// <summary>The real npm client publishing to and installing from the repository's npm endpoint.</summary>
public sealed class NpmClientTests() : LocalStackTestBase("nextwork", "nextwork-devops-cicd")
{
    private async Task<string> WriteNpmrcAsync(string folder, string token)
    {
        var endpoint = await Stack.RepositoryEndpointAsync("nextwork", "nextwork-devops-cicd", "npm");
        await NpmClientEnvironment.WriteNpmrcAsync(folder, endpoint, token);
        return endpoint;
    }

    private static Dictionary<string, string> NpmEnv(string folder) => NpmClientEnvironment.For(folder);

    [Fact]
    public async Task NpmPublishViewInstall_WhenAuthorizedWithTheToken_ShouldRoundTripAndExposeLicenseAndHashesThroughTheApi()
    {
        var token = await Stack.AuthorizationTokenAsync("nextwork");
        var package = Path.Combine(Work.Path, "pkg");
        await WriteNpmrcAsync(package, token);
        await File.WriteAllTextAsync(Path.Combine(package, "package.json"),
            """{"name":"@acme/clean-lib","version":"1.4.0","description":"A clean MIT library","license":"MIT","main":"index.js","homepage":"https://example.com/clean-lib"}""");
        await File.WriteAllTextAsync(Path.Combine(package, "index.js"), "module.exports = 42;\n");

        var publish = await ProcessRunner.RunAsync("npm", ["publish"], NpmEnv(package), package, TimeSpan.FromSeconds(90));
        Assert.True(publish.ExitCode == 0, publish.ToString());

        var view = await ProcessRunner.RunAsync("npm", ["view", "@acme/clean-lib", "--json"], NpmEnv(package), package, TimeSpan.FromSeconds(90));
        Assert.True(view.ExitCode == 0, view.ToString());
        var viewed = JsonDocument.Parse(view.StandardOutput).RootElement;
        Assert.Equal("1.4.0", viewed.GetProperty("version").GetString());
        Assert.Equal("MIT", viewed.GetProperty("license").GetString());

        var consumer = Path.Combine(Work.Path, "consumer");
        await WriteNpmrcAsync(consumer, token);
        await File.WriteAllTextAsync(Path.Combine(consumer, "package.json"), """{"name":"consumer","version":"1.0.0","private":true}""");
        var install = await ProcessRunner.RunAsync("npm", ["install", "@acme/clean-lib@1.4.0"], NpmEnv(consumer), consumer, TimeSpan.FromSeconds(120));
        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.Equal("module.exports = 42;\n", await File.ReadAllTextAsync(Path.Combine(consumer, "node_modules", "@acme", "clean-lib", "index.js")));

        var described = (await Stack.AwsJsonAsync("codeartifact", "describe-package-version", "--domain", "nextwork", "--repository", "nextwork-devops-cicd",
            "--format", "npm", "--namespace", "acme", "--package", "clean-lib", "--package-version", "1.4.0")).GetProperty("packageVersion");
        Assert.Equal("MIT", described.GetProperty("licenses")[0].GetProperty("name").GetString());
        Assert.Equal("A clean MIT library", described.GetProperty("summary").GetString());
        Assert.Equal("Published", described.GetProperty("status").GetString());

        var assets = await Stack.AwsJsonAsync("codeartifact", "list-package-version-assets", "--domain", "nextwork", "--repository", "nextwork-devops-cicd",
            "--format", "npm", "--namespace", "acme", "--package", "clean-lib", "--package-version", "1.4.0");
        var asset = assets.GetProperty("assets")[0];
        Assert.Equal("package.tgz", asset.GetProperty("name").GetString());
        var downloaded = Path.Combine(Work.Path, "clean-lib.tgz");
        await Stack.AwsJsonAsync("codeartifact", "get-package-version-asset", "--domain", "nextwork", "--repository", "nextwork-devops-cicd",
            "--format", "npm", "--namespace", "acme", "--package", "clean-lib", "--package-version", "1.4.0", "--asset", "package.tgz", downloaded);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(downloaded))), asset.GetProperty("hashes").GetProperty("SHA-256").GetString());
        Assert.Equal(viewed.GetProperty("dist").GetProperty("shasum").GetString(), asset.GetProperty("hashes").GetProperty("SHA-1").GetString());
    }

    [Fact]
    public async Task NpmPublish_WhenThePackageUsesTheLegacyLicensesArray_ShouldRecordEachLicense()
    {
        var token = await Stack.AuthorizationTokenAsync("nextwork");
        var package = Path.Combine(Work.Path, "legacy");
        await WriteNpmrcAsync(package, token);
        await File.WriteAllTextAsync(Path.Combine(package, "package.json"),
            """{"name":"legacy-lib","version":"0.1.0","licenses":[{"type":"GPL-2.0","url":"https://www.gnu.org/licenses/gpl-2.0.html"},{"type":"MIT"}]}""");
        await File.WriteAllTextAsync(Path.Combine(package, "index.js"), "module.exports = 1;\n");

        var publish = await ProcessRunner.RunAsync("npm", ["publish"], NpmEnv(package), package, TimeSpan.FromSeconds(90));
        Assert.True(publish.ExitCode == 0, publish.ToString());

        var licenses = (await Stack.AwsJsonAsync("codeartifact", "describe-package-version", "--domain", "nextwork", "--repository", "nextwork-devops-cicd",
            "--format", "npm", "--package", "legacy-lib", "--package-version", "0.1.0")).GetProperty("packageVersion").GetProperty("licenses");
        Assert.Equal(("GPL-2.0", "https://www.gnu.org/licenses/gpl-2.0.html"), (licenses[0].GetProperty("name").GetString(), licenses[0].GetProperty("url").GetString()));
        Assert.Equal("MIT", licenses[1].GetProperty("name").GetString());
    }

    [Fact]
    public async Task NpmEndpoint_WhenTheTokenIsMissingOrForged_ShouldAnswer401()
    {
        var endpoint = await Stack.RepositoryEndpointAsync("nextwork", "nextwork-devops-cicd", "npm");
        using var http = new HttpClient();

        using var anonymous = await http.GetAsync(new Uri(endpoint + "left-pad"));
        using var forged = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint + "left-pad"));
        forged.Headers.TryAddWithoutValidation("Authorization", "Bearer bmV4dHdvcms.forged");
        using var forgedResponse = await http.SendAsync(forged);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forgedResponse.StatusCode);
    }

    [Fact]
    public async Task NpmView_WhenTheVersionIsUnlisted_ShouldHideItFromThePackument()
    {
        var token = await Stack.AuthorizationTokenAsync("nextwork");
        var package = Path.Combine(Work.Path, "hidden");
        var endpoint = await WriteNpmrcAsync(package, token);
        await File.WriteAllTextAsync(Path.Combine(package, "package.json"), """{"name":"hidden-lib","version":"1.0.0","license":"GPL-3.0-only"}""");
        await File.WriteAllTextAsync(Path.Combine(package, "index.js"), "module.exports = 1;\n");
        Assert.Equal(0, (await ProcessRunner.RunAsync("npm", ["publish"], NpmEnv(package), package, TimeSpan.FromSeconds(90))).ExitCode);

        await Stack.AwsJsonAsync("codeartifact", "update-package-versions-status", "--domain", "nextwork", "--repository", "nextwork-devops-cicd",
            "--format", "npm", "--package", "hidden-lib", "--versions", "1.0.0", "--target-status", "Unlisted");

        using var http = new HttpClient();
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + token);
        using var packument = await http.GetAsync(new Uri(endpoint + "hidden-lib"));
        using var tarball = await http.GetAsync(new Uri(endpoint + "hidden-lib/-/hidden-lib-1.0.0.tgz"));
        Assert.Equal(HttpStatusCode.NotFound, packument.StatusCode);
        Assert.Equal(HttpStatusCode.OK, tarball.StatusCode);
    }
}
