using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Governance.Local.Tests.Support;
using Governance.TestSupport;

namespace Governance.Local.Tests.Npm;

/// <summary>
/// Issue 15: the npm endpoint applies the shared input rules (InputRules.PublishTarget) before it stores anything.
/// Names and versions CodeArtifact's rules forbid are refused with 400 in npm's {"error": …} shape naming the field
/// and the rule, and nothing is written: no event in events.jsonl, no blob, no package.
/// </summary>
public sealed class NpmHostileNameTests() : LocalStackTestBase(Domain, Repository)
{
    private const string Domain = "nextwork";
    private const string Repository = "nextwork-devops-cicd";
    private static readonly string Long256 = new('a', 256);

    private string _endpoint = null!;
    private string _token = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _endpoint = await Stack.RepositoryEndpointAsync(Domain, Repository, "npm");
        _token = await Stack.AuthorizationTokenAsync(Domain);
    }

    public static TheoryData<string, string, string> HostileNames => new()
    {
        // path segment (percent-encoded as npm sends it), the field, the rule the message names
        { "bad%20name", "'package'", "[^#/\\s]+" },
        { "bad%2Fname", "'package'", "[^#/\\s]+" },
        { "%40scope%2Fbad%2Fname", "'package'", "[^#/\\s]+" },
        { "bad%23name", "'package'", "[^#/\\s]+" },
        { "%40bad%20scope%2Fname", "'namespace'", "[^#/\\s]+" },
        { Long256, "'package'", "length between 1 and 255" },
        { "%40scope%2F" + Long256, "'package'", "length between 1 and 255" },
        { "bad%01name", "'package'", "control character U+0001" },
        { "bad%7Fname", "'package'", "control character U+007F" },
        // Found by HostileNameProperties: an encoded "/-/" was once read as a tarball path and the part before it published.
        { "x%2F-%2Fy", "'package'", "[^#/\\s]+" },
    };

    [Theory]
    [MemberData(nameof(HostileNames))]
    public async Task NpmPublish_WhenThePackageNameBreaksTheInputRules_ShouldAnswer400NamingTheRuleAndStoreNothing(string segment, string field, string rule)
    {
        var before = Written();
        var (status, body) = await PutAsync(segment, "1.0.0");

        Assert.True(status == HttpStatusCode.BadRequest, $"{status}: {body}");
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()!;
        Assert.Contains(field, error, StringComparison.Ordinal);
        Assert.Contains(rule, error, StringComparison.Ordinal);
        Assert.Equal(before, Written());
        await AssertNoPackagesAsync();
    }

    public static TheoryData<string, string> HostileVersions => new()
    {
        // the version as a JSON string literal (the key of "versions"), the rule the message names
        { "1.0.0 beta", "[^#/\\s]+" },
        { "1.0.0/../x", "[^#/\\s]+" },
        { "1.0.0#frag", "[^#/\\s]+" },
        { "1.0.0\\t", "[^#/\\s]+" },
        { "1." + new string('0', 254), "length between 1 and 255" },
        { "1.0.0\\u0001", "control character U+0001" },
        { "1.0.0\\u0000", "control character U+0000" },
        { "1.0.0\\ud800", "unpaired surrogate" },
        { "1.0.0\\udc00x", "unpaired surrogate" },
    };

    [Theory]
    [MemberData(nameof(HostileVersions))]
    public async Task NpmPublish_WhenTheVersionBreaksTheInputRules_ShouldAnswer400NamingTheRuleAndStoreNothing(string versionLiteral, string rule)
    {
        var before = Written();
        var (status, body) = await PutAsync("hostile-version", versionLiteral);

        Assert.True(status == HttpStatusCode.BadRequest, $"{status}: {body}");
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()!;
        Assert.Contains("'packageVersion'", error, StringComparison.Ordinal);
        Assert.Contains(rule, error, StringComparison.Ordinal);
        Assert.Equal(before, Written());
        await AssertNoPackagesAsync();
    }

    /// <summary>npm publishes to the package's path: a PUT to a tarball path is refused and publishes nothing.</summary>
    [Fact]
    public async Task NpmPublish_WhenPutToATarballPath_ShouldBeRefusedAndStoreNothing()
    {
        var before = Written();
        var (status, body) = await PutAsync("real-name/-/real-name-1.0.0.tgz", "1.0.0");

        Assert.True(status == HttpStatusCode.MethodNotAllowed, $"{status}: {body}");
        Assert.Equal(before, Written());
        await AssertNoPackagesAsync();
    }

    /// <summary>A NUL in the path never reaches the endpoint: the HTTP server refuses it (400), and nothing is stored either.</summary>
    [Fact]
    public async Task NpmPublish_WhenThePathCarriesAnEncodedNul_ShouldAnswer400AndStoreNothing()
    {
        var before = Written();
        var (status, body) = await PutAsync("bad%00name", "1.0.0");

        Assert.True(status == HttpStatusCode.BadRequest, $"{status}: {body}");
        Assert.Equal(before, Written());
        await AssertNoPackagesAsync();
    }

    /// <summary>
    /// The real npm client: a 256-character name (npm itself only warns about names over 214 characters for old
    /// packages) reaches the endpoint and is refused with the rule named in npm's error output.
    /// </summary>
    [Fact]
    public async Task NpmCliPublish_WhenTheNameIsLongerThan255Characters_ShouldFailNamingTheRuleAndStoreNothing()
    {
        var before = Written();
        var package = Path.Combine(Work.Path, "long");
        await NpmClientEnvironment.WriteNpmrcAsync(package, _endpoint, _token);
        await File.WriteAllTextAsync(Path.Combine(package, "package.json"), $$"""{"name":"{{Long256}}","version":"1.0.0","license":"GPL-3.0-only"}""");
        await File.WriteAllTextAsync(Path.Combine(package, "index.js"), "module.exports = 1;\n");

        var publish = await ProcessRunner.RunAsync("npm", ["publish"], NpmClientEnvironment.For(package), package, TimeSpan.FromSeconds(90));

        Assert.True(publish.ExitCode != 0, publish.ToString());
        Assert.Contains("length between 1 and 255", publish.StandardError + publish.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(before, Written());
        await AssertNoPackagesAsync();
    }

    private (int Events, int Blobs) Written()
    {
        var events = Path.Combine(Stack.DataFolder, "events.jsonl");
        var blobs = Path.Combine(Stack.DataFolder, "blobs");
        return (File.Exists(events) ? File.ReadAllLines(events).Count(l => l.Length > 0) : 0,
            Directory.Exists(blobs) ? Directory.EnumerateFiles(blobs, "*", SearchOption.AllDirectories).Count() : 0);
    }

    private async Task AssertNoPackagesAsync()
    {
        var packages = await Stack.AwsJsonAsync("codeartifact", "list-packages", "--domain", Domain, "--repository", Repository);
        Assert.Equal(0, packages.GetProperty("packages").GetArrayLength());
    }

    /// <summary>PUT of a minimal npm publish document (one version, one tarball), as npm sends it.</summary>
    private async Task<(HttpStatusCode Status, string Body)> PutAsync(string segment, string versionLiteral)
    {
        var tarball = Convert.ToBase64String(Encoding.UTF8.GetBytes("not really a tarball, but bytes"));
        var json = "{\"name\":\"x\",\"versions\":{\"" + versionLiteral + "\":{\"name\":\"x\",\"version\":\"" + versionLiteral
            + "\",\"license\":\"GPL-3.0-only\"}},\"_attachments\":{\"x.tgz\":{\"content_type\":\"application/octet-stream\",\"data\":\"" + tarball + "\",\"length\":30}}}";
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(_endpoint + segment, UriKind.Absolute))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
