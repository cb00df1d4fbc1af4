using System.Collections.Concurrent;
using Governance.TestSupport;
using Microsoft.AspNetCore.Http;

namespace Governance.Evidence.Tests.Osv;

/// <summary>
/// A loopback server whose answers the test scripts: hostile, slow, broken or paginated, whatever osv.dev might do on
/// a bad day. Records each request (method, path, body) for the test to check.
/// </summary>
public sealed class ScriptedOsvServer : IAsyncDisposable
{
    private readonly LoopbackApp _app;

    private ScriptedOsvServer(LoopbackApp app, ConcurrentQueue<(string Method, string Path, string Body)> requests)
    {
        _app = app;
        Requests = requests;
    }

    public Uri BaseUri => _app.BaseUrl;

    public ConcurrentQueue<(string Method, string Path, string Body)> Requests { get; }

    public int Count(string pathPrefix) => Requests.Count(r => r.Path.StartsWith(pathPrefix, StringComparison.Ordinal));

    public static async Task<ScriptedOsvServer> StartAsync(Func<HttpContext, string, Task> answer)
    {
        var requests = new ConcurrentQueue<(string Method, string Path, string Body)>();
        var app = await LoopbackApp.StartAsync(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            requests.Enqueue((context.Request.Method, context.Request.Path.Value ?? "", body));
            await answer(context, body);
        });
        return new ScriptedOsvServer(app, requests);
    }

    public static async Task JsonAsync(HttpContext context, string json, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json, context.RequestAborted);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
