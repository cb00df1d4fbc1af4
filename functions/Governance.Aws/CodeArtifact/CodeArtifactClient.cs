using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Governance.Aws.CodeArtifact.Model;
using Governance.Aws.Protocol;

namespace Governance.Aws.CodeArtifact;

/// <summary>Configuration of <see cref="CodeArtifactClient"/>: the SDK's ClientConfig for service id <c>codeartifact</c>.</summary>
public sealed class CodeArtifactConfig() : AwsServiceConfig(AwsServiceDescription.CodeArtifact);

/// <summary>
/// AWS CodeArtifact (restJson1, API 2018-09-22) on AWSSDK.Core: the operations the governance product uses, with
/// the SDK's credentials chain, region, endpoint override, SigV4, standard retries and clock-skew correction.
/// Errors are <see cref="CodeArtifactException"/> subclasses, one per modelled error code.
/// </summary>
public sealed class CodeArtifactClient : AwsServiceClientBase
{
    private static readonly CodeArtifactJsonContext Json = CodeArtifactJsonContext.Default;

    /// <summary>Credentials from the SDK's default chain.</summary>
    public CodeArtifactClient(CodeArtifactConfig config) : base(config) { }

    public CodeArtifactClient(AWSCredentials credentials, CodeArtifactConfig config) : base(credentials, config) { }

    /// <summary>Every operation this client calls with the IAM action it needs (least-privilege checks).</summary>
    public static IReadOnlyList<AwsOperation> Operations { get; } =
    [
        new("DescribePackageVersion", ["codeartifact:DescribePackageVersion"]),
        new("ListPackageVersionAssets", ["codeartifact:ListPackageVersionAssets"]),
        new("GetPackageVersionAsset", ["codeartifact:GetPackageVersionAsset"]),
        new("UpdatePackageVersionsStatus", ["codeartifact:UpdatePackageVersionsStatus"]),
        new("ListPackages", ["codeartifact:ListPackages"]),
        new("ListPackageVersions", ["codeartifact:ListPackageVersions"]),
        new("DescribePackage", ["codeartifact:DescribePackage"]),
        new("PublishPackageVersion", ["codeartifact:PublishPackageVersion"]),
        new("PutPackageOriginConfiguration", ["codeartifact:PutPackageOriginConfiguration"]),
        new("GetAuthorizationToken", ["codeartifact:GetAuthorizationToken", "sts:GetServiceBearerToken"]),
        new("GetRepositoryEndpoint", ["codeartifact:GetRepositoryEndpoint"]),
        new("CreateDomain", ["codeartifact:CreateDomain"]),
        new("CreateRepository", ["codeartifact:CreateRepository"]),
        new("AssociateExternalConnection", ["codeartifact:AssociateExternalConnection"]),
        new("DescribeRepository", ["codeartifact:DescribeRepository"]),
        new("ListRepositoriesInDomain", ["codeartifact:ListRepositoriesInDomain"]),
    ];

    public Task<DescribePackageVersionResponse> DescribePackageVersionAsync(DescribePackageVersionRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<DescribePackageVersionResponse>(
            request,
            Marshal<DescribePackageVersionRequest>(r =>
            {
                var http = RestJson.Start(r, "GET", "/v1/package/version");
                PackageQuery(http, r, nameof(DescribePackageVersionRequest));
                RestJson.Query(http, "version", RestJson.Required(r.PackageVersion, "PackageVersion", "DescribePackageVersion"));
                return http;
            }),
            RestJson.Json(Json.DescribePackageVersionBody, b => new DescribePackageVersionResponse
            {
                PackageVersion = b.PackageVersion ?? throw new System.Text.Json.JsonException("packageVersion is missing from the response."),
            }),
            cancellationToken);

    public Task<ListPackageVersionAssetsResponse> ListPackageVersionAssetsAsync(ListPackageVersionAssetsRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<ListPackageVersionAssetsResponse>(
            request,
            Marshal<ListPackageVersionAssetsRequest>(r =>
            {
                var http = RestJson.Start(r, "POST", "/v1/package/version/assets");
                PackageQuery(http, r, nameof(ListPackageVersionAssetsRequest));
                RestJson.Query(http, "version", RestJson.Required(r.PackageVersion, "PackageVersion", "ListPackageVersionAssets"));
                RestJson.Query(http, "max-results", r.MaxResults);
                RestJson.Query(http, "next-token", r.NextToken);
                RestJson.EmptyBody(http);
                return http;
            }),
            RestJson.Json(Json.ListPackageVersionAssetsBody, b => new ListPackageVersionAssetsResponse
            {
                Format = b.Format,
                Namespace = b.Namespace,
                Package = b.Package,
                Version = b.Version,
                VersionRevision = b.VersionRevision,
                NextToken = b.NextToken,
                Assets = b.Assets ?? [],
            }),
            cancellationToken);

    /// <summary>Every page of ListPackageVersionAssets, following <c>nextToken</c>.</summary>
    public IAsyncEnumerable<ListPackageVersionAssetsResponse> ListPackageVersionAssetsPagesAsync(ListPackageVersionAssetsRequest request, CancellationToken cancellationToken = default) =>
        Paginate(request, ListPackageVersionAssetsAsync, p => p.NextToken, cancellationToken);

    /// <summary>The asset's bytes as a stream the caller disposes (see <see cref="GetPackageVersionAssetResponse"/>).</summary>
    public Task<GetPackageVersionAssetResponse> GetPackageVersionAssetAsync(GetPackageVersionAssetRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<GetPackageVersionAssetResponse>(
            request,
            Marshal<GetPackageVersionAssetRequest>(r =>
            {
                var http = RestJson.Start(r, "GET", "/v1/package/version/asset");
                PackageQuery(http, r, nameof(GetPackageVersionAssetRequest));
                RestJson.Query(http, "version", RestJson.Required(r.PackageVersion, "PackageVersion", "GetPackageVersionAsset"));
                RestJson.Query(http, "asset", RestJson.Required(r.Asset, "Asset", "GetPackageVersionAsset"));
                RestJson.Query(http, "revision", r.PackageVersionRevision);
                return http;
            }),
            new OperationUnmarshaller<GetPackageVersionAssetResponse>(
                (stream, response) => new GetPackageVersionAssetResponse
                {
                    Asset = stream,
                    AssetName = ResponseHeaders.Header(response, "X-AssetName"),
                    PackageVersion = ResponseHeaders.Header(response, "X-PackageVersion"),
                    PackageVersionRevision = ResponseHeaders.Header(response, "X-PackageVersionRevision"),
                },
                RestJson.ReadError,
                streaming: true),
            cancellationToken);

    public Task<UpdatePackageVersionsStatusResponse> UpdatePackageVersionsStatusAsync(UpdatePackageVersionsStatusRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<UpdatePackageVersionsStatusResponse>(
            request,
            Marshal<UpdatePackageVersionsStatusRequest>(r =>
            {
                var http = RestJson.Start(r, "POST", "/v1/package/versions/update_status");
                PackageQuery(http, r, nameof(UpdatePackageVersionsStatusRequest));
                if (r.Versions.Count == 0)
                {
                    throw new ArgumentException("UpdatePackageVersionsStatus: Versions is required; add at least one version.", nameof(request));
                }

                RestJson.JsonBody(http, new UpdateStatusInputBody
                {
                    Versions = r.Versions,
                    VersionRevisions = r.VersionRevisions,
                    ExpectedStatus = r.ExpectedStatus,
                    TargetStatus = RestJson.Required(r.TargetStatus, "TargetStatus", "UpdatePackageVersionsStatus"),
                }, Json.UpdateStatusInputBody);
                return http;
            }),
            RestJson.Json(Json.PackageVersionsResultBody, b => new UpdatePackageVersionsStatusResponse
            {
                SuccessfulVersions = b.SuccessfulVersions ?? [],
                FailedVersions = b.FailedVersions ?? [],
            }),
            cancellationToken);

    public Task<ListPackagesResponse> ListPackagesAsync(ListPackagesRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<ListPackagesResponse>(
            request,
            Marshal<ListPackagesRequest>(r =>
            {
                var http = RestJson.Start(r, "POST", "/v1/packages");
                RepositoryQuery(http, r, "ListPackages");
                RestJson.Query(http, "format", r.Format);
                RestJson.Query(http, "namespace", r.Namespace);
                RestJson.Query(http, "package-prefix", r.PackagePrefix);
                RestJson.Query(http, "max-results", r.MaxResults);
                RestJson.Query(http, "next-token", r.NextToken);
                RestJson.Query(http, "publish", r.Publish);
                RestJson.Query(http, "upstream", r.Upstream);
                RestJson.EmptyBody(http);
                return http;
            }),
            RestJson.Json(Json.ListPackagesBody, b => new ListPackagesResponse { Packages = b.Packages ?? [], NextToken = b.NextToken }),
            cancellationToken);

    /// <summary>Every page of ListPackages, following <c>nextToken</c>.</summary>
    public IAsyncEnumerable<ListPackagesResponse> ListPackagesPagesAsync(ListPackagesRequest request, CancellationToken cancellationToken = default) =>
        Paginate(request, ListPackagesAsync, p => p.NextToken, cancellationToken);

    public Task<ListPackageVersionsResponse> ListPackageVersionsAsync(ListPackageVersionsRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<ListPackageVersionsResponse>(
            request,
            Marshal<ListPackageVersionsRequest>(r =>
            {
                var http = RestJson.Start(r, "POST", "/v1/package/versions");
                PackageQuery(http, r, nameof(ListPackageVersionsRequest));
                RestJson.Query(http, "status", r.Status);
                RestJson.Query(http, "sortBy", r.SortBy);
                RestJson.Query(http, "max-results", r.MaxResults);
                RestJson.Query(http, "next-token", r.NextToken);
                RestJson.Query(http, "originType", r.OriginType);
                RestJson.EmptyBody(http);
                return http;
            }),
            RestJson.Json(Json.ListPackageVersionsBody, b => new ListPackageVersionsResponse
            {
                DefaultDisplayVersion = b.DefaultDisplayVersion,
                Format = b.Format,
                Namespace = b.Namespace,
                Package = b.Package,
                Versions = b.Versions ?? [],
                NextToken = b.NextToken,
            }),
            cancellationToken);

    /// <summary>Every page of ListPackageVersions, following <c>nextToken</c>.</summary>
    public IAsyncEnumerable<ListPackageVersionsResponse> ListPackageVersionsPagesAsync(ListPackageVersionsRequest request, CancellationToken cancellationToken = default) =>
        Paginate(request, ListPackageVersionsAsync, p => p.NextToken, cancellationToken);

    public Task<DescribePackageResponse> DescribePackageAsync(DescribePackageRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<DescribePackageResponse>(
            request,
            Marshal<DescribePackageRequest>(r =>
            {
                var http = RestJson.Start(r, "GET", "/v1/package");
                PackageQuery(http, r, nameof(DescribePackageRequest));
                return http;
            }),
            RestJson.Json(Json.DescribePackageBody, b => new DescribePackageResponse
            {
                Package = b.Package ?? throw new System.Text.Json.JsonException("package is missing from the response."),
            }),
            cancellationToken);

    /// <summary>Uploads one asset, streamed from <see cref="PublishPackageVersionRequest.AssetContent"/>.</summary>
    public Task<PublishPackageVersionResponse> PublishPackageVersionAsync(PublishPackageVersionRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<PublishPackageVersionResponse>(
            request,
            Marshal<PublishPackageVersionRequest>(r =>
            {
                var http = RestJson.Start(r, "POST", "/v1/package/version/publish");
                PackageQuery(http, r, nameof(PublishPackageVersionRequest));
                RestJson.Query(http, "version", RestJson.Required(r.PackageVersion, "PackageVersion", "PublishPackageVersion"));
                RestJson.Query(http, "asset", RestJson.Required(r.AssetName, "AssetName", "PublishPackageVersion"));
                RestJson.Query(http, "unfinished", r.Unfinished);
                var sha = RestJson.Required(r.AssetSHA256, "AssetSHA256", "PublishPackageVersion");
                if (sha.Length != 64 || !sha.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f'))
                {
                    throw new ArgumentException("PublishPackageVersion: AssetSHA256 must be 64 lower-case hex digits (the asset's SHA-256).", nameof(request));
                }

                var content = r.AssetContent ?? throw new ArgumentException("PublishPackageVersion: AssetContent is required; give the asset as a stream.", nameof(request));
                // AWSSDK.Core's signer replaces x-amz-content-sha256 with the hash it computes of the body, so the
                // service would never see a wrong AssetSHA256. Check it here instead, on the seekable stream the SDK
                // needs anyway to retry, and rewind: a wrong hash never leaves the machine.
                if (content.CanSeek)
                {
                    var start = content.Position;
                    var actual = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
                    content.Position = start;
                    if (actual != sha)
                    {
                        throw new ArgumentException(
                            $"PublishPackageVersion: AssetSHA256 {sha} does not match the SHA-256 of AssetContent ({actual}); compute it with `sha256sum` over the exact file you publish.",
                            nameof(request));
                    }
                }

                http.Headers["x-amz-content-sha256"] = sha;
                http.Headers["Content-Type"] = "application/octet-stream";
                http.ContentStream = content;
                return http;
            }),
            RestJson.Json(Json.PublishPackageVersionBody, b => new PublishPackageVersionResponse
            {
                Format = b.Format,
                Namespace = b.Namespace,
                Package = b.Package,
                Version = b.Version,
                VersionRevision = b.VersionRevision,
                Status = b.Status,
                Asset = b.Asset,
            }),
            cancellationToken);

    public Task<PutPackageOriginConfigurationResponse> PutPackageOriginConfigurationAsync(PutPackageOriginConfigurationRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<PutPackageOriginConfigurationResponse>(
            request,
            Marshal<PutPackageOriginConfigurationRequest>(r =>
            {
                var http = RestJson.Start(r, "POST", "/v1/package");
                PackageQuery(http, r, nameof(PutPackageOriginConfigurationRequest));
                var restrictions = r.Restrictions ?? throw new ArgumentException("PutPackageOriginConfiguration: Restrictions is required (Publish and Upstream, ALLOW or BLOCK).", nameof(request));
                RestJson.JsonBody(http, new OriginInputBody { Restrictions = restrictions }, Json.OriginInputBody);
                return http;
            }),
            RestJson.Json(Json.OriginConfigurationBody, b => new PutPackageOriginConfigurationResponse { OriginConfiguration = b.OriginConfiguration }),
            cancellationToken);

    public Task<GetAuthorizationTokenResponse> GetAuthorizationTokenAsync(GetAuthorizationTokenRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<GetAuthorizationTokenResponse>(
            request,
            Marshal<GetAuthorizationTokenRequest>(r =>
            {
                var http = RestJson.Start(r, "POST", "/v1/authorization-token");
                RestJson.Query(http, "domain", RestJson.Required(r.Domain, "Domain", "GetAuthorizationToken"));
                RestJson.Query(http, "domain-owner", r.DomainOwner);
                RestJson.Query(http, "duration", r.DurationSeconds);
                RestJson.EmptyBody(http);
                return http;
            }),
            RestJson.Json(Json.AuthorizationTokenBody, b => new GetAuthorizationTokenResponse { AuthorizationToken = b.AuthorizationToken, Expiration = b.Expiration }),
            cancellationToken);

    public Task<GetRepositoryEndpointResponse> GetRepositoryEndpointAsync(GetRepositoryEndpointRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<GetRepositoryEndpointResponse>(
            request,
            Marshal<GetRepositoryEndpointRequest>(r =>
            {
                var http = RestJson.Start(r, "GET", "/v1/repository/endpoint");
                RepositoryQuery(http, r, "GetRepositoryEndpoint");
                RestJson.Query(http, "format", RestJson.Required(r.Format, "Format", "GetRepositoryEndpoint"));
                RestJson.Query(http, "endpointType", r.EndpointType);
                return http;
            }),
            RestJson.Json(Json.RepositoryEndpointBody, b => new GetRepositoryEndpointResponse { RepositoryEndpoint = b.RepositoryEndpoint }),
            cancellationToken);

    public Task<CreateDomainResponse> CreateDomainAsync(CreateDomainRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<CreateDomainResponse>(
            request,
            Marshal<CreateDomainRequest>(r =>
            {
                var http = RestJson.Start(r, "POST", "/v1/domain");
                RestJson.Query(http, "domain", RestJson.Required(r.Domain, "Domain", "CreateDomain"));
                RestJson.JsonBody(http, new CreateDomainInputBody { EncryptionKey = r.EncryptionKey, Tags = r.Tags }, Json.CreateDomainInputBody);
                return http;
            }),
            RestJson.Json(Json.DomainBody, b => new CreateDomainResponse { Domain = b.Domain }),
            cancellationToken);

    public Task<CreateRepositoryResponse> CreateRepositoryAsync(CreateRepositoryRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<CreateRepositoryResponse>(
            request,
            Marshal<CreateRepositoryRequest>(r =>
            {
                var http = RestJson.Start(r, "POST", "/v1/repository");
                RepositoryQuery(http, r, "CreateRepository");
                RestJson.JsonBody(http, new CreateRepositoryInputBody { Description = r.Description, Upstreams = r.Upstreams, Tags = r.Tags }, Json.CreateRepositoryInputBody);
                return http;
            }),
            RestJson.Json(Json.RepositoryBody, b => new CreateRepositoryResponse { Repository = b.Repository }),
            cancellationToken);

    public Task<AssociateExternalConnectionResponse> AssociateExternalConnectionAsync(AssociateExternalConnectionRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<AssociateExternalConnectionResponse>(
            request,
            Marshal<AssociateExternalConnectionRequest>(r =>
            {
                var http = RestJson.Start(r, "POST", "/v1/repository/external-connection");
                RepositoryQuery(http, r, "AssociateExternalConnection");
                RestJson.Query(http, "external-connection", RestJson.Required(r.ExternalConnection, "ExternalConnection", "AssociateExternalConnection"));
                RestJson.EmptyBody(http);
                return http;
            }),
            RestJson.Json(Json.RepositoryBody, b => new AssociateExternalConnectionResponse { Repository = b.Repository }),
            cancellationToken);

    public Task<DescribeRepositoryResponse> DescribeRepositoryAsync(DescribeRepositoryRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<DescribeRepositoryResponse>(
            request,
            Marshal<DescribeRepositoryRequest>(r =>
            {
                var http = RestJson.Start(r, "GET", "/v1/repository");
                RepositoryQuery(http, r, "DescribeRepository");
                return http;
            }),
            RestJson.Json(Json.RepositoryBody, b => new DescribeRepositoryResponse { Repository = b.Repository }),
            cancellationToken);

    public Task<ListRepositoriesInDomainResponse> ListRepositoriesInDomainAsync(ListRepositoriesInDomainRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<ListRepositoriesInDomainResponse>(
            request,
            Marshal<ListRepositoriesInDomainRequest>(r =>
            {
                var http = RestJson.Start(r, "POST", "/v1/domain/repositories");
                RestJson.Query(http, "domain", RestJson.Required(r.Domain, "Domain", "ListRepositoriesInDomain"));
                RestJson.Query(http, "domain-owner", r.DomainOwner);
                RestJson.Query(http, "administrator-account", r.AdministratorAccount);
                RestJson.Query(http, "repository-prefix", r.RepositoryPrefix);
                RestJson.Query(http, "max-results", r.MaxResults);
                RestJson.Query(http, "next-token", r.NextToken);
                RestJson.EmptyBody(http);
                return http;
            }),
            RestJson.Json(Json.ListRepositoriesBody, b => new ListRepositoriesInDomainResponse { Repositories = b.Repositories ?? [], NextToken = b.NextToken }),
            cancellationToken);

    /// <summary>Every page of ListRepositoriesInDomain, following <c>nextToken</c>.</summary>
    public IAsyncEnumerable<ListRepositoriesInDomainResponse> ListRepositoriesInDomainPagesAsync(ListRepositoriesInDomainRequest request, CancellationToken cancellationToken = default) =>
        Paginate(request, ListRepositoriesInDomainAsync, p => p.NextToken, cancellationToken);

    private static DelegateMarshaller<T> Marshal<T>(Func<T, IRequest> marshal)
        where T : AmazonWebServiceRequest => new(marshal);

    private static void RepositoryQuery(IRequest http, RepositoryScopedRequest r, string operation)
    {
        RestJson.Query(http, "domain", RestJson.Required(r.Domain, "Domain", operation));
        RestJson.Query(http, "domain-owner", r.DomainOwner);
        RestJson.Query(http, "repository", RestJson.Required(r.Repository, "Repository", operation));
    }

    private static void PackageQuery(IRequest http, PackageScopedRequest r, string requestType)
    {
        var operation = requestType[..^"Request".Length];
        RepositoryQuery(http, r, operation);
        RestJson.Query(http, "format", RestJson.Required(r.Format, "Format", operation));
        RestJson.Query(http, "namespace", r.Namespace);
        RestJson.Query(http, "package", RestJson.Required(r.Package, "Package", operation));
    }

    private static async IAsyncEnumerable<TPage> Paginate<TRequest, TPage>(
        TRequest first,
        Func<TRequest, CancellationToken, Task<TPage>> fetch,
        Func<TPage, string?> nextToken,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TRequest : IPaginatedRequest<TRequest>
    {
        ArgumentNullException.ThrowIfNull(first);
        var request = first;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var page = await fetch(request, cancellationToken);
            yield return page;
            var token = nextToken(page);
            if (string.IsNullOrEmpty(token))
            {
                yield break;
            }

            // A service that hands back a token it already gave would loop forever: stop with a clear error.
            if (!seen.Add(token))
            {
                throw new InvalidOperationException($"Pagination returned the same nextToken twice ('{token}'); stopping to avoid an endless loop.");
            }

            request = first.CloneForPage(token);
        }
    }
}
