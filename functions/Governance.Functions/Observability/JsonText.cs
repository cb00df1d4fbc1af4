using System.Text;
using System.Text.Json;

namespace Governance.Functions.Observability;

/// <summary>Writes one JSON document with <see cref="Utf8JsonWriter"/> (no reflection, AOT-safe) and returns it as text.</summary>
public static class JsonText
{
    public static string Write(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
