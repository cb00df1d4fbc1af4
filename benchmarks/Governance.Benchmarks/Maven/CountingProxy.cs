using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Governance.Benchmarks.Maven;

/// <summary>One request Maven made, as the proxy forwarded it.</summary>
/// <param name="StartMs">when it arrived, in ms since the proxy started</param>
/// <param name="ServerMs">forward to the stack until its whole response was read: the stack's time plus one loopback hop</param>
public sealed record ProxiedRequest(string Method, string Path, int Status, long Bytes, double StartMs, double ServerMs);

/// <summary>
/// A loopback HTTP proxy in front of the local stack's Maven endpoint, used only in the (untimed) profile builds: it
/// counts every request Maven makes, including the ones its transfer log does not show (the 401 challenge before
/// credentials, checksum files, misses), and times each one from the client side. The emulator itself is not
/// instrumented.
/// </summary>
public sealed class CountingProxy : IAsyncDisposable
{
    private static readonly HashSet<string> CopiedResponseHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "WWW-Authenticate", "Content-Type", "Last-Modified", "ETag",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _client;
    private readonly Uri _target;
    private readonly ConcurrentQueue<ProxiedRequest> _requests = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _inFlight;
    private int _maxInFlight;

    private CountingProxy(WebApplication app, Uri target)
    {
        _app = app;
        _target = target;
        _client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
        });
    }

    /// <summary>The proxy's base URL: the stack's URL with the proxy's port.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<CountingProxy> StartAsync(Uri target, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0);
            options.AddServerHeader = false;
        });
        var app = builder.Build();
        var proxy = new CountingProxy(app, target);
        app.Run(proxy.ForwardAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        proxy.BaseUrl = new Uri(new Uri(address).GetLeftPart(UriPartial.Authority).Replace("localhost", "127.0.0.1", StringComparison.Ordinal) + "/");
        return proxy;
    }

    /// <summary>
    /// The requests forwarded since the last call, in arrival order, and the most that were in flight at once; both
    /// start again from nothing.
    /// </summary>
    public (IReadOnlyList<ProxiedRequest> Requests, int MaxConcurrent) Drain()
    {
        var taken = new List<ProxiedRequest>();
        while (_requests.TryDequeue(out var request))
        {
            taken.Add(request);
        }

        return (taken.OrderBy(r => r.StartMs).ToList(), Interlocked.Exchange(ref _maxInFlight, 0));
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _maxInFlight, inFlight);
        var start = _clock.Elapsed.TotalMilliseconds;
        try
        {
            var pathAndQuery = context.Request.Path.Value + context.Request.QueryString.Value;
            using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(_target, pathAndQuery));
            foreach (var (name, values) in context.Request.Headers)
            {
                if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)
                    || name.Equals("Connection", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                request.Headers.TryAddWithoutValidation(name, values.ToArray());
            }

            if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
            {
                var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body, context.RequestAborted);
                body.Position = 0;
                request.Content = new StreamContent(body);
                if (context.Request.ContentType is { } type)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
                }
            }

            var forwarded = Stopwatch.StartNew();
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, context.RequestAborted);
            var content = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
            var serverMs = forwarded.Elapsed.TotalMilliseconds;

            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var header in response.Headers.Concat(response.Content.Headers))
            {
                if (CopiedResponseHeaders.Contains(header.Key))
                {
                    context.Response.Headers[header.Key] = header.Value.ToArray();
                }
            }

            context.Response.ContentLength = response.Content.Headers.ContentLength ?? content.Length;
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await context.Response.Body.WriteAsync(content, context.RequestAborted);
            }

            _requests.Enqueue(new ProxiedRequest(context.Request.Method, context.Request.Path.Value ?? "", (int)response.StatusCode,
                content.Length, start, serverMs));
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var current = Volatile.Read(ref target); value > current; current = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _client.Dispose();
    }
}
