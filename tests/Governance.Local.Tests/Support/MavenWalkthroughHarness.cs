using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Governance.Cli.Local;
using Governance.Local.Tests.Support;
using Governance.TestSupport;

namespace Governance.Local.Tests.Support;

/// <summary>One Maven artifact version, as its path on a Maven endpoint names it.</summary>
public sealed record MavenVersion(string GroupId, string ArtifactId, string Version)
{
    public string GroupPath => GroupId.Replace('.', '/');

    public override string ToString() => $"{GroupId}:{ArtifactId}:{Version}";
}

/// <summary>What the Maven endpoint answered: status, body, and the WWW-Authenticate challenge (empty when none).</summary>
public sealed record MavenResponse(int Status, string Body, string WwwAuthenticate)
{
    public override string ToString() => $"{Status}: {Body}";
}

/// <summary>
/// A local stack set up as the CodeArtifact Maven walkthrough sets it up, with the real aws CLI and its verbatim
/// commands (create-domain, maven-central-store with public:maven-central, nextwork-devops-cicd with it as upstream,
/// get-repository-endpoint, get-authorization-token), plus the walkthrough's Maven project pointed at the endpoint,
/// an HTTP client with the Maven credentials, and readers for events.jsonl and the blob store.
/// </summary>
public sealed class MavenWalkthroughHarness : IAsyncDisposable
{
    public const string Domain = "nextwork";
    public const string Owner = "000000000000";
    public const string Repository = "nextwork-devops-cicd";
    public const string Store = "maven-central-store";
    public const string Connection = "public:maven-central";

    private readonly TempFolder _work;

    private MavenWalkthroughHarness(LocalStackHarness harness, TempFolder work, string endpoint, string token)
    {
        Harness = harness;
        _work = work;
        Endpoint = endpoint;
        Token = token;
        Project = new MavenWalkthroughProject(work.File("nextwork-web-project"), new Uri(endpoint), token, work.File("m2"), Domain, Repository)
        {
            Timeout = TimeSpan.FromMinutes(4),
        };
        Http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
    }

    public LocalStackHarness Harness { get; }

    /// <summary>What get-repository-endpoint --format maven returned for nextwork-devops-cicd (ends with '/').</summary>
    public string Endpoint { get; }

    public string Token { get; }

    public MavenWalkthroughProject Project { get; }

    public HttpClient Http { get; }

    public string EventLogPath => Path.Combine(Harness.DataFolder, "events.jsonl");

    public static async Task<MavenWalkthroughHarness> StartAsync()
    {
        var harness = await LocalStackHarness.StartAsync();
        var work = new TempFolder();
        try
        {
            await harness.AwsJsonAsync("codeartifact", "create-domain", "--domain", Domain);
            await harness.AwsJsonAsync("codeartifact", "create-repository", "--domain", Domain, "--repository", Store);
            await harness.AwsJsonAsync("codeartifact", "associate-external-connection", "--domain", Domain, "--repository", Store, "--external-connection", Connection);
            await harness.AwsJsonAsync("codeartifact", "create-repository", "--domain", Domain, "--repository", Repository, "--upstreams", $"repositoryName={Store}");
            var endpoint = await harness.RepositoryEndpointAsync(Domain, Repository, "maven");
            var token = await harness.AuthorizationTokenAsync(Domain);
            var stack = new MavenWalkthroughHarness(harness, work, endpoint, token);
            await stack.Project.WriteAsync(CancellationToken.None);
            return stack;
        }
        catch
        {
            await harness.DisposeAsync();
            work.Dispose();
            throw;
        }
    }

    /// <summary>mvn with the walkthrough's settings.xml, from an empty local repository when <paramref name="wipe"/>.</summary>
    public Task<MavenRunResult> BuildAsync(string goal = "compile", bool wipe = true)
    {
        if (wipe)
        {
            Project.WipeLocalRepository();
        }

        return Project.RunGoalsAsync([goal], CancellationToken.None);
    }

    public static void AssertSucceeded(MavenRunResult result) =>
        Assert.True(result.Succeeded, $"mvn exited {result.ExitCode}; its last output:\n{Tail(result.Output)}");

    public static void AssertFailed(MavenRunResult result) =>
        Assert.False(result.Succeeded, $"mvn was expected to fail but succeeded; its last output:\n{Tail(result.Output)}");

    public static string Tail(string output, int lines = 60) => string.Join('\n', output.Split('\n').TakeLast(lines));

    /// <summary>The artifact version a Downloaded URL names; the URL must be on this stack's Maven endpoint.</summary>
    public MavenVersion ParseDownload(string url)
    {
        Assert.StartsWith(Endpoint, url, StringComparison.Ordinal);
        var segments = url[Endpoint.Length..].Split('/');
        Assert.True(segments.Length >= 4, $"{url} does not name group/artifact/version/file");
        return new MavenVersion(string.Join('.', segments[..^3]), segments[^3], segments[^2]);
    }

    public Task<JsonElement> AwsJsonAsync(params string[] args) => Harness.AwsJsonAsync(args);

    public Task<ProcessResult> AwsAsync(params string[] args) => Harness.AwsAsync(args);

    public static string[] Coordinates(string repository, MavenVersion version) =>
        ["--domain", Domain, "--repository", repository, "--format", "maven", "--namespace", version.GroupId, "--package", version.ArtifactId];

    public static string[] Coordinates(string repository, string groupId, string artifactId) =>
        ["--domain", Domain, "--repository", repository, "--format", "maven", "--namespace", groupId, "--package", artifactId];

    public IReadOnlyList<JsonElement> Events() =>
        File.Exists(EventLogPath)
            ? File.ReadAllLines(EventLogPath).Where(line => line.Length > 0).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList()
            : [];

    public int EventCount() => File.Exists(EventLogPath) ? File.ReadAllLines(EventLogPath).Count(line => line.Length > 0) : 0;

    /// <summary>Every file under {data}/blobs (content is stored there by hash).</summary>
    public int BlobCount()
    {
        var blobs = Path.Combine(Harness.DataFolder, "blobs");
        return Directory.Exists(blobs) ? Directory.EnumerateFiles(blobs, "*", SearchOption.AllDirectories).Count() : 0;
    }

    /// <summary>The Maven endpoint's URL for a path under the repository, kept byte for byte (no dot-segment removal, no unescaping).</summary>
    public Uri RawUri(string pathAndQuery) =>
        new(Harness.Endpoint + pathAndQuery, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

    /// <summary>
    /// One request to the Maven endpoint: <paramref name="path"/> is sent as written. Credentials are HTTP Basic
    /// aws:{token}, this stack's token by default; null sends none.
    /// </summary>
    public async Task<MavenResponse> SendAsync(HttpMethod method, string path, byte[]? body = null, string? token = "")
    {
        using var request = new HttpRequestMessage(method, RawUri(path));
        var credential = token == "" ? Token : token;
        if (credential is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"aws:{credential}")));
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
        }

        using var response = await Http.SendAsync(request);
        return new MavenResponse((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.WwwAuthenticate.ToString());
    }

    /// <summary>The repository's path on the endpoint (<c>/maven/nextwork-000000000000/nextwork-devops-cicd/</c>).</summary>
    public string RepositoryPath => new Uri(Endpoint).AbsolutePath;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Harness.DisposeAsync();
        _work.Dispose();
    }
}
