using System.Text.Json;

namespace Governance.Local.Npm;

/// <summary>
/// Reads what <c>npm deprecate</c> asks: it GETs the packument, sets (or, with an empty message, clears) the
/// <c>deprecated</c> member of the versions its range matches, and PUTs the whole document back without
/// <c>_attachments</c>. The document is the wanted state, so a version without <c>deprecated</c> is not deprecated.
/// </summary>
public static class NpmDeprecation
{
    public static Dictionary<string, string?> Messages(JsonElement versions)
    {
        var messages = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var version in versions.EnumerateObject())
        {
            messages[version.Name] = version.Value.ValueKind == JsonValueKind.Object
                                     && version.Value.TryGetProperty("deprecated", out var deprecated)
                                     && deprecated.ValueKind == JsonValueKind.String
                ? deprecated.GetString()
                : null;
        }

        return messages;
    }
}
