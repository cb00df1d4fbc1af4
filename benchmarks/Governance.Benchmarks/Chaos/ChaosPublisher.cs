using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Governance.Aws.CodeArtifact;
using Governance.Aws.CodeArtifact.Model;
using Governance.Cli.Demo;

namespace Governance.Benchmarks.Chaos;

/// <summary>
/// Publishes into the chaos stack the way a persistent client does: through the CodeArtifact API (generic) or the
/// repository's npm endpoint, repeating a request that failed for a transient reason — a throttle, a 5xx, or the
/// stack being down because it was just killed — against whatever endpoint the stack listens on now. A refusal
/// (400, ValidationException) is an answer, not a failure: it is returned, never retried.
/// </summary>
public sealed class ChaosPublisher(Func<Uri> endpoint) : IDisposable
{
    public const string Namespace = "bench";
    private const int Attempts = 40;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private Uri? _clientEndpoint;
    private CodeArtifactClient? _client;
    private (Uri Endpoint, string Registry, string Token)? _npm;

    /// <summary>Publishes one generic asset, SHA-256 checked; false when the input rules refused it (400).</summary>
    public Task<bool> PublishGenericAsync(string package, string version, byte[] content, bool unfinished, CancellationToken cancellationToken, string? assetName = null) =>
        RetryAsync(async first =>
        {
            try
            {
                await Client().PublishPackageVersionAsync(new PublishPackageVersionRequest
                {
                    Domain = DemoPublisher.Domain, Repository = DemoPublisher.Repository, Format = "generic", Namespace = Namespace,
                    Package = package, PackageVersion = version, AssetName = assetName ?? "asset.bin",
                    AssetContent = new MemoryStream(content, writable: false), AssetSHA256 = Sha256(content), Unfinished = unfinished ? true : null,
                }, cancellationToken);
                return true;
            }
            catch (ConflictException) when (!first)
            {
                return true; // An earlier attempt landed before its answer was lost.
            }
            catch (ValidationException)
            {
                return false;
            }
        }, cancellationToken);

    /// <summary>Flips bytes of one stored asset at rest (the stack's control endpoint), keeping its recorded hashes.</summary>
    public Task CorruptAsync(string package, string version, string asset, CancellationToken cancellationToken) =>
        RetryAsync(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint(), "_local/corrupt-asset"))
            {
                Content = new StringContent(
                    $"{{\"domain\":\"{DemoPublisher.Domain}\",\"repository\":\"{DemoPublisher.Repository}\",\"format\":\"generic\",\"namespace\":\"{Namespace}\",\"package\":\"{package}\",\"version\":\"{version}\",\"asset\":\"{asset}\"}}",
                    Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(Governance.Local.Faults.ControlEndpoints.GuardHeader, Governance.Local.Faults.ControlEndpoints.GuardValue);
            using var response = await _http.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            return true;
        }, cancellationToken);

    /// <summary>
    /// PUTs an npm publish document (one version, one tarball) as <c>npm publish</c> sends it; false when the
    /// endpoint refused it with 400. <paramref name="pathSegment"/> is the package name as npm encodes it in the path.
    /// </summary>
    public Task<bool> PublishNpmAsync(string pathSegment, string name, string version, string license, byte[] tarball, CancellationToken cancellationToken) =>
        RetryAsync(async first =>
        {
            var (registry, token) = await NpmAsync(cancellationToken);
            var document = NpmDocument.Build(name, version, license, tarball);
            using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(registry + pathSegment))
            {
                Content = new ByteArrayContent(document) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await _http.SendAsync(request, cancellationToken);
            return response.StatusCode switch
            {
                HttpStatusCode.OK or HttpStatusCode.Created => true,
                HttpStatusCode.Forbidden when !first => true, // "cannot publish over": an earlier attempt landed
                HttpStatusCode.BadRequest => false,
                var other => throw new HttpRequestException($"npm publish answered {(int)other}: {await response.Content.ReadAsStringAsync(cancellationToken)}"),
            };
        }, cancellationToken);

    /// <summary>Switches every injected fault off (results are read fault-free).</summary>
    public Task ClearFaultsAsync(CancellationToken cancellationToken) =>
        RetryAsync(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint(), "_local/faults"))
            {
                Content = new StringContent("{\"spec\":\"\"}", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(Governance.Local.Faults.ControlEndpoints.GuardHeader, Governance.Local.Faults.ControlEndpoints.GuardValue);
            using var response = await _http.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            return true;
        }, cancellationToken);

    public Task<string> StatusAsync(string package, string version, string format, CancellationToken cancellationToken) =>
        RetryAsync(async _ => (await Client().DescribePackageVersionAsync(new DescribePackageVersionRequest
        {
            Domain = DemoPublisher.Domain, Repository = DemoPublisher.Repository, Format = format, Namespace = format == "generic" ? Namespace : null,
            Package = package, PackageVersion = version,
        }, cancellationToken)).PackageVersion!.Status!, cancellationToken);

    /// <summary>Packages whose name starts with <paramref name="prefix"/>, in any format.</summary>
    public Task<int> CountPackagesAsync(string prefix, CancellationToken cancellationToken) =>
        RetryAsync(async _ => (await Client().ListPackagesAsync(new ListPackagesRequest
        {
            Domain = DemoPublisher.Domain, Repository = DemoPublisher.Repository, PackagePrefix = prefix,
        }, cancellationToken)).Packages?.Count ?? 0, cancellationToken);

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public void Dispose()
    {
        _client?.Dispose();
        _http.Dispose();
    }

    private CodeArtifactClient Client()
    {
        var current = endpoint();
        if (_client is null || _clientEndpoint != current)
        {
            _client?.Dispose();
            _client = new CodeArtifactClient(new BasicAWSCredentials("test", "test"),
                new CodeArtifactConfig { ServiceURL = current.GetLeftPart(UriPartial.Authority), AuthenticationRegion = "us-east-1" });
            _clientEndpoint = current;
        }

        return _client;
    }

    /// <summary>The npm registry URL and a token for the stack as it listens now (both asked again after a restart).</summary>
    private async Task<(string Registry, string Token)> NpmAsync(CancellationToken cancellationToken)
    {
        var current = endpoint();
        if (_npm is not { } npm || npm.Endpoint != current)
        {
            var registry = (await Client().GetRepositoryEndpointAsync(new GetRepositoryEndpointRequest
            {
                Domain = DemoPublisher.Domain, Repository = DemoPublisher.Repository, Format = "npm",
            }, cancellationToken)).RepositoryEndpoint!;
            var token = (await Client().GetAuthorizationTokenAsync(new GetAuthorizationTokenRequest { Domain = DemoPublisher.Domain }, cancellationToken)).AuthorizationToken!;
            _npm = npm = (current, registry, token);
        }

        return (npm.Registry, npm.Token);
    }

    /// <summary>Runs <paramref name="attempt"/> (told whether it is the first) until it answers, pausing after transient failures.</summary>
    private static async Task<T> RetryAsync<T>(Func<bool, Task<T>> attempt, CancellationToken cancellationToken)
    {
        for (var i = 1; ; i++)
        {
            try
            {
                return await attempt(i == 1);
            }
            catch (Exception e) when (i < Attempts && IsTransient(e, cancellationToken))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(100 * i, 1000)), cancellationToken);
            }
        }
    }

    // Throttles and 5xx (after the SDK's own retries), and a stack that is down or restarting: refused connections,
    // resets, timeouts. Anything else (a 404, a validation error) is a real answer.
    private static bool IsTransient(Exception e, CancellationToken cancellationToken) => e switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => false,
        ThrottlingException or InternalServerException => true,
        Governance.Aws.CodeArtifact.CodeArtifactException { StatusCode: >= HttpStatusCode.InternalServerError } => true,
        Governance.Aws.CodeArtifact.CodeArtifactException => false,
        HttpRequestException or IOException or OperationCanceledException => true,
        AmazonServiceException { InnerException: HttpRequestException or IOException } => true,
        _ => false,
    };
}
