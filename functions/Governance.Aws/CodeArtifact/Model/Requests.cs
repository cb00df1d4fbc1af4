using Amazon.Runtime;

namespace Governance.Aws.CodeArtifact.Model;

// Operation inputs, named as in the model (…Request) with the model's member names. Where a member goes on the wire
// (query, header, body) is the marshaller's business: see CodeArtifactMarshalling.

/// <summary>The members every repository-scoped operation shares.</summary>
public abstract class RepositoryScopedRequest : AmazonWebServiceRequest
{
    public string? Domain { get; set; }
    public string? DomainOwner { get; set; }
    public string? Repository { get; set; }
}

/// <summary>The members every package-scoped operation shares.</summary>
public abstract class PackageScopedRequest : RepositoryScopedRequest
{
    public string? Format { get; set; }
    public string? Namespace { get; set; }
    public string? Package { get; set; }
}

/// <summary>Paginated requests: the paginator copies the request and sets the token, leaving the caller's as given.</summary>
public interface IPaginatedRequest<TSelf>
{
    string? NextToken { get; set; }

    TSelf CloneForPage(string nextToken);
}

public sealed class DescribePackageVersionRequest : PackageScopedRequest
{
    public string? PackageVersion { get; set; }
}

public sealed class ListPackageVersionAssetsRequest : PackageScopedRequest, IPaginatedRequest<ListPackageVersionAssetsRequest>
{
    public string? PackageVersion { get; set; }
    public int? MaxResults { get; set; }
    public string? NextToken { get; set; }

    public ListPackageVersionAssetsRequest CloneForPage(string nextToken)
    {
        var copy = (ListPackageVersionAssetsRequest)MemberwiseClone();
        copy.NextToken = nextToken;
        return copy;
    }
}

public sealed class GetPackageVersionAssetRequest : PackageScopedRequest
{
    public string? PackageVersion { get; set; }
    public string? Asset { get; set; }
    public string? PackageVersionRevision { get; set; }
}

public sealed class UpdatePackageVersionsStatusRequest : PackageScopedRequest
{
    public List<string> Versions { get; set; } = [];
    public Dictionary<string, string>? VersionRevisions { get; set; }
    public string? ExpectedStatus { get; set; }
    public string? TargetStatus { get; set; }
}

public sealed class ListPackagesRequest : RepositoryScopedRequest, IPaginatedRequest<ListPackagesRequest>
{
    public string? Format { get; set; }
    public string? Namespace { get; set; }
    public string? PackagePrefix { get; set; }
    public int? MaxResults { get; set; }
    public string? NextToken { get; set; }
    public string? Publish { get; set; }
    public string? Upstream { get; set; }

    public ListPackagesRequest CloneForPage(string nextToken)
    {
        var copy = (ListPackagesRequest)MemberwiseClone();
        copy.NextToken = nextToken;
        return copy;
    }
}

public sealed class ListPackageVersionsRequest : PackageScopedRequest, IPaginatedRequest<ListPackageVersionsRequest>
{
    public string? Status { get; set; }
    public string? SortBy { get; set; }
    public int? MaxResults { get; set; }
    public string? NextToken { get; set; }
    public string? OriginType { get; set; }

    public ListPackageVersionsRequest CloneForPage(string nextToken)
    {
        var copy = (ListPackageVersionsRequest)MemberwiseClone();
        copy.NextToken = nextToken;
        return copy;
    }
}

public sealed class DescribePackageRequest : PackageScopedRequest
{
}

/// <summary>
/// One asset upload. <see cref="AssetContent"/> is streamed, never buffered: give a seekable stream (a file) so the
/// SDK can rewind it for a retry; <see cref="AssetSHA256"/> is its SHA-256 (64 lower-case hex), sent as
/// <c>x-amz-content-sha256</c>, which is also the SigV4 payload hash.
/// </summary>
public sealed class PublishPackageVersionRequest : PackageScopedRequest
{
    public string? PackageVersion { get; set; }
    public Stream? AssetContent { get; set; }
    public string? AssetName { get; set; }
    public string? AssetSHA256 { get; set; }
    public bool? Unfinished { get; set; }
}

public sealed class PutPackageOriginConfigurationRequest : PackageScopedRequest
{
    public PackageOriginRestrictions? Restrictions { get; set; }
}

public sealed class GetAuthorizationTokenRequest : AmazonWebServiceRequest
{
    public string? Domain { get; set; }
    public string? DomainOwner { get; set; }
    public long? DurationSeconds { get; set; }
}

public sealed class GetRepositoryEndpointRequest : RepositoryScopedRequest
{
    public string? Format { get; set; }
    public string? EndpointType { get; set; }
}

public sealed class CreateDomainRequest : AmazonWebServiceRequest
{
    public string? Domain { get; set; }
    public string? EncryptionKey { get; set; }
    public List<Tag>? Tags { get; set; }
}

public sealed class CreateRepositoryRequest : RepositoryScopedRequest
{
    public string? Description { get; set; }
    public List<UpstreamRepository>? Upstreams { get; set; }
    public List<Tag>? Tags { get; set; }
}

public sealed class AssociateExternalConnectionRequest : RepositoryScopedRequest
{
    public string? ExternalConnection { get; set; }
}

public sealed class DescribeRepositoryRequest : RepositoryScopedRequest
{
}

public sealed class ListRepositoriesInDomainRequest : AmazonWebServiceRequest, IPaginatedRequest<ListRepositoriesInDomainRequest>
{
    public string? Domain { get; set; }
    public string? DomainOwner { get; set; }
    public string? AdministratorAccount { get; set; }
    public string? RepositoryPrefix { get; set; }
    public int? MaxResults { get; set; }
    public string? NextToken { get; set; }

    public ListRepositoriesInDomainRequest CloneForPage(string nextToken)
    {
        var copy = (ListRepositoriesInDomainRequest)MemberwiseClone();
        copy.NextToken = nextToken;
        return copy;
    }
}
