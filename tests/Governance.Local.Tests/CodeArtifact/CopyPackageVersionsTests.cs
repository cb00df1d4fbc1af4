using System.Security.Cryptography;
using System.Text.Json;
using Governance.Local.Tests.Support;
using Governance.TestSupport;

namespace Governance.Local.Tests.CodeArtifact;

/// <summary>
/// Issue 14, point 2: CopyPackageVersions with the real aws CLI against the local stack, as the user guide's
/// "Copy packages between repositories" (https://docs.aws.amazon.com/codeartifact/latest/ug/copy-package.html) and
/// the API reference (https://docs.aws.amazon.com/codeartifact/latest/APIReference/API_CopyPackageVersions.html) describe it.
/// </summary>
public sealed class CopyPackageVersionsTests() : LocalStackTestBase(Domain, Source, Destination)
{
    private const string Domain = "promote";
    private const string Source = "staging";
    private const string Destination = "release";

    // copy-package.html, "Copy package versions": both versions listed in successfulVersions with revision and status;
    // the destination emits its own package version events (user guide, "CodeArtifact events").
    [Fact]
    public async Task Copy_ShouldKeepStatusRevisionAndBytes_AndEmitCreatedEventsInTheDestination()
    {
        var first = await PublishAsync(Source, "tool", "1.0.0", "first build");
        await PublishAsync(Source, "tool", "2.0.0", "second build");
        await Stack.AwsJsonAsync("codeartifact", "update-package-versions-status", "--domain", Domain, "--repository", Source,
            "--format", "generic", "--namespace", "team", "--package", "tool", "--versions", "2.0.0", "--target-status", "Archived");
        var sourceRevisions = await RevisionsAsync(Source, "tool");
        var eventsBefore = Events.Count;

        var copied = await CopyAsync("tool", "--versions", "1.0.0", "2.0.0");

        var successful = copied.GetProperty("successfulVersions");
        Assert.Empty(copied.GetProperty("failedVersions").EnumerateObject());
        Assert.Equal(("Published", sourceRevisions["1.0.0"]), (successful.GetProperty("1.0.0").GetProperty("status").GetString(), successful.GetProperty("1.0.0").GetProperty("revision").GetString()));
        Assert.Equal(("Archived", sourceRevisions["2.0.0"]), (successful.GetProperty("2.0.0").GetProperty("status").GetString(), successful.GetProperty("2.0.0").GetProperty("revision").GetString()));
        Assert.Equal(sourceRevisions.OrderBy(p => p.Key, StringComparer.Ordinal), (await RevisionsAsync(Destination, "tool")).OrderBy(p => p.Key, StringComparer.Ordinal));

        var downloaded = Work.File("copied.bin");
        await Stack.AwsJsonAsync("codeartifact", "get-package-version-asset", "--domain", Domain, "--repository", Destination, "--format", "generic",
            "--namespace", "team", "--package", "tool", "--package-version", "1.0.0", "--asset", "a.bin", downloaded);
        Assert.Equal(await File.ReadAllBytesAsync(first), await File.ReadAllBytesAsync(downloaded));

        var details = (await WaitForEventsAsync(eventsBefore + 2)).Skip(eventsBefore).Select(e => JsonDocument.Parse(e).RootElement.GetProperty("detail")).ToList();
        Assert.All(details, d =>
        {
            Assert.Equal(Destination, d.GetProperty("repositoryName").GetString());
            Assert.Equal("Created", d.GetProperty("operationType").GetString());
        });
        Assert.Equal(["1.0.0", "2.0.0"], details.Select(d => d.GetProperty("packageVersion").GetString()!).Order(StringComparer.Ordinal).ToArray());
    }

    // The model's CopyPackageVersionsRequest: "You must specify versions or versionRevisions. You cannot specify both."
    [Fact]
    public async Task Copy_WithBothOrNeitherOfVersionsAndVersionRevisions_ShouldBeAValidationException()
    {
        var revision = (await PublishAndDescribeAsync("tool", "1.0.0")).GetProperty("revision").GetString()!;

        var both = await CopyRawAsync("tool", "--versions", "1.0.0", "--version-revisions", $"1.0.0={revision}");
        var neither = await CopyRawAsync("tool");

        Assert.True(both.ExitCode != 0, both.ToString());
        Assert.Contains("(ValidationException)", both.StandardError, StringComparison.Ordinal);
        Assert.True(neither.ExitCode != 0, neither.ToString());
        Assert.Contains("(ValidationException)", neither.StandardError, StringComparison.Ordinal);
    }

    // copy-package.html, "Versions that do not exist in the source repository": NOT_FOUND, the others SKIPPED, nothing copied.
    [Fact]
    public async Task Copy_WhenAVersionIsMissingInTheSource_ShouldFailItNotFoundSkipTheOthersAndCopyNothing()
    {
        await PublishAsync(Source, "array-unique", "0.2.0", "x");

        var copied = await CopyAsync("array-unique", "--versions", "0.2.0", "5.6.7");

        Assert.Empty(copied.GetProperty("successfulVersions").EnumerateObject());
        Assert.Equal("SKIPPED", copied.GetProperty("failedVersions").GetProperty("0.2.0").GetProperty("errorCode").GetString());
        Assert.Equal("NOT_FOUND", copied.GetProperty("failedVersions").GetProperty("5.6.7").GetProperty("errorCode").GetString());
        var list = await Stack.AwsAsync(["codeartifact", "list-package-versions", "--domain", Domain, "--repository", Destination,
            "--format", "generic", "--namespace", "team", "--package", "array-unique"]);
        Assert.Contains("(ResourceNotFoundException)", list.StandardError, StringComparison.Ordinal);
    }

    // copy-package.html, "Versions that already exist in the destination repository": identical → idempotent and not
    // listed; different → ALREADY_EXISTS with the others SKIPPED; --allow-overwrite replaces it.
    [Fact]
    public async Task Copy_WhenTheDestinationHasTheVersion_ShouldBeIdempotentWhenIdenticalAndNeedAllowOverwriteWhenNot()
    {
        await PublishAsync(Source, "lib", "0.2.1", "same");
        await PublishAsync(Destination, "lib", "0.2.1", "same");
        await PublishAsync(Source, "lib", "0.2.0", "new");
        await PublishAsync(Source, "lib", "0.3.2", "source content");
        await PublishAsync(Destination, "lib", "0.3.2", "destination content");

        var idempotent = await CopyAsync("lib", "--versions", "0.2.1", "0.2.0");
        var conflicting = await CopyAsync("lib", "--versions", "0.3.2", "0.2.1");
        var overwritten = await CopyAsync("lib", "--versions", "0.3.2", "--allow-overwrite");

        Assert.Equal(["0.2.0"], idempotent.GetProperty("successfulVersions").EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Empty(idempotent.GetProperty("failedVersions").EnumerateObject());
        Assert.Empty(conflicting.GetProperty("successfulVersions").EnumerateObject());
        Assert.Equal("ALREADY_EXISTS", conflicting.GetProperty("failedVersions").GetProperty("0.3.2").GetProperty("errorCode").GetString());
        Assert.DoesNotContain(conflicting.GetProperty("failedVersions").EnumerateObject(), p => p.Name == "0.2.1");
        Assert.Equal("Published", overwritten.GetProperty("successfulVersions").GetProperty("0.3.2").GetProperty("status").GetString());
        var downloaded = Work.File("overwritten.bin");
        await Stack.AwsJsonAsync("codeartifact", "get-package-version-asset", "--domain", Domain, "--repository", Destination, "--format", "generic",
            "--namespace", "team", "--package", "lib", "--package-version", "0.3.2", "--asset", "a.bin", downloaded);
        Assert.Equal("source content", await File.ReadAllTextAsync(downloaded));
    }

    // copy-package.html, "Specifying a package version revision": the copy succeeds only if the source revision matches.
    [Fact]
    public async Task Copy_WithVersionRevisions_ShouldCopyOnlyAMatchingRevisionAndOtherwiseReportMismatchedRevision()
    {
        var revision = (await PublishAndDescribeAsync("pinned", "0.3.2")).GetProperty("revision").GetString()!;
        await PublishAsync(Source, "pinned", "0.3.13", "other");

        var mismatched = await CopyAsync("pinned", "--version-revisions", $"0.3.2={revision},0.3.13=not-the-revision");
        var matched = await CopyAsync("pinned", "--version-revisions", $"0.3.2={revision}");

        Assert.Equal("MISMATCHED_REVISION", mismatched.GetProperty("failedVersions").GetProperty("0.3.13").GetProperty("errorCode").GetString());
        Assert.Equal("SKIPPED", mismatched.GetProperty("failedVersions").GetProperty("0.3.2").GetProperty("errorCode").GetString());
        Assert.Equal(revision, matched.GetProperty("successfulVersions").GetProperty("0.3.2").GetProperty("revision").GetString());
    }

    // copy-package.html, "Copy a package from upstream repositories": --include-from-upstream also looks in the
    // source's upstream repositories; without it only the source repository is searched.
    [Fact]
    public async Task Copy_FromAnUpstreamOfTheSource_ShouldNeedIncludeFromUpstream()
    {
        await Stack.AwsJsonAsync("codeartifact", "create-repository", "--domain", Domain, "--repository", "base");
        await Stack.AwsJsonAsync("codeartifact", "update-repository", "--domain", Domain, "--repository", Source, "--upstreams", "repositoryName=base");
        await PublishAsync("base", "shared", "1.0.0", "from base");

        var without = await CopyAsync("shared", "--versions", "1.0.0");
        var with = await CopyAsync("shared", "--versions", "1.0.0", "--include-from-upstream");

        Assert.Equal("NOT_FOUND", without.GetProperty("failedVersions").GetProperty("1.0.0").GetProperty("errorCode").GetString());
        Assert.Equal("Published", with.GetProperty("successfulVersions").GetProperty("1.0.0").GetProperty("status").GetString());
        var described = (await Stack.AwsJsonAsync("codeartifact", "describe-package-version", "--domain", Domain, "--repository", Destination,
            "--format", "generic", "--namespace", "team", "--package", "shared", "--package-version", "1.0.0")).GetProperty("packageVersion");
        Assert.Equal("base", described.GetProperty("origin").GetProperty("domainEntryPoint").GetProperty("repositoryName").GetString());
    }

    // API reference, PackageVersionError: NOT_ALLOWED when the version may not be copied — here a disposed source
    // version (no assets left) and a destination whose origin configuration blocks publishing the package.
    [Fact]
    public async Task Copy_WhenTheSourceIsDisposedOrTheDestinationBlocksPublishing_ShouldBeNotAllowed()
    {
        await PublishAsync(Source, "gone", "1.0.0", "x");
        await Stack.AwsJsonAsync("codeartifact", "dispose-package-versions", "--domain", Domain, "--repository", Source,
            "--format", "generic", "--namespace", "team", "--package", "gone", "--versions", "1.0.0");
        await PublishAsync(Source, "guarded", "1.0.0", "y");
        await Stack.AwsJsonAsync("codeartifact", "put-package-origin-configuration", "--domain", Domain, "--repository", Destination,
            "--format", "generic", "--namespace", "team", "--package", "guarded", "--restrictions", "publish=BLOCK,upstream=ALLOW");

        var disposed = await CopyAsync("gone", "--versions", "1.0.0");
        var blocked = await CopyAsync("guarded", "--versions", "1.0.0");

        Assert.Equal("NOT_ALLOWED", disposed.GetProperty("failedVersions").GetProperty("1.0.0").GetProperty("errorCode").GetString());
        Assert.Equal("NOT_ALLOWED", blocked.GetProperty("failedVersions").GetProperty("1.0.0").GetProperty("errorCode").GetString());
    }

    private Task<ProcessResult> CopyRawAsync(string package, params string[] extra) =>
        Stack.AwsAsync(["codeartifact", "copy-package-versions", "--domain", Domain, "--source-repository", Source, "--destination-repository", Destination,
            "--format", "generic", "--namespace", "team", "--package", package, .. extra]);

    private async Task<JsonElement> CopyAsync(string package, params string[] extra)
    {
        var result = await CopyRawAsync(package, extra);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.StandardOutput).RootElement.Clone();
    }

    private async Task<string> PublishAsync(string repository, string package, string version, string text)
    {
        var content = Work.File($"{repository}-{package}-{version}.bin");
        await File.WriteAllTextAsync(content, text);
        var sha = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(content)));
        await Stack.AwsJsonAsync("codeartifact", "publish-package-version", "--domain", Domain, "--repository", repository, "--format", "generic",
            "--namespace", "team", "--package", package, "--package-version", version, "--asset-content", content, "--asset-name", "a.bin", "--asset-sha256", sha);
        return content;
    }

    private async Task<JsonElement> PublishAndDescribeAsync(string package, string version)
    {
        await PublishAsync(Source, package, version, package + version);
        return (await Stack.AwsJsonAsync("codeartifact", "describe-package-version", "--domain", Domain, "--repository", Source,
            "--format", "generic", "--namespace", "team", "--package", package, "--package-version", version)).GetProperty("packageVersion");
    }

    private async Task<Dictionary<string, string>> RevisionsAsync(string repository, string package)
    {
        var list = await Stack.AwsJsonAsync("codeartifact", "list-package-versions", "--domain", Domain, "--repository", repository,
            "--format", "generic", "--namespace", "team", "--package", package);
        return list.GetProperty("versions").EnumerateArray().ToDictionary(v => v.GetProperty("version").GetString()!, v => v.GetProperty("revision").GetString()!, StringComparer.Ordinal);
    }
}
