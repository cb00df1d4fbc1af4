using Governance.Local.Sns;
using Governance.TestSupport;

namespace Governance.Local.Tests.Sns;

/// <summary>The SNS rules without HTTP: the service over a real state store and dispatcher in a temporary folder.</summary>
public sealed class SnsServiceTests : IDisposable
{
    private const string Account = "123456789012";
    private const string Region = "eu-north-1";
    private const int Limit = 256 * 1024;

    private readonly TempFolder _directory = new();
    private readonly SnsNotificationSigner _signer = new();
    private readonly HttpClient _http = new();
    private readonly SnsDeliveryDispatcher _dispatcher;
    private readonly SnsService _service;

    public SnsServiceTests()
    {
        var data = _directory.Sub("data");
        _dispatcher = new SnsDeliveryDispatcher(
            new SnsEmailOutbox(_directory.Sub("outbox")), _http, null, _signer, new Uri("http://127.0.0.1:4566"), new SnsDeliveryOptions(),
            Path.Combine(data, "failures.jsonl"));
        _service = new SnsService(new SnsStateStore(data), _dispatcher);
    }

    public void Dispose()
    {
        _signer.Dispose();
        _http.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Publish_WhenMessageAndAttributesAreExactly256KiBOfUtf8_ShouldAcceptAndDeliver()
    {
        var topic = CreateTopic("limit");
        _service.Subscribe(Account, topic.Arn, SnsProtocols.Email, "dev@example.com", new Dictionary<string, string>());

        // 2-byte characters: a limit counted in characters instead of UTF-8 bytes would let far more through.
        var result = _service.Publish(Sized(topic.Arn, Limit));

        await WhenIdleAsync();
        var delivery = Assert.Single(_dispatcher.History);
        Assert.Equal(result.MessageId, delivery.MessageId);
        Assert.True(delivery.Succeeded, delivery.Detail);
    }

    [Fact]
    public async Task Publish_WhenMessageAndAttributesExceed256KiBByOneByte_ShouldRaiseInvalidParameterAndDeliverNothing()
    {
        var topic = CreateTopic("limit");
        _service.Subscribe(Account, topic.Arn, SnsProtocols.Email, "dev@example.com", new Dictionary<string, string>());

        var error = Assert.Throws<SnsException>(() => _service.Publish(Sized(topic.Arn, Limit + 1)));

        Assert.Equal("InvalidParameter", error.Code);
        Assert.Contains($"{Limit + 1} bytes", error.Message, StringComparison.Ordinal);
        await WhenIdleAsync();
        Assert.Empty(_dispatcher.History);
    }

    [Fact]
    public void Publish_WhenTopicDoesNotExist_ShouldRaiseNotFound()
    {
        var error = Assert.Throws<SnsException>(() => _service.Publish(new SnsPublishRequest { TopicArn = $"arn:aws:sns:{Region}:{Account}:missing", Message = "hi" }));

        Assert.Equal("NotFound", error.Code);
        Assert.Equal("Topic does not exist", error.Message);
    }

    [Fact]
    public void Publish_WhenMessageIsEmptyAndAnAttributeHasNoType_ShouldReportTheEmptyMessageFirst()
    {
        var request = new SnsPublishRequest
        {
            TopicArn = CreateTopic("t").Arn,
            Message = string.Empty,
            MessageAttributes = [KeyValuePair.Create("verdict", new SnsAttributeValue(string.Empty, "rejected", null))],
        };

        var error = Assert.Throws<SnsException>(() => _service.Publish(request));

        Assert.Equal("Invalid parameter: Empty message", error.Message);
        var typeless = Assert.Throws<SnsException>(() => _service.Publish(request with { Message = "x" }));
        Assert.Equal("ParameterValueInvalid", typeless.Code);
    }

    [Fact]
    public async Task Publish_WhenASubscriptionHasAFilterPolicy_ShouldDeliverOnlyToSubscriptionsWhosePolicyMatches()
    {
        var topic = CreateTopic("verdicts");
        var everyone = _service.Subscribe(Account, topic.Arn, SnsProtocols.Email, "everyone@example.com", new Dictionary<string, string>());
        var security = _service.Subscribe(Account, topic.Arn, SnsProtocols.Email, "security@example.com", new Dictionary<string, string>
        {
            [SnsAttributeNames.FilterPolicy] = """{"verdict":["rejected"]}""",
        });

        var approved = _service.Publish(WithVerdict(topic.Arn, "approved"));
        var rejected = _service.Publish(WithVerdict(topic.Arn, "rejected"));

        await WhenIdleAsync();
        var received = _dispatcher.History.Select(d => (d.SubscriptionArn, d.MessageId)).ToHashSet();
        Assert.Equal(3, received.Count);
        Assert.Contains((everyone.Arn, approved.MessageId), received);
        Assert.Contains((everyone.Arn, rejected.MessageId), received);
        Assert.Contains((security.Arn, rejected.MessageId), received);
    }

    [Fact]
    public void Publish_WhenTopicIsFifo_ShouldRequireAGroupIdAndNumberMessagesInOrder()
    {
        var fifo = _service.CreateTopic(Account, Region, "orders.fifo", new Dictionary<string, string> { [SnsAttributeNames.FifoTopic] = "true" });
        var plain = CreateTopic("plain");

        var missingGroup = Assert.Throws<SnsException>(() => _service.Publish(new SnsPublishRequest { TopicArn = fifo.Arn, Message = "x" }));
        var first = _service.Publish(new SnsPublishRequest { TopicArn = fifo.Arn, Message = "x", MessageGroupId = "g" });
        var second = _service.Publish(new SnsPublishRequest { TopicArn = fifo.Arn, Message = "y", MessageGroupId = "g" });
        var unordered = _service.Publish(new SnsPublishRequest { TopicArn = plain.Arn, Message = "z" });

        Assert.Contains("MessageGroupId", missingGroup.Message, StringComparison.Ordinal);
        Assert.Equal("00000000000000000001", first.SequenceNumber);
        Assert.Equal("00000000000000000002", second.SequenceNumber);
        Assert.Null(unordered.SequenceNumber);
    }

    [Fact]
    public void SetTopicAttribute_WhenTopicIsUnknownAndNameMissing_ShouldReportTheUnknownTopicFirst()
    {
        var unknown = Assert.Throws<SnsException>(() => _service.SetTopicAttribute($"arn:aws:sns:{Region}:{Account}:missing", null, null));
        var missingName = Assert.Throws<SnsException>(() => _service.SetTopicAttribute(CreateTopic("t").Arn, null, null));

        Assert.Equal("NotFound", unknown.Code);
        Assert.Equal("InvalidParameter", missingName.Code);
        Assert.Equal("Invalid parameter: AttributeName (a value is required)", missingName.Message);
    }

    [Fact]
    public void SetTopicAttribute_WhenAttributeIsComputed_ShouldRefuseItAndKeepTheReportedValue()
    {
        var topic = CreateTopic("t");

        var error = Assert.Throws<SnsException>(() => _service.SetTopicAttribute(topic.Arn, "SubscriptionsConfirmed", "7"));
        _service.SetTopicAttribute(topic.Arn, SnsAttributeNames.DisplayName, "Governance");

        Assert.Contains("read-only", error.Message, StringComparison.Ordinal);
        var attributes = _service.GetTopicAttributes(topic.Arn);
        Assert.Equal("0", attributes["SubscriptionsConfirmed"]);
        Assert.Equal("Governance", attributes[SnsAttributeNames.DisplayName]);
    }

    [Fact]
    public void Subscribe_WhenProtocolIsNotEmulated_ShouldRaiseInvalidParameterNamingIt()
    {
        var topic = CreateTopic("t");

        var error = Assert.Throws<SnsException>(() => _service.Subscribe(Account, topic.Arn, "sqs", "arn:aws:sqs:eu-north-1:1:q", new Dictionary<string, string>()));

        Assert.Equal("InvalidParameter", error.Code);
        Assert.Contains("sqs is not supported", error.Message, StringComparison.Ordinal);
        Assert.Empty(_service.ListSubscriptions(null).Items);
    }

    private SnsTopic CreateTopic(string name) => _service.CreateTopic(Account, Region, name, new Dictionary<string, string>());

    /// <summary>A publish whose message plus one attribute ("n", "String", "vv": 9 bytes) is exactly <paramref name="bytes"/> UTF-8 bytes.</summary>
    private static SnsPublishRequest Sized(string topicArn, int bytes)
    {
        var messageBytes = bytes - 9;
        var message = new string('é', messageBytes / 2) + new string('a', messageBytes % 2);
        return new SnsPublishRequest
        {
            TopicArn = topicArn,
            Message = message,
            MessageAttributes = [KeyValuePair.Create("n", new SnsAttributeValue("String", "vv", null))],
        };
    }

    private static SnsPublishRequest WithVerdict(string topicArn, string verdict) => new()
    {
        TopicArn = topicArn,
        Message = verdict,
        MessageAttributes = [KeyValuePair.Create("verdict", new SnsAttributeValue("String", verdict, null))],
    };

    private async Task WhenIdleAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _dispatcher.WhenIdleAsync(limit.Token);
    }
}
