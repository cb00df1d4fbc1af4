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

/// <summary>Where asset bytes live, as far as the state machine needs to know: presence, and release when unreferenced.</summary>
public interface IAssetContentStore
{
    bool Exists(string sha256);

    void Release(string sha256);
}
