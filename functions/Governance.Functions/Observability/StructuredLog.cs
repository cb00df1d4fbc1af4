using System.Text.Json;
using Governance.Core.Messages;

namespace Governance.Functions.Observability;

/// <summary>
/// One JSON object per line on stdout, the shape CloudWatch Logs Insights queries best. Written with
/// <see cref="Utf8JsonWriter"/> (no reflection, AOT-safe). Values are whatever the caller passes: callers never pass
/// secrets (the Slack webhook URL, tokens) — the notify function logs only the parameter's name. Text values often
/// quote the publisher (package URLs, asset names in error messages, a schema read from a message): JSON escaping
/// keeps them on one line, and each is capped at <see cref="MaxTextLength"/> characters with a visible marker.
/// </summary>
public sealed class StructuredLog
{
    /// <summary>The longest text value a line carries (CloudWatch splits events over 256 KB).</summary>
    public const int MaxTextLength = 4_096;

    private readonly TextWriter _output;
    private readonly object _gate = new();

    public StructuredLog(TextWriter output) => _output = output;

    public static StructuredLog Console { get; } = new(System.Console.Out);

    /// <summary>The current invocation's request id, added to every line while set.</summary>
    public string? RequestId { get; set; }

    public void Info(string message, params (string Key, object? Value)[] fields) => Write("INFO", message, fields);

    public void Warn(string message, params (string Key, object? Value)[] fields) => Write("WARN", message, fields);

    public void Error(string message, params (string Key, object? Value)[] fields) => Write("ERROR", message, fields);

    private void Write(string level, string message, (string Key, object? Value)[] fields)
    {
        var line = JsonText.Write(json =>
        {
            json.WriteStartObject();
            json.WriteString("timestamp", DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("level", level);
            json.WriteString("message", UntrustedText.Bound(message, MaxTextLength));
            if (RequestId is not null)
            {
                json.WriteString("requestId", RequestId);
            }

            foreach (var (key, value) in fields)
            {
                WriteValue(json, key, value);
            }

            json.WriteEndObject();
        });
        lock (_gate)
        {
            _output.WriteLine(line);
            _output.Flush();
        }
    }

    private static void WriteValue(Utf8JsonWriter json, string key, object? value)
    {
        switch (value)
        {
            case null: json.WriteNull(key); break;
            case bool b: json.WriteBoolean(key, b); break;
            case int i: json.WriteNumber(key, i); break;
            case long l: json.WriteNumber(key, l); break;
            case double d: json.WriteNumber(key, d); break;
            case TimeSpan t: json.WriteNumber(key, Math.Round(t.TotalMilliseconds, 1)); break;
            default: json.WriteString(key, UntrustedText.Bound(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), MaxTextLength)); break;
        }
    }
}
