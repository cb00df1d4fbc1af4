using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Governance.Evidence.Tests.Osv;

/// <summary>
/// A Kestrel server on 127.0.0.1:0 whose answers the test scripts: hostile, slow, broken or paginated, whatever
/// osv.dev might do on a bad day. Records each request (method, path, body) for the test to check.
/// </summary>
public sealed class ScriptedOsvServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ScriptedOsvServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public ConcurrentQueue<(string Method, string Path, string Body)> Requests { get; } = new();

    public int Count(string pathPrefix) => Requests.Count(r => r.Path.StartsWith(pathPrefix, StringComparison.Ordinal));

    public static async Task<ScriptedOsvServer> StartAsync(Func<HttpContext, string, Task> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        ScriptedOsvServer? server = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            server!.Requests.Enqueue((context.Request.Method, context.Request.Path.Value ?? "", body));
            await answer(context, body);
        });
        using var startup = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await app.StartAsync(startup.Token);
        server = new ScriptedOsvServer(app, new Uri(app.Urls.First() + "/"));
        return server;
    }

    public static async Task JsonAsync(HttpContext context, string json, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
