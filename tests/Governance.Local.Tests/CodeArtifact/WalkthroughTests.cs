using System.Security.Cryptography;
using System.Text.Json;
using Governance.Local.Tests.Support;
using Governance.TestSupport;

namespace Governance.Local.Tests.CodeArtifact;

/// <summary>The original CodeArtifact walkthrough, run verbatim with the real aws CLI against the local endpoint.</summary>
public sealed class WalkthroughTests : LocalStackTestBase
{
    private const string Domain = "nextwork";
    private const string Repo = "nextwork-devops-cicd";

    private static readonly string[] GenericCoordinates =
        ["--domain", Domain, "--repository", Repo, "--format", "generic", "--namespace", "secret-mission", "--package", "secret-mission"];

    [Fact]
    public async Task Walkthrough_WhenRunVerbatimWithTheAwsCli_ShouldBehaveAsCodeArtifact()
    {
        var domain = await Stack.AwsJsonAsync("codeartifact", "create-domain", "--domain", Domain);
        Assert.Equal("arn:aws:codeartifact:us-east-1:000000000000:domain/nextwork", domain.GetProperty("domain").GetProperty("arn").GetString());

        await Stack.AwsJsonAsync("codeartifact", "create-repository", "--domain", Domain, "--domain-owner", "000000000000", "--repository", Repo, "--description", "NextWork CI/CD repository");
        await Stack.AwsJsonAsync("codeartifact", "create-repository", "--domain", Domain, "--domain-owner", "000000000000", "--repository", "maven-central-store");
        var store = await Stack.AwsJsonAsync("codeartifact", "associate-external-connection", "--domain", Domain, "--domain-owner", "000000000000", "--repository", "maven-central-store", "--external-connection", "public:maven-central");
        Assert.Equal("maven", store.GetProperty("repository").GetProperty("externalConnections")[0].GetProperty("packageFormat").GetString());

        var wired = await Stack.AwsJsonAsync("codeartifact", "update-repository", "--domain", Domain, "--domain-owner", "000000000000", "--repository", Repo, "--upstreams", "repositoryName=maven-central-store");
        Assert.Equal("maven-central-store", wired.GetProperty("repository").GetProperty("upstreams")[0].GetProperty("repositoryName").GetString());

        var token = await Stack.AwsJsonAsync("codeartifact", "get-authorization-token", "--domain", Domain, "--domain-owner", "000000000000");
        Assert.False(string.IsNullOrEmpty(token.GetProperty("authorizationToken").GetString()));
        Assert.True(token.GetProperty("expiration").GetDouble() > DateTimeOffset.UtcNow.ToUnixTimeSeconds());

        var endpoint = await Stack.AwsJsonAsync("codeartifact", "get-repository-endpoint", "--domain", Domain, "--domain-owner", "000000000000", "--repository", Repo, "--format", "maven");
        Assert.Equal($"{Stack.Endpoint}/maven/nextwork-000000000000/{Repo}/", endpoint.GetProperty("repositoryEndpoint").GetString());

        // make secret-mission.tar.gz and publish it with its sha256sum, as the walkthrough does
        var payload = Work.File("secret-mission.txt");
        await File.WriteAllTextAsync(payload, "The secret mission: govern every package.\n");
        var archive = Work.File("secret-mission.tar.gz");
        var tar = await ProcessRunner.RunAsync("tar", ["-czf", archive, "-C", Work.Path, "secret-mission.txt"]);
        Assert.Equal(0, tar.ExitCode);
        var sha256sum = (await ProcessRunner.RunAsync("sha256sum", [archive])).StandardOutput.Split(' ')[0];

        var published = await Stack.AwsJsonAsync([
            "codeartifact", "publish-package-version", .. GenericCoordinates, "--package-version", "1.0.0",
            "--asset-content", archive, "--asset-name", "secret-mission.tar.gz", "--asset-sha256", sha256sum]);
        Assert.Equal("Published", published.GetProperty("status").GetString());
        Assert.Equal(44, published.GetProperty("versionRevision").GetString()!.Length);
        Assert.Equal(sha256sum, published.GetProperty("asset").GetProperty("hashes").GetProperty("SHA-256").GetString());

        var packages = await Stack.AwsJsonAsync("codeartifact", "list-packages", "--domain", Domain, "--repository", Repo);
        Assert.Equal("secret-mission", packages.GetProperty("packages")[0].GetProperty("package").GetString());

        var versions = await Stack.AwsJsonAsync(["codeartifact", "list-package-versions", .. GenericCoordinates]);
        Assert.Equal("1.0.0", versions.GetProperty("versions")[0].GetProperty("version").GetString());

        var described = await Stack.AwsJsonAsync(["codeartifact", "describe-package-version", .. GenericCoordinates, "--package-version", "1.0.0"]);
        var revision = described.GetProperty("packageVersion").GetProperty("revision").GetString()!;
        Assert.Equal("Published", described.GetProperty("packageVersion").GetProperty("status").GetString());
        Assert.Equal("INTERNAL", described.GetProperty("packageVersion").GetProperty("origin").GetProperty("originType").GetString());

        var assets = await Stack.AwsJsonAsync(["codeartifact", "list-package-version-assets", .. GenericCoordinates, "--package-version", "1.0.0"]);
        var hashes = assets.GetProperty("assets")[0].GetProperty("hashes");
        Assert.Equal(sha256sum, hashes.GetProperty("SHA-256").GetString());
        var bytes = await File.ReadAllBytesAsync(archive);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(bytes)), hashes.GetProperty("MD5").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA1.HashData(bytes)), hashes.GetProperty("SHA-1").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA512.HashData(bytes)), hashes.GetProperty("SHA-512").GetString());

        var downloaded = Work.File("downloaded.tar.gz");
        var asset = await Stack.AwsJsonAsync(["codeartifact", "get-package-version-asset", .. GenericCoordinates, "--package-version", "1.0.0", "--asset", "secret-mission.tar.gz", downloaded]);
        Assert.Equal(revision, asset.GetProperty("packageVersionRevision").GetString());
        Assert.Equal(bytes, await File.ReadAllBytesAsync(downloaded));

        // update-package-versions-status: success, then each failure code
        var unlisted = await Stack.AwsJsonAsync(["codeartifact", "update-package-versions-status", .. GenericCoordinates, "--versions", "1.0.0", "--target-status", "Unlisted", "--expected-status", "Published", "--version-revisions", $"1.0.0={revision}"]);
        Assert.Equal("Unlisted", unlisted.GetProperty("successfulVersions").GetProperty("1.0.0").GetProperty("status").GetString());

        var mismatchedStatus = await Stack.AwsJsonAsync(["codeartifact", "update-package-versions-status", .. GenericCoordinates, "--versions", "1.0.0", "--target-status", "Archived", "--expected-status", "Published"]);
        Assert.Equal("MISMATCHED_STATUS", FailureCode(mismatchedStatus, "1.0.0"));

        var mismatchedRevision = await Stack.AwsJsonAsync(["codeartifact", "update-package-versions-status", .. GenericCoordinates, "--versions", "1.0.0", "--target-status", "Archived", "--version-revisions", "1.0.0=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="]);
        Assert.Equal("MISMATCHED_REVISION", FailureCode(mismatchedRevision, "1.0.0"));

        var notFound = await Stack.AwsJsonAsync(["codeartifact", "update-package-versions-status", .. GenericCoordinates, "--versions", "1.0.0", "9.9.9", "--target-status", "Archived"]);
        Assert.Equal("NOT_FOUND", FailureCode(notFound, "9.9.9"));
        Assert.Equal("SKIPPED", FailureCode(notFound, "1.0.0"));

        var disposed = await Stack.AwsJsonAsync(["codeartifact", "dispose-package-versions", .. GenericCoordinates, "--versions", "1.0.0"]);
        Assert.Equal("Disposed", disposed.GetProperty("successfulVersions").GetProperty("1.0.0").GetProperty("status").GetString());
        var notAllowed = await Stack.AwsJsonAsync(["codeartifact", "update-package-versions-status", .. GenericCoordinates, "--versions", "1.0.0", "--target-status", "Published"]);
        Assert.Equal("NOT_ALLOWED", FailureCode(notAllowed, "1.0.0"));

        var deleted = await Stack.AwsJsonAsync(["codeartifact", "delete-package-versions", .. GenericCoordinates, "--versions", "1.0.0"]);
        Assert.Equal("Deleted", deleted.GetProperty("successfulVersions").GetProperty("1.0.0").GetProperty("status").GetString());

        var gone = await Stack.AwsAsync(["codeartifact", "describe-package-version", .. GenericCoordinates, "--package-version", "1.0.0"]);
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("ResourceNotFoundException", gone.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishPackageVersion_WhenTheSha256IsWrong_ShouldFailWithValidationExceptionAndStoreNothing()
    {
        await Stack.AwsJsonAsync("codeartifact", "create-domain", "--domain", Domain);
        await Stack.AwsJsonAsync("codeartifact", "create-repository", "--domain", Domain, "--repository", Repo);
        var archive = Work.File("secret-mission.tar.gz");
        await File.WriteAllTextAsync(archive, "not what the hash says");

        var result = await Stack.AwsAsync([
            "codeartifact", "publish-package-version", .. GenericCoordinates, "--package-version", "1.0.0",
            "--asset-content", archive, "--asset-name", "secret-mission.tar.gz", "--asset-sha256", new string('a', 64)]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("(ValidationException)", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("The provided content hashes do not match the calculated content hashes", result.StandardError, StringComparison.Ordinal);
        var list = await Stack.AwsAsync(["codeartifact", "list-package-versions", .. GenericCoordinates]);
        Assert.Contains("ResourceNotFoundException", list.StandardError, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(Stack.DataFolder, "blobs"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task PublishPackageVersion_WhenUnfinishedThenFinished_ShouldAddAssetsAndEndPublished()
    {
        await Stack.AwsJsonAsync("codeartifact", "create-domain", "--domain", Domain);
        await Stack.AwsJsonAsync("codeartifact", "create-repository", "--domain", Domain, "--repository", Repo);
        var first = Work.File("a.bin");
        var second = Work.File("b.bin");
        await File.WriteAllTextAsync(first, "first asset");
        await File.WriteAllTextAsync(second, "second asset");
        string Sha(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

        var a = await Stack.AwsJsonAsync(["codeartifact", "publish-package-version", .. GenericCoordinates, "--package-version", "2.0.0",
            "--asset-content", first, "--asset-name", "a.bin", "--asset-sha256", Sha(first), "--unfinished"]);
        Assert.Equal("Unfinished", a.GetProperty("status").GetString());
        var b = await Stack.AwsJsonAsync(["codeartifact", "publish-package-version", .. GenericCoordinates, "--package-version", "2.0.0",
            "--asset-content", second, "--asset-name", "b.bin", "--asset-sha256", Sha(second)]);
        Assert.Equal("Published", b.GetProperty("status").GetString());
        Assert.NotEqual(a.GetProperty("versionRevision").GetString(), b.GetProperty("versionRevision").GetString());

        var assets = await Stack.AwsJsonAsync(["codeartifact", "list-package-version-assets", .. GenericCoordinates, "--package-version", "2.0.0"]);
        Assert.Equal(["a.bin", "b.bin"], assets.GetProperty("assets").EnumerateArray().Select(x => x.GetProperty("name").GetString()!).ToArray());

        var third = await Stack.AwsAsync(["codeartifact", "publish-package-version", .. GenericCoordinates, "--package-version", "2.0.0",
            "--asset-content", first, "--asset-name", "c.bin", "--asset-sha256", Sha(first)]);
        Assert.Contains("(ConflictException)", third.StandardError, StringComparison.Ordinal);
    }

    private static string? FailureCode(JsonElement result, string version) =>
        result.GetProperty("failedVersions").GetProperty(version).GetProperty("errorCode").GetString();
}
