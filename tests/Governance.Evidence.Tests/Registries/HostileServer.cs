using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Governance.Evidence.Tests.Registries;

/// <summary>A Kestrel app on a free loopback port answering with a test's handler, recording every path it is asked.</summary>
public sealed class HostileServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HostileServer(WebApplication app, ConcurrentQueue<string> requests)
    {
        _app = app;
        Requests = requests;
        BaseUrl = new Uri(app.Urls.First().TrimEnd('/') + "/");
    }

    public Uri BaseUrl { get; }

    /// <summary>"METHOD /path" of every request, in arrival order.</summary>
    public ConcurrentQueue<string> Requests { get; }

    public static async Task<HostileServer> StartAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var requests = new ConcurrentQueue<string>();
        app.Run(context =>
        {
            requests.Enqueue($"{context.Request.Method} {context.Request.Path}");
            return handler(context);
        });
        using var startup = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await app.StartAsync(startup.Token);
        return new HostileServer(app, requests);
    }

    public static Task Text(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
