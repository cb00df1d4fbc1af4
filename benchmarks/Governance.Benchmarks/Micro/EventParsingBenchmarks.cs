using BenchmarkDotNet.Attributes;
using Governance.Core.Events;

namespace Governance.Benchmarks.Micro;

/// <summary>Strict parsing of the EventBridge event (a checked-in capture) directly and inside an SQS batch of ten.</summary>
[MemoryDiagnoser]
public class EventParsingBenchmarks
{
    private string _event = "";
    private string _sqsBatch = "";

    [GlobalSetup]
    public void Setup()
    {
        _event = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "npm-publish-created.json"));
        var body = System.Text.Json.JsonSerializer.Serialize(_event, BenchJson.Default.String);
        var records = Enumerable.Range(1, 10).Select(i =>
            $"{{\"messageId\":\"m-{i}\",\"receiptHandle\":\"r-{i}\",\"body\":{body},\"attributes\":{{\"ApproximateReceiveCount\":\"1\"}},\"eventSource\":\"aws:sqs\",\"eventSourceARN\":\"arn:aws:sqs:us-east-1:111122223333:governance\",\"awsRegion\":\"us-east-1\"}}");
        _sqsBatch = "{\"Records\":[" + string.Join(',', records) + "]}";
    }

    [Benchmark(Baseline = true, Description = "EventBridge event")]
    public EventParseResult Event() => CodeArtifactEventParser.Parse(_event);

    [Benchmark(Description = "SQS batch of 10")]
    public SqsBatchParseResult SqsBatch() => SqsBatchParser.Parse(_sqsBatch);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class BenchJson : System.Text.Json.Serialization.JsonSerializerContext;
