using System.Text.Json;
using Governance.Local.Tests.Support;

namespace Governance.Local.Tests.Sns;

/// <summary>boto3 (botocore's awsQuery parser) against the local SNS endpoint.</summary>
public sealed class SnsEndpointBoto3Tests : SnsHostTests
{
    [Fact]
    public async Task Publish_WhenTopicDoesNotExist_ShouldRaiseClientErrorNotFoundWith404()
    {
        var results = await Host.Boto3Async("""
            [{"op": "publish", "args": {"TopicArn": "arn:aws:sns:eu-north-1:123456789012:missing", "Message": "hi"}}]
            """);

        var error = results[0].GetProperty("error");
        // botocore raises the modeled NotFoundException, a ClientError subclass, from the wire code NotFound.
        Assert.True(error.GetProperty("is_client_error").GetBoolean());
        Assert.Equal("NotFoundException", error.GetProperty("exception").GetString());
        Assert.Equal("NotFound", error.GetProperty("code").GetString());
        Assert.Equal("Topic does not exist", error.GetProperty("message").GetString());
        Assert.Equal("Sender", error.GetProperty("type").GetString());
        Assert.Equal(404, error.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Publish_WhenStructuredJsonWithAttributesAndFilterPolicy_ShouldDeliverPerProtocolTextOnlyToMatchingSubscribers()
    {
        var results = await Host.Boto3Async("""
            [
              {"op": "create_topic", "args": {"Name": "verdicts"}},
              {"op": "subscribe", "args": {"TopicArn": "$0.TopicArn", "Protocol": "email", "Endpoint": "security@example.com",
                "Attributes": {"FilterPolicy": "{\"verdict\": [\"rejected\"], \"licenses\": [{\"prefix\": \"GPL\"}]}"}, "ReturnSubscriptionArn": true}},
              {"op": "subscribe", "args": {"TopicArn": "$0.TopicArn", "Protocol": "email", "Endpoint": "everyone@example.com"}},
              {"op": "publish", "args": {"TopicArn": "$0.TopicArn", "Subject": "approved: left-pad 1.3.0", "MessageStructure": "json",
                "Message": "{\"default\": \"{\\\"verdict\\\":\\\"approved\\\"}\", \"email\": \"left-pad 1.3.0 was approved.\"}",
                "MessageAttributes": {"verdict": {"DataType": "String", "StringValue": "approved"},
                                      "licenses": {"DataType": "String.Array", "StringValue": "[\"MIT\"]"}}}},
              {"op": "publish", "args": {"TopicArn": "$0.TopicArn", "Subject": "rejected: gpl-thing 2.0.0", "MessageStructure": "json",
                "Message": "{\"default\": \"{\\\"verdict\\\":\\\"rejected\\\"}\", \"email\": \"gpl-thing 2.0.0 was quarantined.\"}",
                "MessageAttributes": {"verdict": {"DataType": "String", "StringValue": "rejected"},
                                      "licenses": {"DataType": "String.Array", "StringValue": "[\"MIT\", \"GPL-3.0-only\"]"},
                                      "severity": {"DataType": "Number", "StringValue": "3"}}}}
            ]
            """);
        Assert.All(results, r => Assert.True(r.TryGetProperty("result", out _), r.ToString()));
        var rejectedId = results[4].GetProperty("result").GetProperty("MessageId").GetString();

        await Host.WhenIdleAsync();

        var deliveries = Host.Endpoint.Deliveries;
        Assert.All(deliveries, d => Assert.True(d.Succeeded, d.Detail));
        var security = Assert.Single(deliveries, d => d.Endpoint == "security@example.com");
        Assert.Equal(rejectedId, security.MessageId);
        Assert.Equal(2, deliveries.Count(d => d.Endpoint == "everyone@example.com"));
        var securityMail = await File.ReadAllTextAsync(security.Detail);
        Assert.Contains("gpl-thing 2.0.0 was quarantined.", securityMail, StringComparison.Ordinal);
        Assert.DoesNotContain("\"verdict\"", securityMail.Split("\r\n\r\n", 2)[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_WhenFilterPolicyIsNotJson_ShouldRaiseInvalidParameter()
    {
        var results = await Host.Boto3Async("""
            [
              {"op": "create_topic", "args": {"Name": "t"}},
              {"op": "subscribe", "args": {"TopicArn": "$0.TopicArn", "Protocol": "email", "Endpoint": "a@example.com",
                "Attributes": {"FilterPolicy": "{not json"}}}
            ]
            """);

        var error = results[1].GetProperty("error");
        Assert.Equal("InvalidParameter", error.GetProperty("code").GetString());
        Assert.Equal(400, error.GetProperty("status").GetInt32());
        Assert.Contains("FilterPolicy", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetSubscriptionAttributes_WhenFilterPolicyAdded_ShouldStopNonMatchingMessages()
    {
        var results = await Host.Boto3Async("""
            [
              {"op": "create_topic", "args": {"Name": "t"}},
              {"op": "subscribe", "args": {"TopicArn": "$0.TopicArn", "Protocol": "email", "Endpoint": "a@example.com"}},
              {"op": "set_subscription_attributes", "args": {"SubscriptionArn": "$1.SubscriptionArn", "AttributeName": "FilterPolicy",
                "AttributeValue": "{\"format\": [\"npm\"]}"}},
              {"op": "get_subscription_attributes", "args": {"SubscriptionArn": "$1.SubscriptionArn"}},
              {"op": "publish", "args": {"TopicArn": "$0.TopicArn", "Message": "maven thing",
                "MessageAttributes": {"format": {"DataType": "String", "StringValue": "maven"}}}},
              {"op": "publish", "args": {"TopicArn": "$0.TopicArn", "Message": "npm thing",
                "MessageAttributes": {"format": {"DataType": "String", "StringValue": "npm"}}}}
            ]
            """);
        var attributes = results[3].GetProperty("result").GetProperty("Attributes");
        Assert.Equal("{\"format\": [\"npm\"]}", attributes.GetProperty("FilterPolicy").GetString());
        Assert.Equal("false", attributes.GetProperty("PendingConfirmation").GetString());

        await Host.WhenIdleAsync();

        var delivery = Assert.Single(Host.Endpoint.Deliveries);
        Assert.Equal(results[5].GetProperty("result").GetProperty("MessageId").GetString(), delivery.MessageId);
    }

    [Fact]
    public async Task Unsubscribe_WhenSubscriptionUnknown_ShouldRaiseNotFound_AndWhenKnown_ShouldRemoveIt()
    {
        var results = await Host.Boto3Async("""
            [
              {"op": "create_topic", "args": {"Name": "t"}},
              {"op": "subscribe", "args": {"TopicArn": "$0.TopicArn", "Protocol": "email", "Endpoint": "a@example.com"}},
              {"op": "unsubscribe", "args": {"SubscriptionArn": "$1.SubscriptionArn"}},
              {"op": "list_subscriptions_by_topic", "args": {"TopicArn": "$0.TopicArn"}},
              {"op": "unsubscribe", "args": {"SubscriptionArn": "$1.SubscriptionArn"}}
            ]
            """);

        Assert.Empty(results[3].GetProperty("result").GetProperty("Subscriptions").EnumerateArray());
        Assert.Equal("NotFound", results[4].GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("""{"TopicArn": "$0.TopicArn", "Message": "x", "Subject": "line\nbreak"}""", "Subject")]
    [InlineData("""{"TopicArn": "$0.TopicArn", "Message": "x", "MessageStructure": "json"}""", "Message Structure")]
    [InlineData("""{"TopicArn": "$0.TopicArn", "Message": "x", "MessageAttributes": {"n": {"DataType": "Number", "StringValue": "abc"}}}""", "number")]
    public async Task Publish_WhenParameterIsInvalid_ShouldRaiseAnErrorNamingIt(string publishArgs, string expectedInMessage)
    {
        var results = await Host.Boto3Async("""
            [
              {"op": "create_topic", "args": {"Name": "t"}},
              {"op": "publish", "args": @@publishArgs@@}
            ]
            """.Replace("@@publishArgs@@", publishArgs));

        var error = results[1].GetProperty("error");
        Assert.Equal(400, error.GetProperty("status").GetInt32());
        Assert.Contains(error.GetProperty("code").GetString(), new[] { "InvalidParameter", "ParameterValueInvalid" });
        Assert.Contains(expectedInMessage, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_WhenProtocolIsNotSupportedLocally_ShouldRaiseInvalidParameterNamingTheProtocol()
    {
        var results = await Host.Boto3Async("""
            [
              {"op": "create_topic", "args": {"Name": "t"}},
              {"op": "subscribe", "args": {"TopicArn": "$0.TopicArn", "Protocol": "sqs", "Endpoint": "arn:aws:sqs:eu-north-1:123456789012:q"}}
            ]
            """);

        var error = results[1].GetProperty("error");
        Assert.Equal("InvalidParameter", error.GetProperty("code").GetString());
        Assert.Contains("sqs", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endpoint_WhenRestartedOnTheSameDataFolder_ShouldKeepTopicsAndSubscriptions()
    {
        await Host.Boto3Async("""
            [
              {"op": "create_topic", "args": {"Name": "durable"}},
              {"op": "subscribe", "args": {"TopicArn": "$0.TopicArn", "Protocol": "email", "Endpoint": "a@example.com",
                 "Attributes": {"RawMessageDelivery": "true"}}}
            ]
            """);
        await RestartKeepingDataAsync();

        var results = await Host.Boto3Async("""
            [{"op": "list_subscriptions_by_topic", "args": {"TopicArn": "arn:aws:sns:eu-north-1:123456789012:durable"}}]
            """);

        var subscription = Assert.Single(results[0].GetProperty("result").GetProperty("Subscriptions").EnumerateArray());
        Assert.Equal("a@example.com", subscription.GetProperty("Endpoint").GetString());
        Assert.False(File.Exists(Path.Combine(Host.DataDirectory, "sns-state.json.tmp")));
        Assert.Empty(Directory.GetFiles(Host.DataDirectory, "*.tmp"));
        using var state = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Host.DataDirectory, "sns-state.json")));
        Assert.Equal("true", state.RootElement.GetProperty("Subscriptions")[0].GetProperty("Attributes").GetProperty("RawMessageDelivery").GetString());
    }
}
