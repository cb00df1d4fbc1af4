using System.Text.Json;

namespace Governance.Functions.Observability;

/// <summary>
/// CloudWatch embedded metric format: a log line that CloudWatch turns into metrics without a PutMetricData call
/// (so no extra IAM permission and no extra latency). Namespace <c>CodeArtifactGovernance</c>.
/// </summary>
public sealed class EmbeddedMetrics
{
    public const string Namespace = "CodeArtifactGovernance";

    private readonly TextWriter _output;
    private readonly string _functionName;

    public EmbeddedMetrics(TextWriter output, string functionName)
    {
        _output = output;
        _functionName = functionName;
    }

    /// <summary>Emits one review's metrics: the count by verdict, bytes verified and the duration.</summary>
    public void ReviewCompleted(string verdict, long bytesVerified, TimeSpan duration) =>
        Emit(
            [("Verdict", verdict)],
            [("Reviews", 1, "Count"), ("BytesVerified", bytesVerified, "Bytes"), ("ReviewDuration", Math.Round(duration.TotalMilliseconds, 1), "Milliseconds")]);

    public void Emit(IReadOnlyList<(string Name, string Value)> dimensions, IReadOnlyList<(string Name, double Value, string Unit)> metrics)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(metrics);
        var line = JsonText.Write(json =>
        {
            json.WriteStartObject();
            json.WriteStartObject("_aws");
            json.WriteNumber("Timestamp", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            json.WriteStartArray("CloudWatchMetrics");
            json.WriteStartObject();
            json.WriteString("Namespace", Namespace);
            json.WriteStartArray("Dimensions");
            json.WriteStartArray();
            json.WriteStringValue("FunctionName");
            foreach (var (name, _) in dimensions)
            {
                json.WriteStringValue(name);
            }

            json.WriteEndArray();
            json.WriteEndArray();
            json.WriteStartArray("Metrics");
            foreach (var (name, _, unit) in metrics)
            {
                json.WriteStartObject();
                json.WriteString("Name", name);
                json.WriteString("Unit", unit);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteString("FunctionName", _functionName);
            foreach (var (name, value) in dimensions)
            {
                json.WriteString(name, value);
            }

            foreach (var (name, value, _) in metrics)
            {
                json.WriteNumber(name, value);
            }

            json.WriteEndObject();
        });
        _output.WriteLine(line);
        _output.Flush();
    }
}
