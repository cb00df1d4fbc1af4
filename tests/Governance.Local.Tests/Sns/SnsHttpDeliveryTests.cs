using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Governance.Local.Tests.Support;
using Governance.TestSupport;

namespace Governance.Local.Tests.Sns;

/// <summary>HTTP subscriptions receive the signed SNS JSON envelope on a loopback receiver run by the test.</summary>
public sealed class SnsHttpDeliveryTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Body, Dictionary<string, string> Headers)> _received = new();
    private int _failuresToInject;
    private SnsTestHost _host = null!;
    private LoopbackApp _receiver = null!;

    public async Task InitializeAsync()
    {
        _host = await SnsTestHost.StartAsync();
        _receiver = await LoopbackApp.StartAsync(async context =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            if (Interlocked.Decrement(ref _failuresToInject) >= 0)
            {
                context.Response.StatusCode = 503;
                return;
            }

            _received.Enqueue((body, context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            context.Response.StatusCode = 200;
        });
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Publish_WhenHttpSubscribed_ShouldPostTheSignedNotificationEnvelopeWithAttributes()
    {
        var endpoint = new Uri(_receiver.BaseUrl, "/sns").ToString();
        var results = await _host.Boto3Async("""
            [
              {"op": "create_topic", "args": {"Name": "hooks"}},
              {"op": "subscribe", "args": {"TopicArn": "$0.TopicArn", "Protocol": "http", "Endpoint": "@@endpoint@@"}},
              {"op": "publish", "args": {"TopicArn": "$0.TopicArn", "Subject": "hello", "Message": "body text",
                "MessageAttributes": {"verdict": {"DataType": "String", "StringValue": "approved"},
                                      "blob": {"DataType": "Binary", "BinaryValue": "aGVsbG8="}}}}
            ]
            """.Replace("@@endpoint@@", endpoint));
        var subscriptionArn = results[1].GetProperty("result").GetProperty("SubscriptionArn").GetString();
        var messageId = results[2].GetProperty("result").GetProperty("MessageId").GetString();

        await _host.WhenIdleAsync();

        var (body, headers) = Assert.Single(_received);
        Assert.Equal("Notification", headers["x-amz-sns-message-type"]);
        Assert.Equal(messageId, headers["x-amz-sns-message-id"]);
        Assert.Equal(subscriptionArn, headers["x-amz-sns-subscription-arn"]);
        var envelope = JsonDocument.Parse(body).RootElement;
        Assert.Equal("Notification", envelope.GetProperty("Type").GetString());
        Assert.Equal(messageId, envelope.GetProperty("MessageId").GetString());
        Assert.Equal("arn:aws:sns:eu-north-1:123456789012:hooks", envelope.GetProperty("TopicArn").GetString());
        Assert.Equal("hello", envelope.GetProperty("Subject").GetString());
        Assert.Equal("body text", envelope.GetProperty("Message").GetString());
        Assert.Equal("1", envelope.GetProperty("SignatureVersion").GetString());
        Assert.Contains("Action=Unsubscribe", envelope.GetProperty("UnsubscribeURL").GetString(), StringComparison.Ordinal);
        Assert.EndsWith(".pem", envelope.GetProperty("SigningCertURL").GetString(), StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", envelope.GetProperty("Timestamp").GetString());
        var attributes = envelope.GetProperty("MessageAttributes");
        Assert.Equal("String", attributes.GetProperty("verdict").GetProperty("Type").GetString());
        Assert.Equal("approved", attributes.GetProperty("verdict").GetProperty("Value").GetString());
        Assert.Equal("Binary", attributes.GetProperty("blob").GetProperty("Type").GetString());
        Assert.Equal("aGVsbG8=", attributes.GetProperty("blob").GetProperty("Value").GetString());

        // The signature verifies against the certificate the endpoint serves, over SNS's canonical string.
        using var http = new HttpClient();
        var pem = await http.GetStringAsync(new Uri(_host.BaseUrl, "/SimpleNotificationService-local.pem"));
        using var certificate = X509Certificate2.CreateFromPem(pem);
        using var rsa = certificate.GetRSAPublicKey()!;
        var canonical = $"Message\nbody text\nMessageId\n{messageId}\nSubject\nhello\nTimestamp\n{envelope.GetProperty("Timestamp").GetString()}\nTopicArn\narn:aws:sns:eu-north-1:123456789012:hooks\nType\nNotification\n";
        Assert.True(rsa.VerifyData(Encoding.UTF8.GetBytes(canonical), Convert.FromBase64String(envelope.GetProperty("Signature").GetString()!), HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public async Task Publish_WhenRawMessageDeliveryAndReceiverFailsOnce_ShouldRetryAndPostTheRawMessage()
    {
        _failuresToInject = 1;
        var endpoint = new Uri(_receiver.BaseUrl, "/raw").ToString();
        await _host.Boto3Async("""
            [
              {"op": "create_topic", "args": {"Name": "hooks"}},
              {"op": "subscribe", "args": {"TopicArn": "$0.TopicArn", "Protocol": "http", "Endpoint": "@@endpoint@@",
                "Attributes": {"RawMessageDelivery": "true"}}},
              {"op": "publish", "args": {"TopicArn": "$0.TopicArn", "Message": "{\"raw\":true}"}}
            ]
            """.Replace("@@endpoint@@", endpoint));

        await _host.WhenIdleAsync();

        var (body, _) = Assert.Single(_received);
        Assert.Equal("{\"raw\":true}", body);
        var delivery = Assert.Single(_host.Endpoint.Deliveries);
        Assert.True(delivery.Succeeded);
        Assert.Equal(2, delivery.Attempts);
    }

    [Fact]
    public async Task Publish_WhenReceiverKeepsFailing_ShouldRecordTheFailureInTheFailureLog()
    {
        _failuresToInject = 100;
        var endpoint = new Uri(_receiver.BaseUrl, "/down").ToString();
        await _host.Boto3Async("""
            [
              {"op": "create_topic", "args": {"Name": "hooks"}},
              {"op": "subscribe", "args": {"TopicArn": "$0.TopicArn", "Protocol": "http", "Endpoint": "@@endpoint@@"}},
              {"op": "publish", "args": {"TopicArn": "$0.TopicArn", "Message": "lost?"}}
            ]
            """.Replace("@@endpoint@@", endpoint));

        await _host.WhenIdleAsync();

        var delivery = Assert.Single(_host.Endpoint.Deliveries);
        Assert.False(delivery.Succeeded);
        Assert.Equal(3, delivery.Attempts);
        var line = Assert.Single(await File.ReadAllLinesAsync(Path.Combine(_host.DataDirectory, "sns-delivery-failures.jsonl")));
        var logged = JsonDocument.Parse(line).RootElement;
        Assert.Equal("HTTP 503", logged.GetProperty("error").GetString());
        Assert.Equal(endpoint, logged.GetProperty("endpoint").GetString());
    }
}
