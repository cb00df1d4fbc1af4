using System.Globalization;
using System.Text.Json;

namespace Governance.Evidence.Registries;

/// <summary>What a packument says about one version: whether it lists it, its <c>dist</c> digests and <c>time</c>.</summary>
internal sealed record NpmVersionDist(bool Listed, string? Integrity, string? Shasum, DateTimeOffset? PublishedAt);

/// <summary>
/// Picks one version's <c>dist.integrity</c>, <c>dist.shasum</c> and <c>time[version]</c> out of a full packument
/// with a forward-only <see cref="Utf8JsonReader"/>: a packument of tens of MiB holds thousands of versions, and a
/// document model of all of them would cost several times the bytes in memory for the three strings wanted.
/// </summary>
internal static class NpmPackumentReader
{
    /// <exception cref="JsonException">The bytes are not a JSON object.</exception>
    public static NpmVersionDist Read(ReadOnlySpan<byte> packument, string version)
    {
        var reader = new Utf8JsonReader(packument, new JsonReaderOptions { MaxDepth = 128 });
        Expect(ref reader, JsonTokenType.StartObject);
        var listed = false;
        string? integrity = null, shasum = null;
        DateTimeOffset? published = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var section = reader.ValueTextEquals("versions"u8) ? 1 : reader.ValueTextEquals("time"u8) ? 2 : 0;
            if (Next(ref reader) != JsonTokenType.StartObject || section == 0)
            {
                // Other fields, and "versions" or "time" of an unexpected kind, are skipped, not read.
                reader.Skip();
                continue;
            }

            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                var match = reader.ValueTextEquals(version);
                Next(ref reader);
                if (match && section == 1 && reader.TokenType == JsonTokenType.StartObject)
                {
                    listed = true;
                    (integrity, shasum) = ReadDist(ref reader);
                    continue;
                }

                if (match && section == 2 && reader.TokenType == JsonTokenType.String
                    && DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                {
                    published = at;
                }

                reader.Skip();
            }
        }

        return new NpmVersionDist(listed, integrity, shasum, published);
    }

    /// <summary>Reads one version manifest (positioned on its StartObject) for its <c>dist</c> strings.</summary>
    private static (string? Integrity, string? Shasum) ReadDist(ref Utf8JsonReader reader)
    {
        string? integrity = null, shasum = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var isDist = reader.ValueTextEquals("dist"u8);
            if (Next(ref reader) != JsonTokenType.StartObject || !isDist)
            {
                reader.Skip();
                continue;
            }

            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                var field = reader.ValueTextEquals("integrity"u8) ? 1 : reader.ValueTextEquals("shasum"u8) ? 2 : 0;
                Next(ref reader);
                if (reader.TokenType == JsonTokenType.String && field == 1)
                {
                    integrity = reader.GetString();
                }
                else if (reader.TokenType == JsonTokenType.String && field == 2)
                {
                    shasum = reader.GetString();
                }

                reader.Skip();
            }
        }

        return (integrity, shasum);
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("the packument ends before its last object closes");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (Next(ref reader) != type)
        {
            throw new JsonException($"the packument starts with {reader.TokenType}, not a JSON object");
        }
    }
}
