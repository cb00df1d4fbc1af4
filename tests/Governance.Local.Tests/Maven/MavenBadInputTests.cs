using System.Text;
using Governance.Cli.Local;
using Governance.Local.Tests.Support;

namespace Governance.Local.Tests.Maven;

/// <summary>One walkthrough stack (no build) for the bad-input tests; each test uses its own packages.</summary>
public sealed class BadInputStackFixture : IAsyncLifetime
{
    public MavenWalkthroughHarness Stack { get; private set; } = null!;

    public async Task InitializeAsync() => Stack = await MavenWalkthroughHarness.StartAsync();

    public async Task DisposeAsync() => await Stack.DisposeAsync();
}

/// <summary>
/// Requests no Maven client sends but an attacker or a broken script might, straight to the Maven endpoint with
/// HttpClient and Basic aws:{token}: each gets the README's status code and writes nothing (no event, no blob).
/// </summary>
public sealed class MavenBadInputTests(BadInputStackFixture fixture) : IClassFixture<BadInputStackFixture>
{
    private MavenWalkthroughHarness Stack => fixture.Stack;

    private string Repo => Stack.RepositoryPath;

    // User guide: "Use CodeArtifact with mvn" (the repository layout {group path}/{artifactId}/{version}/{file}).
    [Fact]
    public async Task MalformedPaths_ShouldAnswer400AndWriteNothing()
    {
        MavenPrerequisites.EnsureInstalled();
        string[] paths =
        [
            "/maven/nextwork-000000000000/nextwork-devops-cicd/onlyone",
            $"{Repo}commons-lang3/3.12.0/commons-lang3-3.12.0.pom",
            $"{Repo}maven-metadata.xml",
        ];

        await AssertAllAnswerAndWriteNothingAsync(paths, 400);
    }

    // User guide: "Use CodeArtifact with mvn"; the README: a segment with '..', an encoded slash or backslash, or a
    // control character answers 400 and never reaches the disk.
    [Fact]
    public async Task TraversalAndControlCharactersInASegment_ShouldAnswer400AndWriteNothing()
    {
        MavenPrerequisites.EnsureInstalled();
        string[] paths =
        [
            $"{Repo}junit/../junit/junit/4.13.2/junit-4.13.2.pom",
            $"{Repo}junit/%2e%2e/junit/junit/4.13.2/junit-4.13.2.pom",
            $"{Repo}junit/junit/4.13.2/..%2F..%2Fjunit-4.13.2.pom",
            $"{Repo}junit%2Fjunit/4.13.2/junit-4.13.2.pom",
            $"{Repo}junit/junit/4.13.2/..%5C..%5Cjunit-4.13.2.pom",
            $"{Repo}junit%5Cjunit/4.13.2/junit-4.13.2.pom",
        ];
        string[] nul =
        [
            $"{Repo}junit/junit/4.13.2%00/junit-4.13.2.pom",
            $"{Repo}junit/junit/4.13.2/junit-4.13.2.pom%00.jar",
        ];

        await AssertAllAnswerAndWriteNothingAsync([.. paths, .. nul], 400);
        foreach (var path in paths)
        {
            // The endpoint names the segment it refused (a NUL is refused by Kestrel before, with no body).
            var answer = await Stack.SendAsync(HttpMethod.Get, path);
            Assert.Contains("is not allowed", answer.Body, StringComparison.Ordinal);
        }

        await AssertNoPackageAsync("junit", "junit");
    }

    // Issue 15: the Maven PUT applies the shared input rules (InputRules.PublishTarget): CodeArtifact's model allows a
    // namespace, package and version of 1..255 characters matching [^#/\s]+, with no control character or unpaired
    // surrogate. Each hostile coordinate is refused with 400 and nothing is stored (no event, no blob, no package).
    [Fact]
    public async Task HostileCoordinatesOnPut_ShouldAnswer400NamingTheRuleAndWriteNothing()
    {
        MavenPrerequisites.EnsureInstalled();
        string[] segmentRule =
        [
            $"{Repo}com/hostile/bad%20name/1.0/bad%20name-1.0.jar",
            $"{Repo}com/hostile/bad%2Fname/1.0/bad%2Fname-1.0.jar",
            $"{Repo}com/hostile/bad%23name/1.0/bad%23name-1.0.jar",
            $"{Repo}com/hostile/bad%01name/1.0/bad%01name-1.0.jar",
            $"{Repo}com/hostile/lib/1.0%09/lib-1.0%09.jar",
            $"{Repo}com/hostile/lib/1.0%ED%A0%80/lib-1.0%ED%A0%80.jar",
            $"{Repo}com/hostile/lib/{new string('1', 256)}/lib-{new string('1', 256)}.jar",
        ];
        string[] nul = [$"{Repo}com/hostile/lib/1.0%00/lib-1.0%00.jar"];
        // 26 segments of 9 characters plus dots: every segment is fine, the groupId (the namespace) is 259 characters.
        var longGroup = string.Join('/', Enumerable.Range(0, 26).Select(i => $"group{i:D4}"));
        string[] sharedRule =
        [
            $"{Repo}{longGroup}/lib/1.0/lib-1.0.jar",
            $"{Repo}{longGroup}/lib/maven-metadata.xml",
        ];

        await AssertAllAnswerAndWriteNothingAsync([.. segmentRule, .. nul], 400);
        var written = (Stack.EventCount(), Stack.BlobCount());
        foreach (var path in segmentRule)
        {
            var answer = await Stack.SendAsync(HttpMethod.Put, path, Encoding.UTF8.GetBytes("bytes"));
            Assert.Contains("is not allowed", answer.Body, StringComparison.Ordinal);
        }

        foreach (var path in sharedRule)
        {
            var answer = await Stack.SendAsync(HttpMethod.Put, path, Encoding.UTF8.GetBytes("bytes"));
            Assert.True(answer.Status == 400, answer.ToString());
            Assert.Contains("at 'namespace' failed to satisfy constraint: Member must have length between 1 and 255", answer.Body, StringComparison.Ordinal);
        }

        Assert.Equal(written, (Stack.EventCount(), Stack.BlobCount()));
        await AssertNoPackageAsync("com.hostile", "lib");
    }

    // User guide: "Using Maven checksums": a checksum that does not match the uploaded file stops the publish.
    [Fact]
    public async Task ChecksumThatDoesNotMatchTheUploadedJar_ShouldAnswer400AndLeaveTheVersionUnfinished()
    {
        MavenPrerequisites.EnsureInstalled();
        var jar = $"{Repo}com/nextwork/app/checked-lib/1.0/checked-lib-1.0.jar";
        var uploaded = await Stack.SendAsync(HttpMethod.Put, jar, Encoding.UTF8.GetBytes("not really a jar, but bytes to check"));
        Assert.True(uploaded.Status == 201, uploaded.ToString());
        var (events, blobs) = (Stack.EventCount(), Stack.BlobCount());

        var mismatch = await Stack.SendAsync(HttpMethod.Put, jar + ".sha1", Encoding.ASCII.GetBytes(new string('a', 40)));

        Assert.True(mismatch.Status == 400, mismatch.ToString());
        Assert.Equal((events, blobs), (Stack.EventCount(), Stack.BlobCount()));
        var version = await Stack.AwsJsonAsync([
            "codeartifact", "describe-package-version", .. MavenWalkthroughHarness.Coordinates(MavenWalkthroughHarness.Repository, "com.nextwork.app", "checked-lib"),
            "--package-version", "1.0"]);
        Assert.Equal("Unfinished", version.GetProperty("packageVersion").GetProperty("status").GetString());
        var download = await Stack.SendAsync(HttpMethod.Get, jar);
        Assert.True(download.Status == 404, download.ToString());
    }

    // User guide: "Packages overview" (publishing a version a reachable upstream or public registry has is refused)
    // and "Editing package origin controls" (a package that arrived from upstream has publish BLOCK).
    [Fact]
    public async Task PublishOverUpstream_ShouldAnswer409BeforeAFetchAnd403ForANewVersionAfterIt()
    {
        MavenPrerequisites.EnsureInstalled();
        var pomPath = $"{Repo}org/apache/commons/commons-lang3/3.12.0/commons-lang3-3.12.0.pom";
        var pom = await File.ReadAllBytesAsync(Path.Combine(MavenPrerequisites.DebianRepositoryFolder, "org/apache/commons/commons-lang3/3.12.0/commons-lang3-3.12.0.pom"));
        var (events, blobs) = (Stack.EventCount(), Stack.BlobCount());

        var shadowing = await Stack.SendAsync(HttpMethod.Put, pomPath, pom);

        Assert.True(shadowing.Status == 409, shadowing.ToString());
        Assert.Equal((events, blobs), (Stack.EventCount(), Stack.BlobCount()));
        await AssertNoPackageAsync("org.apache.commons", "commons-lang3");

        var fetched = await Stack.SendAsync(HttpMethod.Get, pomPath);
        Assert.True(fetched.Status == 200, fetched.ToString());
        Assert.Equal(Encoding.UTF8.GetString(pom), fetched.Body);
        (events, blobs) = (Stack.EventCount(), Stack.BlobCount());

        var newPom = Encoding.UTF8.GetBytes("""
            <project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
              <groupId>org.apache.commons</groupId><artifactId>commons-lang3</artifactId><version>99.0</version>
            </project>
            """);
        var blockedPom = await Stack.SendAsync(HttpMethod.Put, $"{Repo}org/apache/commons/commons-lang3/99.0/commons-lang3-99.0.pom", newPom);
        var blockedJar = await Stack.SendAsync(HttpMethod.Put, $"{Repo}org/apache/commons/commons-lang3/99.0/commons-lang3-99.0.jar", Encoding.UTF8.GetBytes("jar"));

        Assert.True(blockedPom.Status == 403, blockedPom.ToString());
        Assert.True(blockedJar.Status == 403, blockedJar.ToString());
        Assert.Equal((events, blobs), (Stack.EventCount(), Stack.BlobCount()));
        var versions = await Stack.AwsJsonAsync([
            "codeartifact", "list-package-versions", .. MavenWalkthroughHarness.Coordinates(MavenWalkthroughHarness.Repository, "org.apache.commons", "commons-lang3")]);
        Assert.Equal(["3.12.0"], versions.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetString()!).ToArray());
    }

    // User guide: "Requesting a package version with upstream repositories" (a version found nowhere is not found).
    [Fact]
    public async Task ArtifactThatExistsNowhere_ShouldAnswer404AndCreateNoPackage()
    {
        MavenPrerequisites.EnsureInstalled();
        string[] paths = [$"{Repo}com/example/nowhere/1.0/nowhere-1.0.jar", $"{Repo}com/example/nowhere/1.0/nowhere-1.0.pom.sha1"];

        await AssertAllAnswerAndWriteNothingAsync(paths, 404, put: false);
        await AssertNoPackageAsync("com.example", "nowhere");
    }

    // User guide: "Use CodeArtifact with mvn" (settings.xml's server: user aws, the authorization token as password)
    // and "AWS CodeArtifact authentication and tokens" (a token is for one domain).
    [Fact]
    public async Task Credentials_MissingWrongOrOfAnotherDomain_ShouldAnswer401WithABasicChallengeAndWriteNothing()
    {
        MavenPrerequisites.EnsureInstalled();
        await Stack.AwsJsonAsync("codeartifact", "create-domain", "--domain", "other-domain");
        var otherToken = await Stack.Harness.AuthorizationTokenAsync("other-domain");
        Assert.NotEqual(Stack.Token, otherToken);
        var pom = $"{Repo}commons-io/commons-io/debian/commons-io-debian.pom";
        var jar = $"{Repo}com/nextwork/app/unauthorized-lib/1.0/unauthorized-lib-1.0.jar";
        var (events, blobs) = (Stack.EventCount(), Stack.BlobCount());

        foreach (var (token, what) in new[] { ((string?)null, "no credentials"), ("not-a-token", "a wrong token"), (otherToken, "another domain's token") })
        {
            var read = await Stack.SendAsync(HttpMethod.Get, pom, token: token);
            Assert.True(read.Status == 401, $"GET with {what}: {read}");
            Assert.StartsWith("Basic", read.WwwAuthenticate, StringComparison.OrdinalIgnoreCase);
            var write = await Stack.SendAsync(HttpMethod.Put, jar, Encoding.UTF8.GetBytes("jar bytes"), token: token);
            Assert.True(write.Status == 401, $"PUT with {what}: {write}");
        }

        Assert.Equal((events, blobs), (Stack.EventCount(), Stack.BlobCount()));
        await AssertNoPackageAsync("commons-io", "commons-io");
        await AssertNoPackageAsync("com.nextwork.app", "unauthorized-lib");
    }

    private async Task AssertAllAnswerAndWriteNothingAsync(IEnumerable<string> paths, int status, bool put = true)
    {
        var (events, blobs) = (Stack.EventCount(), Stack.BlobCount());
        var body = Encoding.UTF8.GetBytes("<project><modelVersion>4.0.0</modelVersion></project>");
        var wrong = new List<string>();
        foreach (var path in paths)
        {
            var methods = put ? new[] { HttpMethod.Get, HttpMethod.Head, HttpMethod.Put } : [HttpMethod.Get, HttpMethod.Head];
            foreach (var method in methods)
            {
                var answer = await Stack.SendAsync(method, path, method == HttpMethod.Put ? body : null);
                if (answer.Status != status)
                {
                    wrong.Add($"{method} {path} → {answer}");
                }
            }
        }

        Assert.True(wrong.Count == 0, $"expected {status}:\n{string.Join('\n', wrong)}");
        Assert.Equal((events, blobs), (Stack.EventCount(), Stack.BlobCount()));
    }

    private async Task AssertNoPackageAsync(string groupId, string artifactId)
    {
        foreach (var repository in new[] { MavenWalkthroughHarness.Repository, MavenWalkthroughHarness.Store })
        {
            var described = await Stack.AwsAsync(["codeartifact", "describe-package", .. MavenWalkthroughHarness.Coordinates(repository, groupId, artifactId)]);
            Assert.True(described.ExitCode != 0 && described.StandardError.Contains("ResourceNotFoundException", StringComparison.Ordinal),
                $"{groupId}:{artifactId} exists in {repository}: {described}");
        }
    }
}
