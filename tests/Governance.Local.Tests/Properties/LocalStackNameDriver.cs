using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Governance.Core.Tests.Properties;
using Governance.Local.Tests.Support;
using Governance.TestSupport;

namespace Governance.Local.Tests.Properties;

/// <summary>One HTTP answer: status, the restJson1 error type (when there is one) and the body.</summary>
public sealed record Answer(HttpStatusCode Status, string? ErrorType, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public override string ToString() => $"{(int)Status} {ErrorType} {TestText.Show(Text.Length > 300 ? Text[..300] : Text)}";
}

/// <summary>
/// Sends a package name to the local stack the way each format's client does: PublishPackageVersion and the read
/// operations with the SigV4-signed client (generic, and the API reads for every format), the npm publish document
/// with the bearer token, the Maven PUT with Basic aws:{token}, and the pypi and nuget repository paths.
/// </summary>
public sealed class LocalStackNameDriver(LocalStackHarness stack, string domain, string repository, string token, string repositoryPathBase) : IDisposable
{
    private readonly RawAwsClient _api = new(new Uri(stack.Endpoint));
    private readonly HttpClient _http = new() { BaseAddress = new Uri(stack.Endpoint), Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Creates the domain and repository with the real aws CLI and a driver for them, with the domain's token.</summary>
    public static async Task<LocalStackNameDriver> CreateAsync(LocalStackHarness stack, string domain, string repository)
    {
        ArgumentNullException.ThrowIfNull(stack);
        await stack.AwsJsonAsync("codeartifact", "create-domain", "--domain", domain);
        await stack.AwsJsonAsync("codeartifact", "create-repository", "--domain", domain, "--repository", repository);
        var npm = await stack.RepositoryEndpointAsync(domain, repository, "npm");
        var token = await stack.AuthorizationTokenAsync(domain);
        return new LocalStackNameDriver(stack, domain, repository, token, new Uri(npm).AbsolutePath);
    }

    /// <summary>The repository's endpoint path for a format, e.g. <c>/npm/dom-111122223333/repo/</c>.</summary>
    public string RepositoryPath(string format) => repositoryPathBase.Replace("/npm/", $"/{format}/", StringComparison.Ordinal);

    private string Coordinates(string format, string? ns, string package) =>
        $"domain={domain}&repository={repository}&format={HostileNames.Encode(format)}{(ns is null ? "" : "&namespace=" + HostileNames.Encode(ns))}&package={HostileNames.Encode(package)}";

    public async Task<Answer> PublishGenericAsync(string ns, string package, string version, byte[] content)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return await ApiAsync(HttpMethod.Post, $"/v1/package/version/publish?{Coordinates("generic", ns, package)}&version={HostileNames.Encode(version)}&asset=asset.bin", body, sha);
    }

    public Task<Answer> GetAssetAsync(string format, string? ns, string package, string version, string asset) =>
        ApiAsync(HttpMethod.Get, $"/v1/package/version/asset?{Coordinates(format, ns, package)}&version={HostileNames.Encode(version)}&asset={HostileNames.Encode(asset)}", null, RawAwsClient.EmptySha256);

    public Task<Answer> DescribeVersionAsync(string format, string? ns, string package, string version) =>
        ApiAsync(HttpMethod.Get, $"/v1/package/version?{Coordinates(format, ns, package)}&version={HostileNames.Encode(version)}", null, RawAwsClient.EmptySha256);

    /// <summary>The npm publish document npm sends: one version, its tarball as an attachment.</summary>
    public async Task<Answer> PublishNpmAsync(string package, string version, byte[] tarball)
    {
        var name = TestText.JsonLiteral(package);
        var v = TestText.JsonLiteral(version);
        var json = "{\"name\":" + name + ",\"versions\":{" + v + ":{\"name\":" + name + ",\"version\":" + v + ",\"license\":\"MIT\"}},"
            + "\"_attachments\":{\"package.tgz\":{\"content_type\":\"application/octet-stream\",\"data\":\"" + Convert.ToBase64String(tarball)
            + "\",\"length\":" + tarball.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}}}";
        using var request = new HttpRequestMessage(HttpMethod.Put, RepositoryPath("npm") + HostileNames.Encode(package))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await SendAsync(request);
    }

    /// <summary>A Maven PUT of <c>{group}/{artifact}/{version}/{artifact}-{version}.jar</c>, each segment percent-encoded.</summary>
    public async Task<Answer> PutMavenAsync(string group, string artifact, string version, byte[] jar)
    {
        var path = $"{string.Join('/', group.Split('.').Select(HostileNames.Encode))}/{HostileNames.Encode(artifact)}/{HostileNames.Encode(version)}/{HostileNames.Encode($"{artifact}-{version}.jar")}";
        using var request = new HttpRequestMessage(HttpMethod.Put, RepositoryPath("maven") + path) { Content = new ByteArrayContent(jar) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("aws:" + token)));
        return await SendAsync(request);
    }

    /// <summary>A GET of a path under a format's repository endpoint, with the token as pip and dotnet send it.</summary>
    public async Task<Answer> GetRepositoryPathAsync(string format, string rest)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, RepositoryPath(format) + rest);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("aws:" + token)));
        return await SendAsync(request);
    }

    private async Task<Answer> ApiAsync(HttpMethod method, string pathAndQuery, HttpContent? content, string payloadHash)
    {
        using var response = await _api.SendAsync(method, pathAndQuery, content, payloadHash);
        return await ReadAsync(response);
    }

    private async Task<Answer> SendAsync(HttpRequestMessage request)
    {
        using var response = await _http.SendAsync(request);
        return await ReadAsync(response);
    }

    private static async Task<Answer> ReadAsync(HttpResponseMessage response)
    {
        var type = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.FirstOrDefault() : null;
        return new Answer(response.StatusCode, type, await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>The JSON string at <paramref name="property"/> of a packageVersion description, decoded.</summary>
    public static string? VersionProperty(Answer described, string property) =>
        JsonDocument.Parse(described.Body).RootElement.GetProperty("packageVersion").TryGetProperty(property, out var value) ? value.GetString() : null;

    public void Dispose()
    {
        _api.Dispose();
        _http.Dispose();
    }
}
