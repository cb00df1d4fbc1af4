using System.Net;
using System.Text;
using System.Text.Json;
using Governance.Local.Slack;
using Governance.TestSupport;

namespace Governance.Local.Tests.Slack;

/// <summary>The Slack webhook stand-in over HTTP on loopback.</summary>
public sealed class SlackCaptureEndpointTests : IAsyncLifetime
{
    private readonly TempFolder _directory = new();
    private readonly HttpClient _http = new();
    private SlackCaptureEndpoint _slack = null!;
    private LoopbackApp _app = null!;

    private Uri Webhook => new(_app.BaseUrl, "/services/T000/B000/XXXX");

    public async Task InitializeAsync()
    {
        _slack = new SlackCaptureEndpoint(_directory.Sub("slack"));
        _app = await LoopbackApp.StartAsync(_slack.HandleAsync);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _http.Dispose();
        _directory.Dispose();
    }

    private async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> PostAsync(string json)
    {
        var response = await _http.PostAsync(Webhook, new StringContent(json, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    private const string ValidPayload = """
        {"text": "gpl-thing 2.0.0 quarantined",
         "blocks": [
           {"type": "header", "text": {"type": "plain_text", "text": ":no_entry: gpl-thing 2.0.0 quarantined"}},
           {"type": "section", "text": {"type": "mrkdwn", "text": "*License* `GPL-3.0-only` is denied by policy."},
            "fields": [{"type": "mrkdwn", "text": "*Repository*\nnextwork-devops-cicd"}, {"type": "mrkdwn", "text": "*Format*\nnpm"}]},
           {"type": "divider"},
           {"type": "context", "elements": [{"type": "mrkdwn", "text": "rule license.denied"}]}
         ]}
        """;

    [Fact]
    public async Task HandleAsync_WhenPayloadIsValidBlockKit_ShouldAnswerOkAndWriteANumberedJsonFile()
    {
        var (status, body, _) = await PostAsync(ValidPayload);
        var (status2, _, _) = await PostAsync("""{"text": "second"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ok", body);
        Assert.Equal(HttpStatusCode.OK, status2);
        var files = Directory.GetFiles(_slack.OutboxDirectory, "*.json").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["slack-000001.json", "slack-000002.json"], files.Select(Path.GetFileName));
        var saved = JsonDocument.Parse(await File.ReadAllTextAsync(files[0])).RootElement;
        Assert.Equal("header", saved.GetProperty("blocks")[0].GetProperty("type").GetString());
        Assert.Equal("second", JsonDocument.Parse(await File.ReadAllTextAsync(files[1])).RootElement.GetProperty("text").GetString());
    }

    public static TheoryData<string, string> InvalidPayloads()
    {
        var tooMany = "{\"blocks\":[" + string.Join(',', Enumerable.Repeat("{\"type\":\"divider\"}", 51)) + "]}";
        var longHeader = JsonSerializer.Serialize(new { blocks = new[] { new { type = "header", text = new { type = "plain_text", text = new string('h', 151) } } } });
        var longSection = JsonSerializer.Serialize(new { blocks = new[] { new { type = "section", text = new { type = "mrkdwn", text = new string('s', 3001) } } } });
        return new TheoryData<string, string>
        {
            { "this is not json", "invalid_payload" },
            { "[1,2]", "invalid_payload" },
            { "{}", "no_text" },
            { tooMany, "invalid_blocks" },
            { longHeader, "invalid_blocks" },
            { longSection, "invalid_blocks" },
            { """{"blocks":[{"type":"header","text":{"type":"mrkdwn","text":"md header"}}]}""", "invalid_blocks" },
            { """{"blocks":[{"type":"carousel"}]}""", "invalid_blocks" },
            { """{"blocks":[{"type":"section"}]}""", "invalid_blocks" },
            { """{"blocks":"not an array"}""", "invalid_blocks_format" },
        };
    }

    [Theory]
    [MemberData(nameof(InvalidPayloads))]
    public async Task HandleAsync_WhenPayloadIsInvalid_ShouldAnswer400WithSlacksErrorStringAndWriteNothing(string payload, string expected)
    {
        var (status, body, _) = await PostAsync(payload);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(expected, body);
        Assert.Empty(Directory.GetFiles(_slack.OutboxDirectory));
        Assert.NotNull(Assert.Single(_slack.Records).Reason);
    }

    [Fact]
    public async Task HandleAsync_WhenRateLimitKnobIsSet_ShouldAnswer429WithRetryAfterThatManyTimes()
    {
        _slack.RespondRateLimited(times: 2, retryAfterSeconds: 7);

        var first = await PostAsync(ValidPayload);
        var second = await PostAsync(ValidPayload);
        var third = await PostAsync(ValidPayload);

        Assert.Equal(HttpStatusCode.TooManyRequests, first.Status);
        Assert.Equal(TimeSpan.FromSeconds(7), first.Response.Headers.RetryAfter!.Delta);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.Status);
        Assert.Equal(HttpStatusCode.OK, third.Status);
        Assert.Single(Directory.GetFiles(_slack.OutboxDirectory, "*.json"));
    }

    [Fact]
    public async Task HandleAsync_WhenServerErrorKnobIsSet_ShouldAnswer500ThatManyTimesThenAccept()
    {
        _slack.RespondServerError(times: 1);

        var first = await PostAsync(ValidPayload);
        var second = await PostAsync(ValidPayload);

        Assert.Equal(HttpStatusCode.InternalServerError, first.Status);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal([500, 200], _slack.Records.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task HandleAsync_WhenRequestIsNotPost_ShouldAnswer405()
    {
        var response = await _http.GetAsync(Webhook);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
