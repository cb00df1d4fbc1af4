using Amazon.Runtime;

namespace Governance.Aws.CodeArtifact.Model;

// Operation outputs, named as in the model's …Result shapes but with the SDK's …Response suffix; request id, status
// and content length come from AmazonWebServiceResponse.

public sealed class DescribePackageVersionResponse : AmazonWebServiceResponse
{
    public PackageVersionDescription PackageVersion { get; set; } = new();
}

public sealed class ListPackageVersionAssetsResponse : AmazonWebServiceResponse
{
    public string? Format { get; set; }
    public string? Namespace { get; set; }
    public string? Package { get; set; }
    public string? Version { get; set; }
    public string? VersionRevision { get; set; }
    public string? NextToken { get; set; }
    public List<AssetSummary> Assets { get; set; } = [];
}

/// <summary>
/// The asset as a forward-only stream straight from the socket: the caller reads and disposes it. A failure while
/// reading is not retried by the SDK (the response has already been returned): the caller retries the download.
/// </summary>
public sealed class GetPackageVersionAssetResponse : AmazonWebServiceResponse, IDisposable
{
    public Stream Asset { get; set; } = Stream.Null;
    public string? AssetName { get; set; }
    public string? PackageVersion { get; set; }
    public string? PackageVersionRevision { get; set; }

    public void Dispose() => Asset.Dispose();
}

public sealed class UpdatePackageVersionsStatusResponse : AmazonWebServiceResponse
{
    public Dictionary<string, SuccessfulPackageVersionInfo> SuccessfulVersions { get; set; } = [];
    public Dictionary<string, PackageVersionError> FailedVersions { get; set; } = [];
}

public sealed class ListPackagesResponse : AmazonWebServiceResponse
{
    public List<PackageSummary> Packages { get; set; } = [];
    public string? NextToken { get; set; }
}

public sealed class ListPackageVersionsResponse : AmazonWebServiceResponse
{
    public string? DefaultDisplayVersion { get; set; }
    public string? Format { get; set; }
    public string? Namespace { get; set; }
    public string? Package { get; set; }
    public List<PackageVersionSummary> Versions { get; set; } = [];
    public string? NextToken { get; set; }
}

public sealed class DescribePackageResponse : AmazonWebServiceResponse
{
    public PackageDescription Package { get; set; } = new();
}

public sealed class PublishPackageVersionResponse : AmazonWebServiceResponse
{
    public string? Format { get; set; }
    public string? Namespace { get; set; }
    public string? Package { get; set; }
    public string? Version { get; set; }
    public string? VersionRevision { get; set; }
    public string? Status { get; set; }
    public AssetSummary? Asset { get; set; }
}

public sealed class PutPackageOriginConfigurationResponse : AmazonWebServiceResponse
{
    public PackageOriginConfiguration? OriginConfiguration { get; set; }
}

public sealed class GetAuthorizationTokenResponse : AmazonWebServiceResponse
{
    public string? AuthorizationToken { get; set; }
    public DateTimeOffset? Expiration { get; set; }
}

public sealed class GetRepositoryEndpointResponse : AmazonWebServiceResponse
{
    public string? RepositoryEndpoint { get; set; }
}

public sealed class CreateDomainResponse : AmazonWebServiceResponse
{
    public DomainDescription? Domain { get; set; }
}

public sealed class CreateRepositoryResponse : AmazonWebServiceResponse
{
    public RepositoryDescription? Repository { get; set; }
}

public sealed class AssociateExternalConnectionResponse : AmazonWebServiceResponse
{
    public RepositoryDescription? Repository { get; set; }
}

public sealed class DescribeRepositoryResponse : AmazonWebServiceResponse
{
    public RepositoryDescription? Repository { get; set; }
}

public sealed class ListRepositoriesInDomainResponse : AmazonWebServiceResponse
{
    public List<RepositorySummary> Repositories { get; set; } = [];
    public string? NextToken { get; set; }
}
