using System.Text.Json;

namespace Governance.Local.CodeArtifact;

// What a version's manifest declares: GetPackageVersionReadme and ListPackageVersionDependencies.
public sealed partial class CodeArtifactService
{
    /// <summary>
    /// GetPackageVersionReadme: the npm manifest's <c>readme</c> when it has one; an empty readme otherwise. For
    /// generic packages that is what AWS documents ("Generic packages overview": README files are "not returned
    /// from GetPackageVersionReadme"); the local stack does not read README files out of Maven or npm assets.
    /// </summary>
    public (VersionView Version, string Readme) GetPackageVersionReadme(PackageCoordinate coordinate, string version)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        lock (_gate)
        {
            var package = FindPackage(coordinate);
            var record = FindVersion(package, coordinate, version);
            var readme = package.Format == "npm" && Manifest(record) is { } manifest
                && manifest.TryGetProperty("readme", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString()! : string.Empty;
            return (ToView(coordinate.Repository, package, record), readme);
        }
    }

    /// <summary>
    /// ListPackageVersionDependencies: an npm version's <c>dependencies</c>, <c>devDependencies</c>,
    /// <c>peerDependencies</c> and <c>optionalDependencies</c> as the model's <c>regular</c>, <c>dev</c>, <c>peer</c>
    /// and <c>optional</c> types (a scoped name splits into namespace and package). Generic packages "cannot declare
    /// dependencies" (user guide); the local stack keeps no dependency list for other formats, so theirs is empty.
    /// </summary>
    public (VersionView Version, Page<PackageDependencyView> Dependencies) ListPackageVersionDependencies(
        PackageCoordinate coordinate, string version, string? nextToken)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        lock (_gate)
        {
            var package = FindPackage(coordinate);
            var record = FindVersion(package, coordinate, version);
            var dependencies = new List<PackageDependencyView>();
            if (package.Format == "npm" && Manifest(record) is { } manifest)
            {
                foreach (var (member, type) in new[] { ("dependencies", "regular"), ("devDependencies", "dev"), ("peerDependencies", "peer"), ("optionalDependencies", "optional") })
                {
                    if (!manifest.TryGetProperty(member, out var map) || map.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    foreach (var entry in map.EnumerateObject())
                    {
                        var (ns, name) = entry.Name.StartsWith('@') && entry.Name.IndexOf('/', StringComparison.Ordinal) is var slash and > 1
                            ? (entry.Name[1..slash], entry.Name[(slash + 1)..])
                            : ((string?)null, entry.Name);
                        var requirement = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString() : null;
                        dependencies.Add(new PackageDependencyView(ns, name, type, requirement));
                    }
                }
            }

            return (ToView(coordinate.Repository, package, record), Paging.Slice(dependencies, null, nextToken));
        }
    }

    private static JsonElement? Manifest(VersionRecord record)
    {
        if (record.NpmManifestJson is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(record.NpmManifestJson);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The model's PackageDependency.</summary>
public sealed record PackageDependencyView(string? Namespace, string Package, string DependencyType, string? VersionRequirement);
