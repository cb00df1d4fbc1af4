using System.Buffers;
using System.Diagnostics;
using System.Net;

namespace Governance.Evidence;

/// <summary>How patiently a public source is asked: per-attempt timeout, attempts, and the largest answer read.</summary>
/// <param name="Timeout">Per attempt, from sending the request to the last byte of the answer.</param>
/// <param name="Attempts">Including the first; 5xx, 429, timeouts and connection faults are retried, other 4xx are not.</param>
/// <param name="MaxResponseBytes">An answer longer than this is refused, not read on: a hostile or broken source must
/// not grow the function's memory.</param>
/// <param name="RetryDelay">The first pause between attempts; doubled each time, with jitter.</param>
public sealed record EvidenceHttpOptions(TimeSpan Timeout, int Attempts, int MaxResponseBytes, TimeSpan RetryDelay)
{
    public static EvidenceHttpOptions Default { get; } = new(TimeSpan.FromSeconds(5), 3, 8 * 1024 * 1024, TimeSpan.FromMilliseconds(200));
}

/// <summary>The outcome of asking a public source once (retries included).</summary>
/// <param name="StatusCode">The last answer's status; null when no answer came (timeout, connection refused).</param>
/// <param name="Body">The answer's bytes when <see cref="Succeeded"/>; empty otherwise.</param>
/// <param name="Problem">Why the exchange failed, in words for a finding: "timed out after 5 s (3 attempts)".</param>
public sealed record EvidenceResponse(
    HttpStatusCode? StatusCode,
    byte[] Body,
    DateTimeOffset? LastModified,
    string? Problem,
    int Attempts)
{
    public bool Succeeded => Problem is null && StatusCode is { } code && (int)code is >= 200 and < 300;

    public bool NotFound => StatusCode == HttpStatusCode.NotFound;
}

/// <summary>
/// One request to a public source with the timeout, retries and size bound of <see cref="EvidenceHttpOptions"/>.
/// Never throws for the source's faults (they become <see cref="EvidenceResponse.Problem"/>); only the caller's
/// cancellation propagates.
/// </summary>
public static class EvidenceHttp
{
    public static async Task<EvidenceResponse> SendAsync(
        HttpClient client,
        Func<HttpRequestMessage> request,
        EvidenceHttpOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var attempts = Math.Max(1, options.Attempts);
        string problem = "not attempted";
        HttpStatusCode? lastStatus = null;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            if (attempt > 1)
            {
                var pause = options.RetryDelay * Math.Pow(2, attempt - 2) * (0.5 + Random.Shared.NextDouble());
                await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Timeout);
            var started = Stopwatch.StartNew();
            try
            {
                using var message = request();
                using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                lastStatus = response.StatusCode;
                var code = (int)response.StatusCode;
                if (code is >= 200 and < 300)
                {
                    var (body, tooLarge) = await ReadBoundedAsync(response.Content, options.MaxResponseBytes, timeout.Token).ConfigureAwait(false);
                    return tooLarge
                        ? new EvidenceResponse(response.StatusCode, [], null, $"answered more than {options.MaxResponseBytes:N0} bytes, the most read from it", attempt)
                        : new EvidenceResponse(response.StatusCode, body, response.Content.Headers.LastModified, null, attempt);
                }
                problem = $"answered HTTP {code} {response.ReasonPhrase}".TrimEnd();
                if (code != 429 && code < 500)
                {
                    return new EvidenceResponse(response.StatusCode, [], null, problem, attempt);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                lastStatus = null;
                problem = $"did not answer within {options.Timeout.TotalSeconds:0.#} s";
            }
            catch (HttpRequestException ex)
            {
                lastStatus = null;
                problem = $"could not be reached: {ex.Message}";
            }
            catch (IOException ex)
            {
                lastStatus = null;
                problem = $"broke off the answer after {started.Elapsed.TotalSeconds:0.#} s: {ex.Message}";
            }
        }

        return new EvidenceResponse(lastStatus, [], null, $"{problem} ({attempts} attempts)", attempts);
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes; says whether the body was longer.</summary>
    private static async Task<(byte[] Body, bool TooLarge)> ReadBoundedAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is { } declared && declared > limit)
        {
            return ([], true);
        }
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new ArrayBufferWriter<byte>();
            while (true)
            {
                var span = buffer.GetMemory(64 * 1024);
                var read = await stream.ReadAsync(span, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return (buffer.WrittenSpan.ToArray(), false);
                }
                buffer.Advance(read);
                if (buffer.WrittenCount > limit)
                {
                    return ([], true);
                }
            }
        }
    }
}
