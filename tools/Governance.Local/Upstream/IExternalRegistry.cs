using Governance.Local.CodeArtifact;

namespace Governance.Local.Upstream;

/// <summary>
/// A public registry reached through a CodeArtifact external connection (<c>public:maven-central</c>,
/// <c>public:npmjs</c>). Locally each is a stand-in read from a directory, so upstream resolution runs offline with
/// real artifacts; on AWS it is the public registry itself.
/// </summary>
public interface IExternalRegistry
{
    /// <summary>The external connection name, e.g. <c>public:maven-central</c>.</summary>
    string ConnectionName { get; }

    /// <summary>The CodeArtifact package format it serves (<c>maven</c>, <c>npm</c>).</summary>
    string Format { get; }

    /// <summary>
    /// The version's files and the metadata CodeArtifact records on ingestion, or null when the registry does not
    /// have this version. <paramref name="ns"/> is the Maven groupId or the npm scope without <c>@</c> (null when unscoped).
    /// </summary>
    ExternalPackageVersion? FindVersion(string? ns, string name, string version);

    /// <summary>
    /// Whether <see cref="FindVersion"/> would find the version, answered from the file system alone (no parsing):
    /// upstream planning asks it under the service lock.
    /// </summary>
    bool HasVersion(string? ns, string name, string version);

    /// <summary>The versions the registry offers for a package (what a package manager's listing request sees); empty when none.</summary>
    IReadOnlyList<string> ListVersions(string? ns, string name);

    /// <summary>Every version <see cref="ListVersions"/> names, read in one pass (a packument's listing needs all of them).</summary>
    IReadOnlyList<ExternalPackageVersion> FindVersions(string? ns, string name);
}

/// <summary>One version as a public registry holds it.</summary>
/// <param name="PublishedTime">When the registry published it (npm <c>time[version]</c>, Maven the POM's Last-Modified).</param>
/// <param name="Assets">Every file of the version CodeArtifact keeps as an asset (checksum files excluded).</param>
/// <param name="Metadata">Licenses, description, home page and source repository, read as CodeArtifact reads them.</param>
public sealed record ExternalPackageVersion(
    string? Namespace,
    string Name,
    string Version,
    DateTimeOffset PublishedTime,
    IReadOnlyList<ExternalAsset> Assets,
    PublishMetadata Metadata);

/// <summary>A file of an external version; <see cref="OpenRead"/> streams it (never buffered whole).</summary>
public sealed record ExternalAsset(string Name, Func<Stream> OpenRead);
