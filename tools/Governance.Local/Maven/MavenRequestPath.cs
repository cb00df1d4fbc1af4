using System.Text.RegularExpressions;

namespace Governance.Local.Maven;

/// <summary>What a Maven request path names under <c>/maven/{domain}-{owner}/{repository}/</c>.</summary>
public enum MavenTargetKind
{
    /// <summary><c>{group}/{artifact}/{version}/{file}</c>: an artifact file (jar, pom, sources…).</summary>
    File,

    /// <summary><c>{group}/{artifact}/maven-metadata.xml</c>: the artifact's version listing.</summary>
    ArtifactMetadata,

    /// <summary><c>{group}/{artifact}/{version}-SNAPSHOT/maven-metadata.xml</c>: a snapshot's build listing.</summary>
    VersionMetadata,
}

/// <summary>
/// A parsed Maven repository path. Every segment is checked before anything is looked up: Maven coordinates are
/// letters, digits and <c>._-+~</c>, so a traversal (<c>..</c>, an encoded slash or backslash) or a control
/// character never reaches the service, and content is stored by hash, never at a path built from the request.
/// </summary>
public sealed partial record MavenRequestPath(
    string Domain,
    string Owner,
    string Repository,
    MavenTargetKind Kind,
    string GroupId,
    string ArtifactId,
    string? Version,
    string FileName,
    string? ChecksumAlgorithm)
{
    public const string Prefix = "/maven/";
    public const string MetadataFileName = "maven-metadata.xml";

    /// <summary>Checksum side files Maven asks for, by suffix; they are computed from the recorded hashes, never stored.</summary>
    public static readonly IReadOnlyList<string> ChecksumSuffixes = [".md5", ".sha1", ".sha256", ".sha512"];

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9._\\-+~]{0,254}$")]
    private static partial Regex SegmentPattern();

    /// <summary>Parses a raw (still percent-encoded) request path; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static MavenRequestPath Parse(string rawPath)
    {
        ArgumentNullException.ThrowIfNull(rawPath);
        if (!rawPath.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new FormatException($"Maven paths start with {Prefix}");
        }

        var parts = rawPath[Prefix.Length..].Split('/');
        if (parts.Length < 5)
        {
            throw new FormatException("Maven paths look like /maven/{domain}-{owner}/{repository}/{group path}/{artifactId}/{version}/{file}");
        }

        var domainOwner = Uri.UnescapeDataString(parts[0]);
        var dash = domainOwner.LastIndexOf('-');
        if (dash <= 0 || domainOwner.Length - dash - 1 != 12)
        {
            throw new FormatException($"'{parts[0]}' is not {{domain}}-{{12-digit owner}}");
        }

        var segments = parts[2..].Select(Segment).ToArray();
        var file = segments[^1];
        var checksum = ChecksumSuffixes.FirstOrDefault(s => file.EndsWith(s, StringComparison.Ordinal) && file.Length > s.Length);
        var baseName = checksum is null ? file : file[..^checksum.Length];
        var algorithm = checksum?[1..];
        (MavenTargetKind Kind, int GroupEnd, string? Version) shape;
        if (baseName == MetadataFileName)
        {
            shape = segments.Length >= 4 && segments[^2].EndsWith("-SNAPSHOT", StringComparison.Ordinal)
                ? (MavenTargetKind.VersionMetadata, segments.Length - 3, segments[^2])
                : (MavenTargetKind.ArtifactMetadata, segments.Length - 2, null);
        }
        else
        {
            shape = (MavenTargetKind.File, segments.Length - 3, segments[^2]);
        }

        if (shape.GroupEnd < 1)
        {
            throw new FormatException("the path has no groupId: Maven paths look like {group path}/{artifactId}/{version}/{file}");
        }

        var artifactId = segments[shape.GroupEnd];
        return new MavenRequestPath(
            domainOwner[..dash],
            domainOwner[(dash + 1)..],
            Uri.UnescapeDataString(parts[1]),
            shape.Kind,
            string.Join('.', segments[..shape.GroupEnd]),
            artifactId,
            shape.Version,
            baseName,
            algorithm);
    }

    private static string Segment(string raw)
    {
        var value = Uri.UnescapeDataString(raw);
        if (value.Length == 0 || value is "." or ".." || !SegmentPattern().IsMatch(value))
        {
            throw new FormatException(
                $"path segment '{raw}' is not allowed: Maven groupId parts, artifactIds, versions and file names use letters, digits and ._-+~ (at most 255 characters, no '.' or '..')");
        }

        return value;
    }
}
