using Governance.Local.Maven;

namespace Governance.Local.Upstream;

/// <summary>
/// <c>public:maven-central</c> read from a directory in Maven repository layout
/// (<c>{group/as/path}/{artifactId}/{version}/{artifactId}-{version}[-classifier].{ext}</c>), by default Debian's
/// <c>/usr/share/maven-repo</c>. Symlinked files (Debian links jars to <c>/usr/share/java</c>) are followed; names
/// that could step outside the layout are answered with "not found".
/// </summary>
public sealed class MavenRepositoryDirectory(string root) : IExternalRegistry
{
    public const string DefaultRoot = "/usr/share/maven-repo";
    public const string Connection = "public:maven-central";

    // Checksums and signatures are served beside an asset by the repository, not kept as assets by CodeArtifact.
    private static readonly string[] SideFileExtensions = [".md5", ".sha1", ".sha256", ".sha512", ".asc"];

    public string Root { get; } = Path.GetFullPath(root);

    public string ConnectionName => Connection;

    public string Format => "maven";

    /// <exception cref="FormatException">The version's POM is malformed.</exception>
    public bool HasVersion(string? ns, string name, string version) =>
        ArtifactFolder(ns, name) is { } artifactFolder && IsSafeName(version) && IsRegularFile(Path.Combine(artifactFolder, version, $"{name}-{version}.pom"));

    public ExternalPackageVersion? FindVersion(string? ns, string name, string version)
    {
        if (ArtifactFolder(ns, name) is not { } artifactFolder || !IsSafeName(version))
        {
            return null;
        }

        var folder = Path.Combine(artifactFolder, version);
        var pom = Path.Combine(folder, $"{name}-{version}.pom");
        if (!IsRegularFile(pom))
        {
            return null;
        }

        var assets = Directory.EnumerateFiles(folder)
            .Where(path => IsAsset(Path.GetFileName(path)) && IsRegularFile(path))
            .Order(StringComparer.Ordinal)
            .Select(path => new ExternalAsset(Path.GetFileName(path), () => OpenRead(path)))
            .ToList();
        return new ExternalPackageVersion(
            ns,
            name,
            version,
            new DateTimeOffset(File.GetLastWriteTimeUtc(pom), TimeSpan.Zero),
            assets,
            MavenPom.ReadFile(pom).ToPublishMetadata());
    }

    /// <summary>The version directories of an artifact that hold their POM, in ordinal (not Maven) order.</summary>
    public IReadOnlyList<ExternalPackageVersion> FindVersions(string? ns, string name) =>
        ListVersions(ns, name).Select(version => FindVersion(ns, name, version)).OfType<ExternalPackageVersion>().ToList();

    public IReadOnlyList<string> ListVersions(string? ns, string name)
    {
        var (groupId, artifactId) = (ns, name);
        if (ArtifactFolder(groupId, artifactId) is not { } folder || !Directory.Exists(folder))
        {
            return [];
        }

        return Directory.EnumerateDirectories(folder)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(version => IsSafeName(version) && IsRegularFile(Path.Combine(folder, version, $"{artifactId}-{version}.pom")))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>True for a name that is one plain path segment: never empty, <c>.</c>, or holding <c>..</c>, a separator or NUL.</summary>
    internal static bool IsSafeName(string? name) =>
        !string.IsNullOrEmpty(name) && name != "." && !name.Contains("..", StringComparison.Ordinal) && name.IndexOfAny(['/', '\\', '\0']) < 0;

    private string? ArtifactFolder(string? groupId, string artifactId)
    {
        if (!IsSafeName(groupId) || !IsSafeName(artifactId))
        {
            return null;
        }

        var segments = groupId!.Split('.');
        return segments.All(segment => segment.Length > 0)
            ? Path.Combine([Root, .. segments, artifactId])
            : null;
    }

    private static bool IsAsset(string name) =>
        !SideFileExtensions.Any(extension => name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
        && !(name.StartsWith("maven-metadata", StringComparison.Ordinal) && name.EndsWith(".xml", StringComparison.Ordinal));

    /// <summary>A file, or a symlink whose final target is a file; dangling links and directories are not.</summary>
    private static bool IsRegularFile(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return false;
        }

        return info.LinkTarget is null || info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo { Exists: true };
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 81920, FileOptions.SequentialScan);
}
