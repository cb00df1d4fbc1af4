using System.Formats.Tar;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Governance.Local.Tests.Support;

namespace Governance.Local.Tests.CodeArtifact;

/// <summary>
/// Issue 14, point 3 (the rest): GetPackageVersionReadme and ListPackageVersionDependencies with the real aws CLI,
/// for an npm version (from its manifest) and a generic one (empty: "Generic packages overview" says generic
/// packages cannot declare dependencies and their README is not returned).
/// </summary>
public sealed class ManifestOperationsTests() : LocalStackTestBase(Domain, Repo)
{
    private const string Domain = "manifests";
    private const string Repo = "manifests-repo";

    [Fact]
    public async Task ReadmeAndDependencies_OfAnNpmVersion_ShouldComeFromItsManifest()
    {
        const string manifest = """{"name":"@acme/widget","version":"1.2.3","license":"MIT","readme":"# Widget\nUse it.","dependencies":{"left-pad":"^1.3.0","@types/node":"20.x"},"devDependencies":{"jest":"29.7.0"},"peerDependencies":{"react":">=18"},"optionalDependencies":{"fsevents":"2.3.3"}}""";
        await NpmPublishAsync(manifest);
        string[] coordinates = ["--domain", Domain, "--repository", Repo, "--format", "npm", "--namespace", "acme", "--package", "widget", "--package-version", "1.2.3"];

        var readme = await Stack.AwsJsonAsync(["codeartifact", "get-package-version-readme", .. coordinates]);
        Assert.Equal("# Widget\nUse it.", readme.GetProperty("readme").GetString());
        Assert.Equal("npm", readme.GetProperty("format").GetString());
        Assert.Equal("acme", readme.GetProperty("namespace").GetString());
        Assert.Equal("widget", readme.GetProperty("package").GetString());
        Assert.Equal("1.2.3", readme.GetProperty("version").GetString());
        Assert.Equal(44, readme.GetProperty("versionRevision").GetString()!.Length);

        var listed = await Stack.AwsJsonAsync(["codeartifact", "list-package-version-dependencies", .. coordinates]);
        var dependencies = listed.GetProperty("dependencies").EnumerateArray()
            .Select(d => $"{(d.TryGetProperty("namespace", out var ns) ? ns.GetString() + "/" : string.Empty)}{d.GetProperty("package").GetString()} {d.GetProperty("dependencyType").GetString()} {d.GetProperty("versionRequirement").GetString()}")
            .ToArray();
        Assert.Equal(["left-pad regular ^1.3.0", "types/node regular 20.x", "jest dev 29.7.0", "react peer >=18", "fsevents optional 2.3.3"], dependencies);
        Assert.Equal("1.2.3", listed.GetProperty("version").GetString());
    }

    [Fact]
    public async Task ReadmeAndDependencies_OfAGenericVersion_ShouldBeEmptyAndOfAMissingVersionNotFound()
    {
        var content = Work.File("a.bin");
        await File.WriteAllTextAsync(content, "generic");
        var sha = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(content)));
        await Stack.AwsJsonAsync("codeartifact", "publish-package-version", "--domain", Domain, "--repository", Repo, "--format", "generic",
            "--namespace", "team", "--package", "tool", "--package-version", "1.0.0", "--asset-content", content, "--asset-name", "README.md", "--asset-sha256", sha);
        string[] coordinates = ["--domain", Domain, "--repository", Repo, "--format", "generic", "--namespace", "team", "--package", "tool"];

        var readme = await Stack.AwsJsonAsync(["codeartifact", "get-package-version-readme", .. coordinates, "--package-version", "1.0.0"]);
        Assert.Equal(string.Empty, readme.GetProperty("readme").GetString());
        var listed = await Stack.AwsJsonAsync(["codeartifact", "list-package-version-dependencies", .. coordinates, "--package-version", "1.0.0"]);
        Assert.Equal(0, listed.GetProperty("dependencies").GetArrayLength());

        var missing = await Stack.AwsAsync(["codeartifact", "get-package-version-readme", .. coordinates, "--package-version", "9.9.9"]);
        Assert.True(missing.ExitCode != 0, missing.ToString());
        Assert.Contains("(ResourceNotFoundException)", missing.StandardError, StringComparison.Ordinal);
    }

    private async Task NpmPublishAsync(string manifest)
    {
        var endpoint = await Stack.RepositoryEndpointAsync(Domain, Repo, "npm");
        var token = await Stack.AuthorizationTokenAsync(Domain);
        var tarball = Tarball(manifest);
        var document = "{\"name\":\"@acme/widget\",\"versions\":{\"1.2.3\":" + manifest + "},"
            + "\"_attachments\":{\"@acme/widget-1.2.3.tgz\":{\"content_type\":\"application/octet-stream\",\"data\":\"" + Convert.ToBase64String(tarball)
            + "\",\"length\":" + tarball.Length + "}}}";
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var put = await http.PutAsync(new Uri(endpoint + "@acme%2fwidget"), new StringContent(document, Encoding.UTF8, "application/json"));
        Assert.True(put.IsSuccessStatusCode, $"{put.StatusCode}: {await put.Content.ReadAsStringAsync()}");
    }

    private static byte[] Tarball(string packageJson)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Ustar, leaveOpen: true))
        {
            tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "package/package.json") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(packageJson)) });
        }

        return output.ToArray();
    }
}
