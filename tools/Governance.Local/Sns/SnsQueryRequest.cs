using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Governance.Local.Sns;

/// <summary>
/// The parameters of one awsQuery request (form body, or query string for GET), with the protocol's flattening
/// rules for maps (<c>Name.entry.N.key</c>/<c>.value</c>) and lists (<c>Name.member.N</c>).
/// </summary>
internal sealed class SnsQueryRequest
{
    private readonly Dictionary<string, string> _values;

    private SnsQueryRequest(Dictionary<string, string> values) => _values = values;

    public static async Task<SnsQueryRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Query)
        {
            values[key] = value.ToString();
        }

        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            foreach (var (key, value) in form)
            {
                values[key] = value.ToString();
            }
        }

        return new SnsQueryRequest(values);
    }

    public string? Optional(string name) => _values.TryGetValue(name, out var value) ? value : null;

    public string Required(string name) =>
        _values.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw SnsException.MissingParameter(name);

    /// <summary>Reads a string-to-string map serialised as <c>{name}.entry.N.key</c> / <c>{name}.entry.N.value</c>.</summary>
    public Dictionary<string, string> Map(string name)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; ; i++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"{name}.entry.{i}.");
            if (!_values.TryGetValue(prefix + "key", out var key))
            {
                return result;
            }

            result[key] = Optional(prefix + "value") ?? string.Empty;
        }
    }

    /// <summary>
    /// Reads <c>MessageAttributes.entry.N.Name</c> / <c>.Value.DataType</c> / <c>.Value.StringValue</c> /
    /// <c>.Value.BinaryValue</c> as sent (see <see cref="SnsPublishRequest.MessageAttributes"/>): Publish judges them
    /// only after the message and subject, so reading must not fail.
    /// </summary>
    public List<KeyValuePair<string, SnsAttributeValue>> MessageAttributes()
    {
        var result = new List<KeyValuePair<string, SnsAttributeValue>>();
        for (var i = 1; ; i++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"MessageAttributes.entry.{i}.");
            if (!_values.TryGetValue(prefix + "Name", out var name))
            {
                return result;
            }

            var value = new SnsAttributeValue(
                Optional(prefix + "Value.DataType") ?? string.Empty, Optional(prefix + "Value.StringValue"), Optional(prefix + "Value.BinaryValue"));
            result.Add(KeyValuePair.Create(name, value));
        }
    }
}
