using Governance.Local.Slack;

namespace Governance.Functions.Tests.Support;

/// <summary>
/// The local Slack capture endpoint served by a <see cref="LoopbackApp"/> (a free loopback port), writing what it
/// accepts into an outbox folder of its own, for the notify unit tests.
/// </summary>
public sealed class LoopbackSlack : IAsyncDisposable
{
    public const string SecretPart = "XXSECRETXXwebhookTOKEN42";

    private readonly LoopbackApp _app;
    private readonly TempFolder _outbox;

    private LoopbackSlack(LoopbackApp app, TempFolder outbox, SlackCaptureEndpoint capture)
    {
        _app = app;
        _outbox = outbox;
        Capture = capture;
    }

    public SlackCaptureEndpoint Capture { get; }

    /// <summary>A webhook URL with a secret-looking path, so tests can prove it never reaches a log line.</summary>
    public Uri Webhook => new(_app.BaseUrl, $"/services/T0TEST/B0TEST/{SecretPart}");

    public static async Task<LoopbackSlack> StartAsync()
    {
        var outbox = new TempFolder("governance-slack");
        var capture = new SlackCaptureEndpoint(outbox.Path);
        return new LoopbackSlack(await LoopbackApp.StartAsync(capture.HandleAsync), outbox, capture);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _outbox.Dispose();
    }
}
