using Governance.Local.CodeArtifact;

namespace Governance.Local.Tests.Support;

/// <summary>Keeps every change the CodeArtifact service commits, in commit order, for tests without an event bus.</summary>
public sealed class RecordingChangeSink : IPackageChangeSink
{
    public List<PackageVersionChange> Changes { get; } = [];

    public void OnChange(PackageVersionChange change) => Changes.Add(change);
}
