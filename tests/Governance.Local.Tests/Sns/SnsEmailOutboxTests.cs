using System.Text.Json;
using Governance.Local.Tests.Support;
using Governance.TestSupport;

namespace Governance.Local.Tests.Sns;

/// <summary>Email deliveries are .eml files a standard mail parser (Python's email package) reads cleanly.</summary>
public sealed class SnsEmailOutboxTests : SnsHostTests
{
    [Fact]
    public async Task Publish_WhenEmailSubscribed_ShouldWriteAnRfc5322MessageWithHeadersEmailTextAndUnsubscribeFooter()
    {
        // A long line and non-ASCII text in the subject and body: the file must still be valid (encoded) mail.
        var longLine = string.Concat(Enumerable.Repeat("sha256 mismatch ", 40));
        var structured = JsonSerializer.Serialize(JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["default"] = "{\"verdict\":\"rejected\"}",
            ["email"] = "café 1.0.0 was quarantined.\nReason: " + longLine,
        }));
        var results = await Host.Boto3Async("""
            [
              {"op": "create_topic", "args": {"Name": "mail", "Attributes": {"DisplayName": "Package Governance"}}},
              {"op": "subscribe", "args": {"TopicArn": "$0.TopicArn", "Protocol": "email", "Endpoint": "platform@example.com"}},
              {"op": "publish", "args": {"TopicArn": "$0.TopicArn", "Subject": "Quarantined: café 1.0.0", "MessageStructure": "json",
                "Message": @@structured@@}}
            ]
            """.Replace("@@structured@@", structured));
        var subscriptionArn = results[1].GetProperty("result").GetProperty("SubscriptionArn").GetString()!;
        var messageId = results[2].GetProperty("result").GetProperty("MessageId").GetString()!;
        await Host.WhenIdleAsync();
        var file = Assert.Single(Directory.GetFiles(Host.OutboxDirectory, "*.eml"));

        var parsed = await ParseMailAsync(file);

        Assert.True(parsed.ExitCode == 0, parsed.ToString());
        var mail = JsonDocument.Parse(parsed.StandardOutput).RootElement;
        Assert.Empty(mail.GetProperty("defects").EnumerateArray());
        Assert.Equal("no-reply@sns.amazonaws.com", mail.GetProperty("from_address").GetString());
        Assert.Equal("Package Governance <no-reply@sns.amazonaws.com>", mail.GetProperty("from").GetString());
        Assert.Equal("platform@example.com", mail.GetProperty("to").GetString());
        Assert.Equal("Quarantined: café 1.0.0", mail.GetProperty("subject").GetString());
        Assert.True(DateTimeOffset.UtcNow - DateTimeOffset.Parse(mail.GetProperty("date_iso").GetString()!) < TimeSpan.FromMinutes(5));
        Assert.Contains(messageId, mail.GetProperty("message_id").GetString(), StringComparison.Ordinal);
        Assert.Equal("text/plain", mail.GetProperty("content_type").GetString());
        Assert.Equal("utf-8", mail.GetProperty("charset").GetString());
        var body = mail.GetProperty("body").GetString()!.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.StartsWith("café 1.0.0 was quarantined.\nReason: " + longLine, body, StringComparison.Ordinal);
        Assert.Contains("If you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:", body, StringComparison.Ordinal);
        Assert.Contains("Action=Unsubscribe&SubscriptionArn=" + Uri.EscapeDataString(subscriptionArn), body, StringComparison.Ordinal);
        Assert.Contains("Please do not reply directly to this email.", body, StringComparison.Ordinal);
        Assert.All(File.ReadAllLines(file), line => Assert.True(line.Length <= 998, "RFC 5322 line limit"));
    }

    [Fact]
    public async Task Publish_WhenPlainMessageWithoutSubject_ShouldUseTheDefaultTextAndSnsDefaultSubject()
    {
        await Host.Boto3Async("""
            [
              {"op": "create_topic", "args": {"Name": "mail"}},
              {"op": "subscribe", "args": {"TopicArn": "$0.TopicArn", "Protocol": "email", "Endpoint": "a@example.com"}},
              {"op": "publish", "args": {"TopicArn": "$0.TopicArn", "Message": "plain body"}}
            ]
            """);
        await Host.WhenIdleAsync();
        var file = Assert.Single(Directory.GetFiles(Host.OutboxDirectory, "*.eml"));

        var parsed = await ParseMailAsync(file);

        var mail = JsonDocument.Parse(parsed.StandardOutput).RootElement;
        Assert.Equal("AWS Notification Message", mail.GetProperty("subject").GetString());
        Assert.StartsWith("plain body\n", mail.GetProperty("body").GetString()!.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    /// <summary>Python's standard mail parser (Fixtures/parse_eml.py) reads the file and reports what it found.</summary>
    private static Task<ProcessResult> ParseMailAsync(string file) =>
        ProcessRunner.RunAsync("python3", [OutputFile.Path("Sns", "Fixtures", "parse_eml.py"), file], SnsTestHost.ClientEnvironment(), timeout: TimeSpan.FromSeconds(60));
}
