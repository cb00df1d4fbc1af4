namespace Governance.Local.CodeArtifact;

/// <summary>CodeArtifact's package version statuses (the model's <c>PackageVersionStatus</c> enum), as they go on the wire.</summary>
public static class VersionStatus
{
    public const string Published = "Published";
    public const string Unfinished = "Unfinished";
    public const string Unlisted = "Unlisted";
    public const string Archived = "Archived";
    public const string Disposed = "Disposed";
    public const string Deleted = "Deleted";

    public static readonly string[] All = [Published, Unfinished, Unlisted, Archived, Disposed, Deleted];
}
