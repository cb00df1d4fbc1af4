using System.Text.Json;
using Governance.Local.Lambda;
using Governance.Local.Tests.Lambda;
using Governance.Local.Tests.Support;
using Governance.TestSupport;

namespace Governance.Local.Tests.Sns;

/// <summary>A lambda subscription invokes the function, through the real Runtime API host, with the SNS event shape.</summary>
public sealed class SnsLambdaDeliveryTests : IAsyncLifetime
{
    private readonly TempFolder _directory = new();
    private LambdaFunctionHost _function = null!;
    private SnsTestHost _sns = null!;

    private string RecordFile => Path.Combine(_directory.Path, "events.jsonl");

    private string DeadLetterFile => Path.Combine(_directory.Path, "notify-dlq.jsonl");

    public async Task InitializeAsync()
    {
        var definition = FunctionFixture.Definition(_directory, name: "governance-notify",
            environment: new Dictionary<string, string> { ["FIXTURE_RECORD_FILE"] = RecordFile });
        _function = new LambdaFunctionHost(definition);
        await _function.StartAsync(FunctionFixture.Bounded());
        var invoker = new LocalLambdaInvoker();
        invoker.Register(new EventDelivery(_function, new EventDeliveryOptions
        {
            InitialBackoff = TimeSpan.FromMilliseconds(20),
            DeadLetterFilePath = DeadLetterFile,
        }));
        _sns = await SnsTestHost.StartAsync(invoker);
    }

    public async Task DisposeAsync()
    {
        await _sns.DisposeAsync();
        await _function.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Publish_WhenLambdaSubscribed_ShouldInvokeTheFunctionWithTheSnsEventRecord()
    {
        var results = await _sns.Boto3Async("""
            [
              {"op": "create_topic", "args": {"Name": "package-events"}},
              {"op": "subscribe", "args": {"TopicArn": "$0.TopicArn", "Protocol": "lambda",
                 "Endpoint": "arn:aws:lambda:eu-north-1:123456789012:function:governance-notify"}},
              {"op": "publish", "args": {"TopicArn": "$0.TopicArn", "Subject": "verdict", "Message": "{\"verdict\":\"approved\"}",
                 "MessageAttributes": {"format": {"DataType": "String", "StringValue": "generic"},
                                       "severity": {"DataType": "Number", "StringValue": "3"}}}}
            ]
            """);
        var subscriptionArn = results[1].GetProperty("result").GetProperty("SubscriptionArn").GetString();
        var messageId = results[2].GetProperty("result").GetProperty("MessageId").GetString();

        await _sns.WhenIdleAsync();

        var delivery = Assert.Single(_sns.Endpoint.Deliveries);
        Assert.True(delivery.Succeeded, delivery.Detail);
        var record = JsonDocument.Parse(Assert.Single(await File.ReadAllLinesAsync(RecordFile))).RootElement.GetProperty("Records")[0];
        Assert.Equal("aws:sns", record.GetProperty("EventSource").GetString());
        Assert.Equal("1.0", record.GetProperty("EventVersion").GetString());
        Assert.Equal(subscriptionArn, record.GetProperty("EventSubscriptionArn").GetString());
        var sns = record.GetProperty("Sns");
        Assert.Equal("Notification", sns.GetProperty("Type").GetString());
        Assert.Equal(messageId, sns.GetProperty("MessageId").GetString());
        Assert.Equal("arn:aws:sns:eu-north-1:123456789012:package-events", sns.GetProperty("TopicArn").GetString());
        Assert.Equal("verdict", sns.GetProperty("Subject").GetString());
        Assert.Equal("{\"verdict\":\"approved\"}", sns.GetProperty("Message").GetString());
        Assert.Equal("1", sns.GetProperty("SignatureVersion").GetString());
        Assert.False(string.IsNullOrEmpty(sns.GetProperty("Signature").GetString()));
        Assert.EndsWith(".pem", sns.GetProperty("SigningCertUrl").GetString(), StringComparison.Ordinal);
        Assert.Contains("Action=Unsubscribe", sns.GetProperty("UnsubscribeUrl").GetString(), StringComparison.Ordinal);
        Assert.Equal("Number", sns.GetProperty("MessageAttributes").GetProperty("severity").GetProperty("Type").GetString());
        Assert.Equal("3", sns.GetProperty("MessageAttributes").GetProperty("severity").GetProperty("Value").GetString());
        Assert.Equal("generic", sns.GetProperty("MessageAttributes").GetProperty("format").GetProperty("Value").GetString());
    }

    [Fact]
    public async Task Publish_WhenStructuredWithLambdaKeyAndNoSubject_ShouldDeliverTheLambdaTextAndNullSubject()
    {
        await _sns.Boto3Async("""
            [
              {"op": "create_topic", "args": {"Name": "package-events"}},
              {"op": "subscribe", "args": {"TopicArn": "$0.TopicArn", "Protocol": "lambda", "Endpoint": "governance-notify"}},
              {"op": "publish", "args": {"TopicArn": "$0.TopicArn", "MessageStructure": "json",
                 "Message": "{\"default\": \"for everyone\", \"lambda\": \"{\\\"k\\\":\\\"v\\\"}\"}"}}
            ]
            """);

        await _sns.WhenIdleAsync();

        var sns = JsonDocument.Parse(Assert.Single(await File.ReadAllLinesAsync(RecordFile))).RootElement.GetProperty("Records")[0].GetProperty("Sns");
        Assert.Equal("{\"k\":\"v\"}", sns.GetProperty("Message").GetString());
        Assert.Equal(JsonValueKind.Null, sns.GetProperty("Subject").ValueKind);
    }

    [Fact]
    public async Task Publish_WhenTheFunctionAlwaysFails_ShouldRetryThenDeadLetterTheSnsEvent()
    {
        await _sns.Boto3Async("""
            [
              {"op": "create_topic", "args": {"Name": "package-events"}},
              {"op": "subscribe", "args": {"TopicArn": "$0.TopicArn", "Protocol": "lambda", "Endpoint": "governance-notify"}},
              {"op": "publish", "args": {"TopicArn": "$0.TopicArn", "Message": "please throw"}}
            ]
            """);

        await _sns.WhenIdleAsync();

        Assert.Equal(3, (await File.ReadAllLinesAsync(RecordFile)).Length);
        var entry = JsonDocument.Parse(Assert.Single(await File.ReadAllLinesAsync(DeadLetterFile))).RootElement;
        Assert.Equal("MarkerError", entry.GetProperty("errorType").GetString());
        Assert.Equal("please throw", entry.GetProperty("event").GetProperty("Records")[0].GetProperty("Sns").GetProperty("Message").GetString());
    }

    [Fact]
    public async Task Publish_WhenLambdaEndpointNamesAnUnknownFunction_ShouldRecordAFailedDelivery()
    {
        await _sns.Boto3Async("""
            [
              {"op": "create_topic", "args": {"Name": "package-events"}},
              {"op": "subscribe", "args": {"TopicArn": "$0.TopicArn", "Protocol": "lambda", "Endpoint": "arn:aws:lambda:eu-north-1:123456789012:function:nobody"}},
              {"op": "publish", "args": {"TopicArn": "$0.TopicArn", "Message": "x"}}
            ]
            """);

        await _sns.WhenIdleAsync();

        var delivery = Assert.Single(_sns.Endpoint.Deliveries);
        Assert.False(delivery.Succeeded);
        Assert.Contains("No local function named 'nobody'", delivery.Detail, StringComparison.Ordinal);
    }
}
