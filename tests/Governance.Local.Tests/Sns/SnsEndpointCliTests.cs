using System.Text.Json;
using Governance.Local.Tests.Support;

namespace Governance.Local.Tests.Sns;

/// <summary>The real aws CLI against the local SNS endpoint: it must parse every response and error.</summary>
public sealed class SnsEndpointCliTests : SnsHostTests
{
    [Fact]
    public async Task AwsCli_WhenCreatingSubscribingPublishingAndListing_ShouldRoundTripThroughTheLocalEndpoint()
    {
        var created = await Host.AwsAsync("sns", "create-topic", "--name", "package-events");
        Assert.True(created.ExitCode == 0, created.ToString());
        var topicArn = JsonDocument.Parse(created.StandardOutput).RootElement.GetProperty("TopicArn").GetString();
        Assert.Equal("arn:aws:sns:eu-north-1:123456789012:package-events", topicArn);

        var subscribed = await Host.AwsAsync("sns", "subscribe", "--topic-arn", topicArn!, "--protocol", "email", "--notification-endpoint", "dev@example.com");
        Assert.True(subscribed.ExitCode == 0, subscribed.ToString());
        var subscriptionArn = JsonDocument.Parse(subscribed.StandardOutput).RootElement.GetProperty("SubscriptionArn").GetString();
        Assert.StartsWith(topicArn + ":", subscriptionArn, StringComparison.Ordinal);

        var published = await Host.AwsAsync("sns", "publish", "--topic-arn", topicArn!, "--subject", "Package secret-mission 1.0.0 published", "--message", "hello from the cli");
        Assert.True(published.ExitCode == 0, published.ToString());
        var messageId = JsonDocument.Parse(published.StandardOutput).RootElement.GetProperty("MessageId").GetString();
        Assert.True(Guid.TryParse(messageId, out _), published.StandardOutput);

        var listed = await Host.AwsAsync("sns", "list-subscriptions-by-topic", "--topic-arn", topicArn!);
        Assert.True(listed.ExitCode == 0, listed.ToString());
        var subscription = Assert.Single(JsonDocument.Parse(listed.StandardOutput).RootElement.GetProperty("Subscriptions").EnumerateArray());
        Assert.Equal(subscriptionArn, subscription.GetProperty("SubscriptionArn").GetString());
        Assert.Equal("email", subscription.GetProperty("Protocol").GetString());
        Assert.Equal("dev@example.com", subscription.GetProperty("Endpoint").GetString());
        Assert.Equal("123456789012", subscription.GetProperty("Owner").GetString());
        Assert.Equal(topicArn, subscription.GetProperty("TopicArn").GetString());

        await Host.WhenIdleAsync();
        var eml = Assert.Single(Directory.GetFiles(Host.OutboxDirectory, "*.eml"));
        Assert.Contains(messageId!, Path.GetFileName(eml), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsCli_WhenListingTopics_ShouldReturnEveryCreatedTopic()
    {
        await Host.AwsAsync("sns", "create-topic", "--name", "alpha");
        await Host.AwsAsync("sns", "create-topic", "--name", "beta");

        var listed = await Host.AwsAsync("sns", "list-topics");

        Assert.True(listed.ExitCode == 0, listed.ToString());
        var arns = JsonDocument.Parse(listed.StandardOutput).RootElement.GetProperty("Topics").EnumerateArray()
            .Select(t => t.GetProperty("TopicArn").GetString()).ToList();
        Assert.Equal(["arn:aws:sns:eu-north-1:123456789012:alpha", "arn:aws:sns:eu-north-1:123456789012:beta"], arns);
    }

    [Fact]
    public async Task AwsCli_WhenStructuredMessageHasNoDefault_ShouldFailWithInvalidParameter()
    {
        var created = await Host.AwsAsync("sns", "create-topic", "--name", "t1");
        var topicArn = JsonDocument.Parse(created.StandardOutput).RootElement.GetProperty("TopicArn").GetString();

        var published = await Host.AwsAsync("sns", "publish", "--topic-arn", topicArn!, "--message-structure", "json", "--message", "{\"email\":\"only email\"}");

        Assert.NotEqual(0, published.ExitCode);
        Assert.Contains("InvalidParameter", published.StandardError, StringComparison.Ordinal);
        Assert.Contains("No default entry in JSON message body", published.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsCli_WhenGettingTopicAttributes_ShouldReportTheConfirmedSubscriptionCount()
    {
        var created = await Host.AwsAsync("sns", "create-topic", "--name", "counted", "--attributes", "DisplayName=Governance");
        var topicArn = JsonDocument.Parse(created.StandardOutput).RootElement.GetProperty("TopicArn").GetString();
        await Host.AwsAsync("sns", "subscribe", "--topic-arn", topicArn!, "--protocol", "email", "--notification-endpoint", "a@example.com");

        var attributes = await Host.AwsAsync("sns", "get-topic-attributes", "--topic-arn", topicArn!);

        Assert.True(attributes.ExitCode == 0, attributes.ToString());
        var map = JsonDocument.Parse(attributes.StandardOutput).RootElement.GetProperty("Attributes");
        Assert.Equal("1", map.GetProperty("SubscriptionsConfirmed").GetString());
        Assert.Equal("0", map.GetProperty("SubscriptionsPending").GetString());
        Assert.Equal("Governance", map.GetProperty("DisplayName").GetString());
        Assert.Equal(topicArn, map.GetProperty("TopicArn").GetString());
    }
}
