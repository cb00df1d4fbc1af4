using Governance.Functions.Notify;
using Governance.Functions.Tests.Support;

namespace Governance.Functions.Tests.Notify;

public sealed class SlackWebhookPosterTests : IAsyncLifetime
{
    private const string Payload = "{\"text\":\"hello\",\"blocks\":[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"hello\"}}]}";
    private LoopbackSlack _slack = null!;

    public async Task InitializeAsync() => _slack = await LoopbackSlack.StartAsync();

    [Fact]
    public async Task PostAsync_WhenSlackRateLimits_ShouldHonourRetryAfterAndDeliver()
    {
        _slack.Capture.RespondRateLimited(2, retryAfterSeconds: 0);
        var poster = new SlackWebhookPoster(new HttpClient(), maxAttempts: 4, maxDelay: TimeSpan.FromMilliseconds(200));

        var result = await poster.PostAsync(_slack.Webhook, Payload, CancellationToken.None);

        Assert.True(result.Delivered);
        Assert.Equal(3, result.Attempts);
        Assert.Equal([429, 429, 200], _slack.Capture.Records.Select(r => r.StatusCode).ToArray());
    }

    [Fact]
    public async Task PostAsync_WhenSlackHasServerErrors_ShouldRetryUntilDelivered()
    {
        _slack.Capture.RespondServerError(1);
        var poster = new SlackWebhookPoster(new HttpClient(), maxAttempts: 3, maxDelay: TimeSpan.FromMilliseconds(100));

        var result = await poster.PostAsync(_slack.Webhook, Payload, CancellationToken.None);

        Assert.True(result.Delivered);
        Assert.Equal(2, result.Attempts);
        Assert.Equal("ok", result.Detail);
    }

    [Fact]
    public async Task PostAsync_WhenSlackRejectsThePayload_ShouldReportSlackErrorWithoutRetrying()
    {
        var poster = new SlackWebhookPoster(new HttpClient(), maxAttempts: 4, maxDelay: TimeSpan.FromMilliseconds(50));

        var result = await poster.PostAsync(_slack.Webhook, "{\"text\":\"x\",\"blocks\":\"not an array\"}", CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.Equal(400, result.StatusCode);
        Assert.Equal("invalid_blocks_format", result.Detail);
        Assert.Equal(1, result.Attempts);
        Assert.Single(_slack.Capture.Records);
    }

    [Fact]
    public async Task PostAsync_WhenRateLimitOutlastsAttempts_ShouldReturnTheLast429()
    {
        _slack.Capture.RespondRateLimited(5, retryAfterSeconds: 0);
        var poster = new SlackWebhookPoster(new HttpClient(), maxAttempts: 2, maxDelay: TimeSpan.FromMilliseconds(50));

        var result = await poster.PostAsync(_slack.Webhook, Payload, CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.Equal(429, result.StatusCode);
        Assert.Equal(2, result.Attempts);
    }

    public async Task DisposeAsync() => await _slack.DisposeAsync();
}
