using System.Collections.Concurrent;
using Governance.TestSupport;
using Microsoft.AspNetCore.Http;

namespace Governance.Evidence.Tests.Registries;

/// <summary>A loopback server answering with a test's handler, recording every path it is asked.</summary>
public sealed class HostileServer : IAsyncDisposable
{
    private readonly LoopbackApp _app;

    private HostileServer(LoopbackApp app, ConcurrentQueue<string> requests)
    {
        _app = app;
        Requests = requests;
    }

    /// <summary>The server's root, with the trailing slash the registries resolve their paths against.</summary>
    public Uri BaseUrl => _app.BaseUrl;

    /// <summary>"METHOD /path" of every request, in arrival order.</summary>
    public ConcurrentQueue<string> Requests { get; }

    public static async Task<HostileServer> StartAsync(RequestDelegate handler)
    {
        var requests = new ConcurrentQueue<string>();
        var app = await LoopbackApp.StartAsync(context =>
        {
            requests.Enqueue($"{context.Request.Method} {context.Request.Path}");
            return handler(context);
        });
        return new HostileServer(app, requests);
    }

    public static Task Text(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsync(body);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
