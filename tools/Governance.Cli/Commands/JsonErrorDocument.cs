using System.Text;
using System.Text.Json;

namespace Governance.Cli.Commands;

/// <summary>
/// The error a <c>--json</c> command writes on stdout instead of a result, so a script reading stdout always gets a
/// document: <c>{"error":{"code":"usage|unreadable|policy","message":"…","details":["…"]}}</c> (details: one entry per
/// policy problem, empty otherwise). The readable message goes to stderr either way.
/// </summary>
public static class JsonErrorDocument
{
    /// <summary>The <c>code</c> of an error in the arguments.</summary>
    public const string UsageCode = "usage";

    public static void Write(TextWriter stdout, string code, string message, IReadOnlyList<string> details)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(details);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("code", code);
            writer.WriteString("message", message);
            writer.WriteStartArray("details");
            foreach (var detail in details)
            {
                writer.WriteStringValue(detail);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        stdout.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
