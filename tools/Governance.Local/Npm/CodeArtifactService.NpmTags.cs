using System.Text.Json.Nodes;

namespace Governance.Local.CodeArtifact;

// npm dist-tags and deprecation messages (user guide, "npm tag handling" and "npm command support": dist-tag add/rm/ls
// and deprecate work as on the public npm registry). They change the package's metadata, not a version's assets,
// status or revision, so they are persisted without an EventBridge event.
public sealed partial class CodeArtifactService
{
    /// <summary>Points <paramref name="tag"/> at a version the repository holds and lists (Published or Unlisted).</summary>
    public void SetNpmDistTag(PackageCoordinate coordinate, string tag, string version)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        lock (_gate)
        {
            var package = FindPackage(coordinate);
            var record = FindVersion(package, coordinate, version);
            if (record.Status is not (VersionStatus.Published or VersionStatus.Unlisted))
            {
                throw CodeArtifactException.NotFound($"Package version {version} of {coordinate.DisplayName} has status {record.Status} and cannot be tagged", version, "package-version");
            }

            package.DistTags[tag] = version;
            SavePackage(coordinate, package);
        }
    }

    /// <summary>Removes a tag; returns the version it pointed at.</summary>
    public string RemoveNpmDistTag(PackageCoordinate coordinate, string tag)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        lock (_gate)
        {
            var package = FindPackage(coordinate);
            if (!package.DistTags.Remove(tag, out var version))
            {
                throw CodeArtifactException.NotFound($"{tag} is not a dist-tag on {coordinate.DisplayName}", tag, "dist-tag");
            }

            SavePackage(coordinate, package);
            return version;
        }
    }

    /// <summary>
    /// Sets or clears (an empty message) the <c>deprecated</c> message of each named version the repository holds,
    /// in its stored manifest, which the packument serves. Returns how many versions changed.
    /// </summary>
    public int SetNpmDeprecations(PackageCoordinate coordinate, IReadOnlyDictionary<string, string?> messages)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        ArgumentNullException.ThrowIfNull(messages);
        lock (_gate)
        {
            var package = FindPackage(coordinate);
            var changed = 0;
            foreach (var record in package.Versions)
            {
                if (!messages.TryGetValue(record.Version, out var message))
                {
                    continue;
                }

                var manifest = (record.NpmManifestJson is null ? null : JsonNode.Parse(record.NpmManifestJson) as JsonObject) ?? new JsonObject();
                var current = manifest["deprecated"]?.GetValue<string>();
                var wanted = string.IsNullOrEmpty(message) ? null : message;
                if (current == wanted)
                {
                    continue;
                }

                if (wanted is null)
                {
                    manifest.Remove("deprecated");
                }
                else
                {
                    manifest["deprecated"] = wanted;
                }

                record.NpmManifestJson = manifest.ToJsonString();
                changed++;
            }

            if (changed > 0)
            {
                SavePackage(coordinate, package);
            }

            return changed;
        }
    }
}
