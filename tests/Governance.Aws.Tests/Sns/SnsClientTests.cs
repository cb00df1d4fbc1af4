using System.Text.Json;
using System.Web;
using Amazon.Runtime;
using Governance.Aws.Sns;
using Governance.Aws.Tests.Support;
using Governance.Core.Ports;

namespace Governance.Aws.Tests.Sns;

/// <summary>The SNS client against moto_server, an independent implementation of the awsQuery wire format.</summary>
[Collection(MotoServerGroup.Name)]
public sealed class SnsClientTests(MotoServerFixture moto)
{
    private static CancellationToken Bounded() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    private SnsClient Client() => new(TestEnvironment.Credentials, new SnsConfig().AtLoopback(moto.Endpoint));

    [Fact]
    public async Task CreateTopicSubscribePublish_WhenRunAgainstMoto_ShouldDeliverTheStructuredMessageToAnHttpSubscriber()
    {
        var deliveries = new List<JsonElement>();
        var delivered = new TaskCompletionSource();
        await using var subscriber = new LoopbackHttpServer(async e =>
        {
            using var doc = JsonDocument.Parse(e.Request.Body);
            var envelope = doc.RootElement.Clone();
            await e.RespondAsync(200, string.Empty);
            if (envelope.GetProperty("Type").GetString() == "Notification")
            {
                lock (deliveries)
                {
                    deliveries.Add(envelope);
                }

                delivered.TrySetResult();
            }
        });
        using var client = Client();
        var topic = await client.CreateTopicAsync(new CreateTopicRequest { Name = "package-events-" + Guid.NewGuid().ToString("N")[..8] }, Bounded());
        Assert.StartsWith($"arn:aws:sns:{TestEnvironment.Region}:", topic.TopicArn);
        var subscribed = await client.SubscribeAsync(new SubscribeRequest { TopicArn = topic.TopicArn, Protocol = "http", Endpoint = subscriber.BaseUri + "hook" }, Bounded());
        Assert.False(string.IsNullOrEmpty(subscribed.SubscriptionArn));
        var listed = new List<Subscription>();
        await foreach (var page in client.ListSubscriptionsByTopicPagesAsync(topic.TopicArn!, Bounded()))
        {
            listed.AddRange(page.Subscriptions);
        }

        var subscription = Assert.Single(listed);
        Assert.Equal("http", subscription.Protocol);
        Assert.Equal(subscriber.BaseUri + "hook", subscription.Endpoint);

        var publisher = new SnsNotificationPublisher(client, topic.TopicArn!);
        var messageId = await publisher.PublishAsync(new NotificationMessage(
            "Package secret-mission 1.0.0\r\npublished",
            "Hello reviewer, <b>escaped</b> & readable",
            """{"verdict":"pass","package":"secret-mission"}""",
            new Dictionary<string, string> { ["verdict"] = "pass", ["format"] = "generic" }), Bounded());
        Assert.False(string.IsNullOrEmpty(messageId));

        await delivered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var notification = deliveries.Single();
        Assert.Equal(messageId, notification.GetProperty("MessageId").GetString());
        // An http subscriber receives the "default" key of a MessageStructure=json message.
        Assert.Equal("""{"verdict":"pass","package":"secret-mission"}""", notification.GetProperty("Message").GetString());
        Assert.Equal("Package secret-mission 1.0.0  published", notification.GetProperty("Subject").GetString());
    }

    [Fact]
    public async Task Publish_WhenAttributesOfEveryTypeGiven_ShouldBeAcceptedAndEncodedAsTheCliDoes()
    {
        using var client = Client();
        var topic = await client.CreateTopicAsync(new CreateTopicRequest { Name = "attrs-" + Guid.NewGuid().ToString("N")[..8] }, Bounded());
        var request = new PublishRequest { TopicArn = topic.TopicArn, Message = "plain text", Subject = "s" };
        request.MessageAttributes["packageFormat"] = MessageAttributeValue.OfString("generic");
        request.MessageAttributes["severity"] = MessageAttributeValue.OfNumber("3");
        request.MessageAttributes["blob"] = MessageAttributeValue.OfBinary("hello"u8.ToArray());
        var response = await client.PublishAsync(request, Bounded());
        Assert.False(string.IsNullOrEmpty(response.MessageId));
        Assert.False(string.IsNullOrEmpty(response.ResponseMetadata.RequestId));
    }

    [Fact]
    public async Task Publish_WhenTopicDoesNotExist_ShouldThrowSnsExceptionWithWireCode()
    {
        using var client = Client();
        var error = await Assert.ThrowsAsync<SnsException>(() => client.PublishAsync(new PublishRequest
        {
            TopicArn = $"arn:aws:sns:{TestEnvironment.Region}:123456789012:does-not-exist",
            Message = "m",
        }, Bounded()));
        Assert.Equal("NotFound", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.StatusCode);
        Assert.False(string.IsNullOrEmpty(error.Message));
    }

    [Fact]
    public async Task Publish_WhenSubjectTooLong_ShouldSurfaceInvalidParameter()
    {
        using var client = Client();
        var topic = await client.CreateTopicAsync(new CreateTopicRequest { Name = "bad-" + Guid.NewGuid().ToString("N")[..8] }, Bounded());
        var error = await Assert.ThrowsAsync<SnsException>(() => client.PublishAsync(new PublishRequest
        {
            TopicArn = topic.TopicArn, Message = "m", Subject = new string('s', 101),
        }, Bounded()));
        Assert.Equal("InvalidParameter", error.ErrorCode);
    }
}

/// <summary>SNS form POSTs, captured on loopback and checked by botocore's SigV4.</summary>
public sealed class SnsClientSignatureTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Publish_WhenVerifiedByBotocore_ShouldCarryValidSigV4Signature(bool withSessionToken)
    {
        await using var server = new LoopbackHttpServer(e => e.RespondAsync(200,
            """<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>""",
            ("Content-Type", "text/xml")));
        var token = withSessionToken ? "IQoJb3JpZ2luX2VjE/session+token==" : null;
        AWSCredentials credentials = token is null ? TestEnvironment.Credentials : new SessionAWSCredentials(TestEnvironment.AccessKey, TestEnvironment.SecretKey, token);
        using var client = new SnsClient(credentials, new SnsConfig().AtLoopback(server.BaseUri));
        var request = new PublishRequest
        {
            TopicArn = "arn:aws:sns:eu-north-1:123456789012:package-events",
            Subject = "Package secret-mission 1.0.0 published",
            Message = """{"default":"plain text","email":"Email body ü"}""",
            MessageStructure = "json",
        };
        request.MessageAttributes["packageFormat"] = MessageAttributeValue.OfString("generic");
        request.MessageAttributes["severity"] = MessageAttributeValue.OfNumber("3");
        request.MessageAttributes["blob"] = MessageAttributeValue.OfBinary("hello"u8.ToArray());
        var response = await client.PublishAsync(request);
        Assert.Equal("m-1", response.MessageId);
        Assert.Equal("r-1", response.ResponseMetadata.RequestId);

        var captured = server.Requests.Single();
        Assert.Equal("POST", captured.Method);
        Assert.StartsWith("application/x-www-form-urlencoded", captured.Header("Content-Type"));
        var form = HttpUtility.ParseQueryString(captured.BodyText);
        Assert.Equal("Publish", form["Action"]);
        Assert.Equal("2010-03-31", form["Version"]);
        Assert.Equal("""{"default":"plain text","email":"Email body ü"}""", form["Message"]);
        Assert.Equal("severity", form["MessageAttributes.entry.2.Name"]);
        Assert.Equal("Number", form["MessageAttributes.entry.2.Value.DataType"]);
        Assert.Equal("aGVsbG8=", form["MessageAttributes.entry.3.Value.BinaryValue"]);

        var verdict = Assert.Single(await BotocoreSigV4Verifier.VerifyAsync(server.Requests, TestEnvironment.AccessKey, TestEnvironment.SecretKey, token));
        Assert.True(verdict.Ok, verdict.Raw);
        Assert.Equal("sns", verdict.Service);
    }

    [Theory]
    [InlineData(500, "InternalError")]
    [InlineData(400, "Throttling")]
    public async Task Publish_WhenServerFailsOnceTransiently_ShouldRetryAndSucceed(int status, string code)
    {
        var attempt = 0;
        await using var server = new LoopbackHttpServer(e => Interlocked.Increment(ref attempt) == 1
            ? e.RespondAsync(status, $"<ErrorResponse><Error><Type>Receiver</Type><Code>{code}</Code><Message>try again</Message></Error><RequestId>r</RequestId></ErrorResponse>", ("Content-Type", "text/xml"))
            : e.RespondAsync(200, "<PublishResponse><PublishResult><MessageId>m-2</MessageId></PublishResult></PublishResponse>", ("Content-Type", "text/xml")));
        using var client = new SnsClient(TestEnvironment.Credentials, new SnsConfig().AtLoopback(server.BaseUri));
        var response = await client.PublishAsync(new PublishRequest { TopicArn = "arn:aws:sns:eu-north-1:1:t", Message = "m" }, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        Assert.Equal("m-2", response.MessageId);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Publish_WhenServerReturnsXmlError_ShouldThrowWithCodeAndRequestId()
    {
        await using var server = new LoopbackHttpServer(e => e.RespondAsync(400,
            """<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>InvalidParameter</Code><Message>Invalid parameter: Subject</Message></Error><RequestId>req-9</RequestId></ErrorResponse>""",
            ("Content-Type", "text/xml")));
        using var client = new SnsClient(TestEnvironment.Credentials, new SnsConfig().AtLoopback(server.BaseUri));
        var error = await Assert.ThrowsAsync<SnsException>(() => client.PublishAsync(new PublishRequest { TopicArn = "arn:aws:sns:eu-north-1:1:t", Message = "m" }));
        Assert.Equal("InvalidParameter", error.ErrorCode);
        Assert.Equal("Invalid parameter: Subject", error.Message);
        Assert.Equal("req-9", error.RequestId);
        Assert.Equal(ErrorType.Sender, error.ErrorType);
        Assert.Single(server.Requests);
    }
}
