namespace Governance.Core.Packages;

/// <summary>The status of a package version, exactly as CodeArtifact spells it on the wire.</summary>
public enum PackageVersionStatus
{
    Published,
    Unfinished,
    Unlisted,
    Archived,
    Disposed,
    Deleted,
}
