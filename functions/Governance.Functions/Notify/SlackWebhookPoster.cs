using System.Net;
using System.Text;

namespace Governance.Functions.Notify;

/// <summary>
/// Posts a Block Kit payload to a Slack incoming webhook. 429 (honouring Retry-After) and 5xx are retried with a
/// bounded backoff; any other 4xx is permanent and reported with Slack's error string (e.g. <c>invalid_blocks</c>).
/// The webhook URL is a secret: it never appears in exceptions or logs.
/// </summary>
public sealed class SlackWebhookPoster
{
    private readonly HttpClient _http;
    private readonly int _maxAttempts;
    private readonly TimeSpan _maxDelay;

    public SlackWebhookPoster(HttpClient http, int maxAttempts = 4, TimeSpan? maxDelay = null)
    {
        _http = http;
        _maxAttempts = maxAttempts;
        _maxDelay = maxDelay ?? TimeSpan.FromSeconds(10);
    }

    public async Task<SlackPostResult> PostAsync(Uri webhook, string payloadJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                using var content = new StringContent(payloadJson, Encoding.UTF8, "application/json");
                response = await _http.PostAsync(webhook, content, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException) when (attempt < _maxAttempts)
            {
                // A refused or reset connection is as transient as a 5xx.
                await DelayAsync(attempt, null, cancellationToken).ConfigureAwait(false);
                continue;
            }

            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return new SlackPostResult(true, (int)response.StatusCode, body, attempt);
                }

                var transient = response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
                if (!transient || attempt >= _maxAttempts)
                {
                    return new SlackPostResult(false, (int)response.StatusCode, Truncate(body), attempt);
                }

                await DelayAsync(attempt, response.Headers.RetryAfter?.Delta, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private Task DelayAsync(int attempt, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        var backoff = retryAfter ?? TimeSpan.FromMilliseconds(200 * Math.Pow(2, attempt - 1));
        return Task.Delay(backoff < _maxDelay ? backoff : _maxDelay, cancellationToken);
    }

    private static string Truncate(string body) => body.Length <= 200 ? body : body[..200];
}

/// <param name="Detail">Slack's answer body (<c>ok</c>, or an error string such as <c>invalid_blocks</c>).</param>
public sealed record SlackPostResult(bool Delivered, int StatusCode, string Detail, int Attempts);
