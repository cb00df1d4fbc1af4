using Governance.Local.Storage;

namespace Governance.Local.CodeArtifact;

// Immutable snapshots the service hands to the HTTP binding, taken under the service lock so serializing them
// never races a concurrent change.

public sealed record PackageCoordinate(string Domain, string? DomainOwner, string Repository, string Format, string? Namespace, string Package)
{
    public string DisplayName => Namespace is null ? Package : $"{Namespace}/{Package}";
}

public sealed record DomainView(string Name, string Owner, string Arn, double CreatedTime, string? EncryptionKey, int RepositoryCount, long AssetSizeBytes);

public sealed record ExternalConnectionView(string Name, string PackageFormat);

public sealed record RepositoryView(
    string Name,
    string DomainName,
    string DomainOwner,
    string Arn,
    string? Description,
    double CreatedTime,
    IReadOnlyList<string> Upstreams,
    IReadOnlyList<ExternalConnectionView> ExternalConnections);

public sealed record PackageView(string Format, string? Namespace, string Name, string Publish, string Upstream);

public sealed record LicenseView(string? Name, string? Url);

public sealed record AssetView(string Name, AssetHashes Hashes);

public sealed record VersionView(
    string Format,
    string? Namespace,
    string Package,
    string Version,
    string Status,
    string Revision,
    double PublishedTime,
    string OriginType,
    string RepositoryName,
    string? EntryPointRepository,
    string? EntryPointExternalConnection,
    string? Summary,
    string? HomePage,
    string? SourceCodeRepository,
    IReadOnlyList<LicenseView> Licenses,
    IReadOnlyList<AssetView> Assets);

public sealed record PublishResult(VersionView Version, AssetView Asset);

public sealed record VersionListView(string Format, string? Namespace, string Package, string? DefaultDisplayVersion, IReadOnlyList<VersionView> Versions, string? NextToken);

public sealed record SuccessfulVersion(string Revision, string Status);

public sealed record FailedVersion(string ErrorCode, string ErrorMessage);

public sealed record BatchResult(IReadOnlyDictionary<string, SuccessfulVersion> Successful, IReadOnlyDictionary<string, FailedVersion> Failed);

public sealed record Page<T>(IReadOnlyList<T> Items, string? NextToken);

/// <summary>Metadata a format's publish path extracts from the package (npm: package.json); generic has none.</summary>
public sealed record PublishMetadata(
    IReadOnlyList<LicenseView> Licenses,
    string? Summary,
    string? HomePage,
    string? SourceCodeRepository,
    string? NpmManifestJson,
    IReadOnlyDictionary<string, string>? DistTags);
