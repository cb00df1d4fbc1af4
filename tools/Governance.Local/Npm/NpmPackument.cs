using System.Globalization;
using System.Text.Json.Nodes;

namespace Governance.Local.Npm;

/// <summary>One version as a packument lists it: its manifest, the tarball's digests and when it was published.</summary>
/// <param name="Integrity">npm's <c>dist.integrity</c> (<c>sha512-</c> + base64); null when unknown.</param>
public sealed record NpmPackumentEntry(string Version, string? ManifestJson, string? Shasum, string? Integrity, DateTimeOffset Published);

/// <summary>
/// Writes the packument (<c>GET /{package}</c>) of the listed versions. Every tarball URL points at this repository
/// (<c>{package}/-/{name}-{version}.tgz</c>), also for versions that an upstream still holds: fetching the tarball is
/// what makes the repository keep them, as on CodeArtifact.
/// </summary>
public static class NpmPackument
{
    public static string Write(NpmPackageName package, string repositoryBase, IReadOnlyList<NpmPackumentEntry> entries, IReadOnlyDictionary<string, string> distTags)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(distTags);
        var tags = new JsonObject();
        foreach (var (tag, version) in distTags)
        {
            if (entries.Any(e => e.Version == version))
            {
                tags[tag] = version;
            }
        }

        if (!tags.ContainsKey("latest") && entries.Count > 0)
        {
            tags["latest"] = entries[^1].Version;
        }

        var versions = new JsonObject();
        var time = new JsonObject();
        foreach (var entry in entries)
        {
            var manifest = entry.ManifestJson is null ? new JsonObject() : JsonNode.Parse(entry.ManifestJson) as JsonObject ?? new JsonObject();
            manifest["name"] = package.FullName;
            manifest["version"] = entry.Version;
            var dist = new JsonObject { ["tarball"] = $"{repositoryBase}{package.FullName}/-/{package.Name}-{entry.Version}.tgz" };
            if (entry.Shasum is not null)
            {
                dist["shasum"] = entry.Shasum;
            }

            if (entry.Integrity is not null)
            {
                dist["integrity"] = entry.Integrity;
            }

            manifest["dist"] = dist;
            versions[entry.Version] = manifest;
            time[entry.Version] = entry.Published.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        }

        var root = new JsonObject
        {
            ["_id"] = package.FullName,
            ["name"] = package.FullName,
            ["dist-tags"] = tags,
            ["versions"] = versions,
            ["time"] = time,
        };
        return root.ToJsonString();
    }

    public static string IntegrityOf(string sha512Hex) => "sha512-" + Convert.ToBase64String(Convert.FromHexString(sha512Hex));
}
