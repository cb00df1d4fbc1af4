using System.Buffers;
using System.Text.Json;
using Governance.Core.Evidence.Intel;

namespace Governance.Evidence.Osv;

/// <summary>
/// The body of <c>POST /v1/querybatch</c> for one package version:
/// <c>{"queries":[{"package":{"ecosystem":…,"name":…},"version":…,"page_token":…}]}</c>. Written with
/// <see cref="Utf8JsonWriter"/> (no reflection, AOT-safe); the writer escapes whatever the names contain.
/// </summary>
internal static class OsvBatchQuery
{
    public static byte[] Write(OsvPackage package, string version, string? pageToken)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("queries");
            writer.WriteStartObject();
            writer.WriteStartObject("package");
            writer.WriteString("ecosystem", package.Ecosystem);
            writer.WriteString("name", package.Name);
            writer.WriteEndObject();
            writer.WriteString("version", version);
            if (pageToken is not null)
            {
                writer.WriteString("page_token", pageToken);
            }

            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
