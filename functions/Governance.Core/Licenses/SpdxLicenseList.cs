using System.Collections.Frozen;
using System.Text.Json;

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
        var json = new byte[stream.Length];
        stream.ReadExactly(json);
        return Parse(json);
    }

    /// <summary>
    /// Reads the list document (<c>{"licenses": [{"id", "name", "deprecated", "osiApproved", …}], "exceptions": [{"id", …}], …}</c>)
    /// with a forward-only reader. Not JsonSerializer: every <c>governance check</c> loads this list, and building the
    /// serializer's type metadata cost more start-up time than reading the 187 KB itself.
    /// </summary>
    internal static SpdxLicenseList Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        Expect(ref reader, JsonTokenType.StartObject, "the document");
        var licenses = new List<SpdxLicenseInfo>(capacity: 1024);
        var exceptions = new List<string>(capacity: 128);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("licenses"u8))
            {
                ReadArray(ref reader, "licenses", licenses, ReadLicense);
            }
            else if (reader.ValueTextEquals("exceptions"u8))
            {
                ReadArray(ref reader, "exceptions", exceptions, ReadException);
            }
            else
            {
                reader.Skip();
            }
        }
        return new SpdxLicenseList(licenses, exceptions);
    }

    private delegate T ItemReader<out T>(ref Utf8JsonReader reader);

    private static void ReadArray<T>(ref Utf8JsonReader reader, string name, List<T> into, ItemReader<T> readItem)
    {
        Expect(ref reader, JsonTokenType.StartArray, $"\"{name}\"");
        while (Next(ref reader) == JsonTokenType.StartObject)
        {
            into.Add(readItem(ref reader));
        }
        if (reader.TokenType != JsonTokenType.EndArray)
        {
            throw Malformed($"\"{name}\" must hold only objects, found {reader.TokenType}");
        }
    }

    private static SpdxLicenseInfo ReadLicense(ref Utf8JsonReader reader)
    {
        string? id = null, name = null;
        bool? deprecated = null, osiApproved = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                id = NextString(ref reader);
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                name = NextString(ref reader);
            }
            else if (reader.ValueTextEquals("deprecated"u8))
            {
                deprecated = NextBoolean(ref reader);
            }
            else if (reader.ValueTextEquals("osiApproved"u8))
            {
                osiApproved = NextBoolean(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
        if (id is null)
        {
            throw Malformed("a license entry has no \"id\"");
        }
        return new SpdxLicenseInfo(id, name ?? id, deprecated ?? false, osiApproved ?? false);
    }

    private static string ReadException(ref Utf8JsonReader reader)
    {
        string? id = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                id = NextString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
        return id ?? throw Malformed("an exception entry has no \"id\"");
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw Malformed("the document ends early");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType expected, string what)
    {
        if (Next(ref reader) != expected)
        {
            throw Malformed($"{what} must be {expected}, found {reader.TokenType}");
        }
    }

    private static string? NextString(ref Utf8JsonReader reader) => Next(ref reader) switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        var other => throw Malformed($"expected a string, found {other}"),
    };

    private static bool? NextBoolean(ref Utf8JsonReader reader) => Next(ref reader) switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Null => null,
        var other => throw Malformed($"expected true, false or null, found {other}"),
    };

    private static InvalidOperationException Malformed(string problem) =>
        new($"The embedded SPDX license list is malformed: {problem}.");
}

/// <summary>One entry of the SPDX License List.</summary>
public sealed record SpdxLicenseInfo(string Id, string Name, bool Deprecated, bool OsiApproved);
