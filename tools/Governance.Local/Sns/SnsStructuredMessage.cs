using System.Text.Json;

namespace Governance.Local.Sns;

/// <summary>A <c>MessageStructure=json</c> message: one text per protocol, and the <c>default</c> text for the rest.</summary>
internal static class SnsStructuredMessage
{
    private const string DefaultKey = "default";

    public static (string Default, Dictionary<string, string> PerProtocol) Parse(string message)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message, new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException)
        {
            throw SnsException.InvalidParameter("Invalid parameter: Message Structure - JSON message body failed to parse");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw SnsException.InvalidParameter("Invalid parameter: Message Structure - JSON message body failed to parse");
            }

            var perProtocol = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                // Keys whose value is not a JSON string are ignored, as SNS does.
                if (property.Value.ValueKind == JsonValueKind.String)
                {
                    perProtocol[property.Name] = property.Value.GetString()!;
                }
            }

            if (!perProtocol.Remove(DefaultKey, out var defaultMessage))
            {
                throw SnsException.InvalidParameter("Invalid parameter: Message Structure - No default entry in JSON message body");
            }

            return (defaultMessage, perProtocol);
        }
    }
}
