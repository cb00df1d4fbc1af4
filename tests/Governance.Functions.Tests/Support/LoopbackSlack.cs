using Governance.Local.Slack;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Governance.Functions.Tests.Support;

/// <summary>The local Slack capture endpoint on its own loopback Kestrel (a free port), for the notify unit tests.</summary>
public sealed class LoopbackSlack : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackSlack(WebApplication app, SlackCaptureEndpoint capture, Uri webhook)
    {
        _app = app;
        Capture = capture;
        Webhook = webhook;
    }

    public SlackCaptureEndpoint Capture { get; }

    /// <summary>A webhook URL with a secret-looking path, so tests can prove it never reaches a log line.</summary>
    public Uri Webhook { get; }

    public const string SecretPart = "XXSECRETXXwebhookTOKEN42";

    public static async Task<LoopbackSlack> StartAsync(string outbox)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var capture = new SlackCaptureEndpoint(outbox);
        app.Run(capture.HandleAsync);
        await app.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackSlack(app, capture, new Uri(new Uri(address), $"/services/T0TEST/B0TEST/{SecretPart}"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        await _app.DisposeAsync();
    }
}
