using System.Net.Http.Headers;
using System.Security.Cryptography;
using Governance.Local.Edge;

namespace Governance.Local.Tests.Support;

/// <summary>A raw SigV4-signing HTTP client for the cases the real CLIs will not produce (old dates, lying hashes, huge streams).</summary>
public sealed class RawAwsClient(Uri endpoint) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = endpoint, Timeout = TimeSpan.FromMinutes(5) };

    public static string EmptySha256 { get; } = Convert.ToHexStringLower(SHA256.HashData([]));

    public Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string pathAndQuery, HttpContent? content, string payloadHash, DateTimeOffset? signedAt = null,
        LocalCredentials? credentials = null, bool sendPayloadHashHeader = true, string service = "codeartifact", CancellationToken cancellationToken = default)
    {
        var amzDate = SigV4Verifier.FormatAmzDate(signedAt ?? DateTimeOffset.UtcNow);
        var uri = new Uri(_http.BaseAddress!, pathAndQuery);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = uri.Authority,
            ["x-amz-date"] = amzDate,
        };
        if (sendPayloadHashHeader)
        {
            headers["x-amz-content-sha256"] = payloadHash;
        }

        var signed = new SignedRequest(method.Method, uri.AbsolutePath, uri.Query, headers);
        var authorization = SigV4Verifier.Sign(signed, credentials ?? LocalCredentials.Default, "us-east-1", service, amzDate, payloadHash);
        var request = new HttpRequestMessage(method, uri) { Content = content };
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        if (sendPayloadHashHeader)
        {
            request.Headers.TryAddWithoutValidation("x-amz-content-sha256", payloadHash);
        }

        return _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    public static StreamContent Stream(Stream body, long length)
    {
        var content = new StreamContent(body, 81920);
        content.Headers.ContentLength = length;
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    public void Dispose() => _http.Dispose();
}
