using System.Text;
using Governance.Local.Upstream;

namespace Governance.Local.PublicRegistries;

/// <summary>
/// The PyPI stand-in's directory: each release's files at <c>{root}/{normalized-name}/{version}/{filename}</c>
/// (PEP 503 name: lower case, runs of <c>-_.</c> as one <c>-</c>), upload time from each file's mtime. A file named
/// <c>json</c> in the release folder replaces the generated JSON answer as it is (to plant wrong digests).
/// <see cref="AddFile"/> builds such a directory.
/// </summary>
public sealed class PypiDirectory(string root)
{
    /// <summary>The name of the optional override of the generated JSON in a release folder.</summary>
    public const string JsonOverride = "json";

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The release folder, or null when the name or version is not a plain path segment or no such folder exists.</summary>
    public string? ReleaseFolder(string name, string version)
    {
        var normalized = Normalize(name);
        if (!MavenRepositoryDirectory.IsSafeName(normalized) || !MavenRepositoryDirectory.IsSafeName(version))
        {
            return null;
        }

        var folder = Path.Combine(Root, normalized, version);
        return Directory.Exists(folder) ? folder : null;
    }

    /// <summary>The release's distribution files (everything but the JSON override), by name.</summary>
    public static IReadOnlyList<FileInfo> Files(string releaseFolder) =>
        new DirectoryInfo(releaseFolder).EnumerateFiles()
            .Where(file => file.Name != JsonOverride)
            .OrderBy(file => file.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>Copies a distribution file into its release folder and stamps its upload time (the file's mtime).</summary>
    /// <exception cref="ArgumentException">The name, version or file name is not a plain path segment.</exception>
    public static string AddFile(string root, string name, string version, string sourceFile, DateTimeOffset uploadedAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentException.ThrowIfNullOrEmpty(sourceFile);
        var normalized = Normalize(name);
        var fileName = Path.GetFileName(sourceFile);
        if (!MavenRepositoryDirectory.IsSafeName(normalized) || !MavenRepositoryDirectory.IsSafeName(version) || !MavenRepositoryDirectory.IsSafeName(fileName))
        {
            throw new ArgumentException($"PyPI release '{name} {version}' file '{fileName}' must use plain path segments");
        }

        var folder = Path.Combine(Path.GetFullPath(root), normalized, version);
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, fileName);
        File.Copy(sourceFile, target, overwrite: true);
        File.SetLastWriteTimeUtc(target, uploadedAt.UtcDateTime);
        return target;
    }

    /// <summary>PEP 503 normalization, the form PyPI's JSON API redirects to.</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Trim())
        {
            if (c is '-' or '_' or '.')
            {
                if (builder.Length == 0 || builder[^1] != '-')
                {
                    builder.Append('-');
                }
            }
            else
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }
}
