using System.Text.Json;
using Governance.Local.CodeArtifact;

namespace Governance.Local.Npm;

/// <summary>
/// Reads the metadata CodeArtifact takes from an npm package.json: the <c>license</c> field (a string, or the old
/// <c>{type, url}</c> object) or the legacy <c>licenses</c> array, the description, home page and repository.
/// </summary>
public static class NpmManifestMetadata
{
    public static IReadOnlyList<LicenseView> Licenses(JsonElement manifest)
    {
        var licenses = new List<LicenseView>();
        if (manifest.TryGetProperty("license", out var license))
        {
            AddLicense(licenses, license);
        }

        if (manifest.TryGetProperty("licenses", out var legacy) && legacy.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in legacy.EnumerateArray())
            {
                AddLicense(licenses, entry);
            }
        }

        return licenses;
    }

    public static PublishMetadata Read(JsonElement manifest, string manifestJson, IReadOnlyDictionary<string, string>? distTags) => new(
        Licenses(manifest),
        Text(manifest, "description"),
        Text(manifest, "homepage"),
        manifest.TryGetProperty("repository", out var repository)
            ? repository.ValueKind == JsonValueKind.String ? repository.GetString() : Text(repository, "url")
            : null,
        manifestJson,
        distTags);

    private static void AddLicense(List<LicenseView> licenses, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String when !string.IsNullOrWhiteSpace(value.GetString()):
                licenses.Add(new LicenseView(value.GetString(), null));
                break;
            case JsonValueKind.Object:
                var name = Text(value, "type") ?? Text(value, "name");
                var url = Text(value, "url");
                if (name is not null || url is not null)
                {
                    licenses.Add(new LicenseView(name, url));
                }

                break;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
