namespace Governance.Local.CodeArtifact;

/// <summary>What changed on one package version, as CodeArtifact reports it in its EventBridge event.</summary>
public sealed record PackageVersionChange(
    string DomainName,
    string DomainOwner,
    string RepositoryName,
    string PackageFormat,
    string? PackageNamespace,
    string PackageName,
    string PackageVersion,
    string PackageVersionState,
    string PackageVersionRevision,
    int AssetsAdded,
    int AssetsRemoved,
    int AssetsUpdated,
    bool MetadataUpdated,
    bool StatusChanged,
    string OperationType,
    long SequenceNumber);

/// <summary>Receives every committed change, in commit order.</summary>
public interface IPackageChangeSink
{
    void OnChange(PackageVersionChange change);
}
