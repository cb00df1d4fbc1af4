using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Governance.Local.Tests.Support;

namespace Governance.Local.Tests.CodeArtifact;

/// <summary>
/// Behaviours where the emulator used to differ from AWS CodeArtifact (issue 14, point 1), each checked with the real
/// aws CLI against the local stack and tied to the AWS page it follows.
/// </summary>
public sealed class AwsParityTests() : LocalStackTestBase(Domain, Repo)
{
    private const string Domain = "parity";
    private const string Repo = "parity-repo";

    // https://docs.aws.amazon.com/codeartifact/latest/APIReference/API_ListPackageVersions.html (sortBy: PUBLISHED_TIME)
    // and https://docs.aws.amazon.com/codeartifact/latest/ug/list-packages-versions.html (sample output, newest first).
    // AWS lists the newest version first when sorting by published time; the order without sortBy is not documented,
    // so the emulator keeps publication order there.
    [Fact]
    public async Task ListPackageVersions_WhenSortedByPublishedTime_ShouldReturnTheNewestFirst()
    {
        foreach (var version in new[] { "1.0.0", "3.0.0", "2.0.0" })
        {
            await PublishGenericAsync("team", "tool", version);
        }

        var sorted = await Stack.AwsJsonAsync("codeartifact", "list-package-versions", "--domain", Domain, "--repository", Repo,
            "--format", "generic", "--namespace", "team", "--package", "tool", "--sort-by", "PUBLISHED_TIME");
        Assert.Equal(["2.0.0", "3.0.0", "1.0.0"], Versions(sorted));

        var paged = await Stack.AwsJsonAsync("codeartifact", "list-package-versions", "--domain", Domain, "--repository", Repo,
            "--format", "generic", "--namespace", "team", "--package", "tool", "--sort-by", "PUBLISHED_TIME", "--max-items", "1");
        Assert.Equal(["2.0.0"], Versions(paged));

        var unsorted = await Stack.AwsJsonAsync("codeartifact", "list-package-versions", "--domain", Domain, "--repository", Repo,
            "--format", "generic", "--namespace", "team", "--package", "tool");
        Assert.Equal(["1.0.0", "3.0.0", "2.0.0"], Versions(unsorted));
    }

    // The API model (codeartifact.service-2.json, ListPackagesRequest.namespace) and
    // https://docs.aws.amazon.com/codeartifact/latest/APIReference/API_ListPackages.html: "Only packages with a namespace
    // that starts with the provided string value are returned ... it has prefix-matching behavior."
    [Fact]
    public async Task ListPackages_WithANamespace_ShouldMatchItAsAPrefix()
    {
        await PublishGenericAsync("team", "a", "1.0.0");
        await PublishGenericAsync("team-platform", "b", "1.0.0");
        await PublishGenericAsync("other-team", "c", "1.0.0");

        var listed = await Stack.AwsJsonAsync("codeartifact", "list-packages", "--domain", Domain, "--repository", Repo, "--namespace", "team");

        var found = listed.GetProperty("packages").EnumerateArray()
            .Select(p => $"{p.GetProperty("namespace").GetString()}/{p.GetProperty("package").GetString()}").ToArray();
        Assert.Equal(["team/a", "team-platform/b"], found);
    }

    // https://docs.aws.amazon.com/codeartifact/latest/ug/list-assets.html ("List assets of an npm package": an npm
    // package version always has one asset, package.tgz) and
    // https://docs.aws.amazon.com/codeartifact/latest/APIReference/API_PackageVersionDescription.html (displayName: an
    // npm package ui in namespace vue displays as @vue/ui).
    [Fact]
    public async Task NpmPublish_OfAScopedPackage_ShouldStorePackageTgzAndDisplayTheScopedName()
    {
        var endpoint = await Stack.RepositoryEndpointAsync(Domain, Repo, "npm");
        var token = await Stack.AuthorizationTokenAsync(Domain);
        var tarball = NpmTarball("""{"name":"@acme/widget","version":"1.2.3","license":"MIT"}""");
        var document = "{\"name\":\"@acme/widget\",\"versions\":{\"1.2.3\":{\"name\":\"@acme/widget\",\"version\":\"1.2.3\",\"license\":\"MIT\"}},"
            + "\"_attachments\":{\"@acme/widget-1.2.3.tgz\":{\"content_type\":\"application/octet-stream\",\"data\":\"" + Convert.ToBase64String(tarball)
            + "\",\"length\":" + tarball.Length + "}}}";
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using (var put = await http.PutAsync(new Uri(endpoint + "@acme%2fwidget"), new StringContent(document, Encoding.UTF8, "application/json")))
        {
            Assert.True(put.IsSuccessStatusCode, $"{put.StatusCode}: {await put.Content.ReadAsStringAsync()}");
        }

        string[] coordinates = ["--domain", Domain, "--repository", Repo, "--format", "npm", "--namespace", "acme", "--package", "widget", "--package-version", "1.2.3"];
        var assets = await Stack.AwsJsonAsync(["codeartifact", "list-package-version-assets", .. coordinates]);
        var asset = Assert.Single(assets.GetProperty("assets").EnumerateArray());
        Assert.Equal("package.tgz", asset.GetProperty("name").GetString());
        var downloaded = Work.File("widget.tgz");
        await Stack.AwsJsonAsync(["codeartifact", "get-package-version-asset", .. coordinates, "--asset", "package.tgz", downloaded]);
        Assert.Equal(tarball, await File.ReadAllBytesAsync(downloaded));

        var described = (await Stack.AwsJsonAsync(["codeartifact", "describe-package-version", .. coordinates])).GetProperty("packageVersion");
        Assert.Equal("@acme/widget", described.GetProperty("displayName").GetString());
        Assert.Equal("widget", described.GetProperty("packageName").GetString());

        // The tarball URL in the packument keeps npm's {name}/-/{name}-{version}.tgz form and serves package.tgz.
        var packument = JsonDocument.Parse(await http.GetStringAsync(new Uri(endpoint + "@acme%2fwidget"))).RootElement;
        var tarballUrl = packument.GetProperty("versions").GetProperty("1.2.3").GetProperty("dist").GetProperty("tarball").GetString()!;
        Assert.EndsWith("@acme/widget/-/widget-1.2.3.tgz", tarballUrl, StringComparison.Ordinal);
        using var fetched = await http.GetAsync(new Uri(tarballUrl));
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal(tarball, await fetched.Content.ReadAsByteArrayAsync());
    }

    // The generic format keeps its package name as displayName (no format but npm is documented otherwise).
    [Fact]
    public async Task DescribePackageVersion_OfAGenericPackage_ShouldDisplayThePackageName()
    {
        await PublishGenericAsync("team", "tool", "1.0.0");

        var described = (await Stack.AwsJsonAsync("codeartifact", "describe-package-version", "--domain", Domain, "--repository", Repo,
            "--format", "generic", "--namespace", "team", "--package", "tool", "--package-version", "1.0.0")).GetProperty("packageVersion");

        Assert.Equal("tool", described.GetProperty("displayName").GetString());
    }

    private async Task PublishGenericAsync(string ns, string package, string version)
    {
        var content = Work.File($"{ns}-{package}-{version}.bin");
        await File.WriteAllTextAsync(content, $"{ns}/{package}@{version}");
        var sha = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(content)));
        await Stack.AwsJsonAsync("codeartifact", "publish-package-version", "--domain", Domain, "--repository", Repo, "--format", "generic",
            "--namespace", ns, "--package", package, "--package-version", version, "--asset-content", content, "--asset-name", "a.bin", "--asset-sha256", sha);
    }

    private static string[] Versions(JsonElement list) =>
        [.. list.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetString()!)];

    private static byte[] NpmTarball(string packageJson)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Ustar, leaveOpen: true))
        {
            var entry = new UstarTarEntry(TarEntryType.RegularFile, "package/package.json") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(packageJson)) };
            tar.WriteEntry(entry);
        }

        return output.ToArray();
    }
}
