using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Governance.Core.Licenses;

/// <summary>
/// The SPDX License List (ids, names, deprecation) embedded in the assembly. Lookups are case-insensitive because
/// SPDX ids are matched case-insensitively by the specification; results carry the canonical spelling.
/// </summary>
public sealed class SpdxLicenseList
{
    private static readonly Lazy<SpdxLicenseList> Embedded = new(LoadEmbedded);

    private readonly FrozenDictionary<string, SpdxLicenseInfo> _licenses;
    private readonly FrozenDictionary<string, string> _exceptions;

    private SpdxLicenseList(IEnumerable<SpdxLicenseInfo> licenses, IEnumerable<string> exceptions)
    {
        _licenses = licenses.ToFrozenDictionary(l => l.Id, StringComparer.OrdinalIgnoreCase);
        _exceptions = exceptions.ToFrozenDictionary(e => e, e => e, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The list shipped with this build (SPDX License List 3.28.0).</summary>
    public static SpdxLicenseList Default => Embedded.Value;

    public IEnumerable<SpdxLicenseInfo> Licenses => _licenses.Values;

    public int ExceptionCount => _exceptions.Count;

    public bool TryGetLicense(string id, out SpdxLicenseInfo license)
    {
        if (_licenses.TryGetValue(id, out var found))
        {
            license = found;
            return true;
        }
        license = null!;
        return false;
    }

    /// <summary>Returns the canonical spelling of a license exception id, or null when the list does not have it.</summary>
    public string? CanonicalExceptionId(string id) => _exceptions.TryGetValue(id, out var canonical) ? canonical : null;

    private static SpdxLicenseList LoadEmbedded()
    {
        using var stream = typeof(SpdxLicenseList).Assembly.GetManifestResourceStream("Governance.Core.Licenses.spdx-licenses.json")
            ?? throw new InvalidOperationException("The embedded SPDX license list is missing from Governance.Core.");
        var document = JsonSerializer.Deserialize(stream, SpdxListJsonContext.Default.SpdxListDocument)
            ?? throw new InvalidOperationException("The embedded SPDX license list is empty.");
        return new SpdxLicenseList(
            document.Licenses.Select(l => new SpdxLicenseInfo(l.Id, l.Name ?? l.Id, l.Deprecated ?? false, l.OsiApproved ?? false)),
            document.Exceptions.Select(e => e.Id));
    }
}

/// <summary>One entry of the SPDX License List.</summary>
public sealed record SpdxLicenseInfo(string Id, string Name, bool Deprecated, bool OsiApproved);

internal sealed record SpdxListDocument(
    [property: JsonPropertyName("licenses")] IReadOnlyList<SpdxListLicense> Licenses,
    [property: JsonPropertyName("exceptions")] IReadOnlyList<SpdxListException> Exceptions);

internal sealed record SpdxListLicense(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("deprecated")] bool? Deprecated,
    [property: JsonPropertyName("osiApproved")] bool? OsiApproved);

internal sealed record SpdxListException([property: JsonPropertyName("id")] string Id);

[JsonSerializable(typeof(SpdxListDocument))]
internal sealed partial class SpdxListJsonContext : JsonSerializerContext;
