using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Governance.Core.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Governance.Local.Edge;

/// <summary>
/// The single loopback HTTP endpoint. Unsigned routes are matched by path prefix first (npm registry, control
/// endpoints, captures); everything else must be SigV4-signed and is routed by the service in the credential
/// scope to the registered <see cref="IServiceEndpoint"/>.
/// </summary>
public sealed class EdgeServer : IAsyncDisposable
{
    /// <summary>JSON bodies without a declared payload hash are buffered to hash them; they are small by nature.</summary>
    private const long MaxBufferedBody = 16 * 1024 * 1024;

    private readonly ConcurrentDictionary<string, IServiceEndpoint> _services = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RequestDelegate> _paths = new(StringComparer.Ordinal);
    private readonly SigV4Verifier _verifier;
    private readonly LocalCredentials _credentials;
    private readonly IClock _clock;
    private WebApplication? _app;

    public EdgeServer(LocalCredentials credentials, IClock clock, string? region = null)
    {
        _credentials = credentials;
        _clock = clock;
        _verifier = new SigV4Verifier(credentials, TimeSpan.FromMinutes(15), region);
    }

    /// <summary>Called after authentication and before the service: lets fault injection answer instead.</summary>
    public Func<HttpContext, IServiceEndpoint, AwsError?>? BeforeDispatch { get; set; }

    public Uri BaseUri { get; private set; } = new("http://127.0.0.1:0/");

    public int Port => BaseUri.Port;

    public void Register(IServiceEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!_services.TryAdd(endpoint.SigningName, endpoint))
        {
            throw new InvalidOperationException($"an endpoint for service '{endpoint.SigningName}' is already registered");
        }
    }

    /// <summary>Maps an unsigned path prefix (e.g. <c>/npm/</c>) to a handler; longest prefix wins.</summary>
    public void MapPrefix(string prefix, RequestDelegate handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentNullException.ThrowIfNull(handler);
        if (!prefix.StartsWith('/'))
        {
            throw new ArgumentException("a path prefix starts with '/'", nameof(prefix));
        }

        if (!_paths.TryAdd(prefix, handler))
        {
            throw new InvalidOperationException($"the path prefix '{prefix}' is already mapped");
        }
    }

    public async Task StartAsync(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, port);
            options.Limits.MaxRequestBodySize = null;
            options.AddServerHeader = false;
        });
        _app = builder.Build();
        _app.Run(HandleAsync);
        await _app.StartAsync(cancellationToken);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUri = new Uri(new Uri(address).GetLeftPart(UriPartial.Authority).Replace("localhost", "127.0.0.1", StringComparison.Ordinal) + "/");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app = null;
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        var path = context.Request.Path.Value ?? "/";
        var mapped = _paths.Where(p => path.StartsWith(p.Key, StringComparison.Ordinal)).OrderByDescending(p => p.Key.Length).Select(p => p.Value).FirstOrDefault();
        var notText = RequestTargetText.Problem(context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? path);
        if (mapped is not null)
        {
            if (notText is not null)
            {
                await RequestTargetText.RefuseAsync(context, notText);
                return;
            }

            await mapped(context);
            return;
        }

        string? authorization = context.Request.Headers.Authorization;
        var serviceName = SigV4Verifier.ScopeService(authorization);
        IServiceEndpoint? endpoint = null;
        if (serviceName is not null)
        {
            _services.TryGetValue(serviceName, out endpoint);
            if (endpoint is null)
            {
                await RestJsonErrors.WriteAsync(context, new AwsError(HttpStatusCode.BadRequest, "UnknownServiceException",
                    $"The local stack does not emulate service '{serviceName}'; it serves: {string.Join(", ", _services.Keys.Order(StringComparer.Ordinal))}"));
                return;
            }
        }

        var request = ToSignedRequest(context);
        string? bufferedHash = null;
        if (!context.Request.Headers.ContainsKey("x-amz-content-sha256") && !string.IsNullOrEmpty(authorization))
        {
            bufferedHash = await BufferAndHashBodyAsync(context);
            if (bufferedHash is null)
            {
                await WriteErrorAsync(context, endpoint, new AwsError(HttpStatusCode.RequestEntityTooLarge, "ValidationException",
                    $"A request body without an x-amz-content-sha256 header may be at most {MaxBufferedBody} bytes"));
                return;
            }
        }

        var result = _verifier.Verify(request, _clock.UtcNow, () => bufferedHash ?? Convert.ToHexStringLower(SHA256.HashData([])));
        if (!result.IsValid)
        {
            await WriteErrorAsync(context, endpoint, result.Error!);
            return;
        }

        var declared = context.Request.Headers["x-amz-content-sha256"].ToString();
        if (declared.Length == 64 && bufferedHash is null && context.Request.ContentLength is { } length && length <= MaxBufferedBody)
        {
            // Small signed bodies (form posts, JSON) are checked up front: the handler then reads a plain buffer,
            // whatever API it reads it with (ReadFormAsync goes through the request's PipeReader).
            var actual = await BufferAndHashBodyAsync(context);
            if (!string.Equals(actual, declared, StringComparison.OrdinalIgnoreCase))
            {
                // A mismatch is the service's to report (CodeArtifact binds the asset's SHA-256 to this header and
                // answers ValidationException): the handler meets it when it reads the body, as for a streamed one.
                context.Request.Body = new PayloadHashVerifyingStream(context.Request.Body, declared);
            }
        }
        else if (declared.Length == 64)
        {
            context.Request.Body = new PayloadHashVerifyingStream(context.Request.Body, declared);
        }

        if (notText is not null)
        {
            await WriteErrorAsync(context, endpoint, new AwsError(HttpStatusCode.BadRequest, "ValidationException", notText));
            return;
        }

        var refusal = BeforeDispatch?.Invoke(context, endpoint!);
        if (refusal is not null)
        {
            await WriteErrorAsync(context, endpoint, refusal);
            return;
        }

        var caller = new CallerIdentity(result.AccessKeyId!, _credentials.AccountId, result.Region!);
        try
        {
            await endpoint!.HandleAsync(context, caller);
        }
        catch (PayloadHashMismatchException mismatch) when (!context.Response.HasStarted)
        {
            await WriteErrorAsync(context, endpoint, new AwsError(HttpStatusCode.BadRequest, "XAmzContentSHA256Mismatch", mismatch.Message));
        }
    }

    private static async Task WriteErrorAsync(HttpContext context, IServiceEndpoint? endpoint, AwsError error)
    {
        if (endpoint is IAwsErrorRenderer renderer)
        {
            await renderer.WriteErrorAsync(context, error);
            return;
        }

        await RestJsonErrors.WriteAsync(context, error);
    }

    private static SignedRequest ToSignedRequest(HttpContext context)
    {
        var feature = context.Features.Get<IHttpRequestFeature>();
        var rawTarget = feature?.RawTarget ?? (context.Request.Path + context.Request.QueryString);
        var queryIndex = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var rawPath = queryIndex < 0 ? rawTarget : rawTarget[..queryIndex];
        var rawQuery = queryIndex < 0 ? string.Empty : rawTarget[(queryIndex + 1)..];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in context.Request.Headers)
        {
            headers[name.ToLowerInvariant()] = string.Join(',', values.Select(v => v ?? string.Empty));
        }

        return new SignedRequest(context.Request.Method, rawPath, rawQuery, headers);
    }

    /// <summary>Reads a small body into memory so its hash can be signed over; returns null when it is too large.</summary>
    private static async Task<string?> BufferAndHashBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength is > MaxBufferedBody)
        {
            return null;
        }

        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            // Stop early on an oversized body sent without a length (chunked), instead of buffering all of it.
            if (buffer.Length + read > MaxBufferedBody)
            {
                await buffer.DisposeAsync();
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        context.Request.Body = buffer;
        context.Response.RegisterForDispose(buffer);
        return Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }
}
