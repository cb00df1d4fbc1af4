using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Governance.Local.Slack;

/// <summary>What the capture did with one request, for tests and the demo.</summary>
public sealed record SlackCaptureRecord(int StatusCode, string Body, string? FilePath, string? Reason);

/// <summary>
/// Stands in for a Slack incoming webhook: accepts a POST of <c>{"text": …, "blocks": […]}</c>, checks the blocks
/// minimally (<see cref="BlockKitValidator"/>), answers <c>ok</c> (200) as Slack does, or 400 with Slack's error string
/// (<c>invalid_payload</c>, <c>invalid_blocks</c>, <c>invalid_blocks_format</c>, <c>no_text</c>), and writes every
/// accepted payload to the outbox folder as a numbered <c>.json</c> file. Fault knobs make it answer 429 with
/// <c>Retry-After</c>, or 500, for a given number of requests: the notify function's retry is tested against them.
/// Map it on a path of the edge (unsigned), e.g. <c>/slack/webhook</c>.
/// </summary>
public sealed class SlackCaptureEndpoint
{
    public const int MaxBodyBytes = 1024 * 1024;
    private readonly object _gate = new();
    private readonly string _outbox;
    private readonly List<SlackCaptureRecord> _records = [];
    private int _sequence;
    private int _rateLimitedRemaining;
    private int _retryAfterSeconds = 1;
    private int _serverErrorsRemaining;

    public SlackCaptureEndpoint(string outboxDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outboxDirectory);
        _outbox = outboxDirectory;
        Directory.CreateDirectory(outboxDirectory);
        _sequence = Directory.EnumerateFiles(outboxDirectory, "slack-*.json").Count();
    }

    public string OutboxDirectory => _outbox;

    public IReadOnlyList<SlackCaptureRecord> Records
    {
        get
        {
            lock (_gate)
            {
                return [.. _records];
            }
        }
    }

    /// <summary>The next <paramref name="times"/> requests get 429 with <c>Retry-After: retryAfterSeconds</c>.</summary>
    public void RespondRateLimited(int times, int retryAfterSeconds = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(times);
        ArgumentOutOfRangeException.ThrowIfNegative(retryAfterSeconds);
        lock (_gate)
        {
            _rateLimitedRemaining = times;
            _retryAfterSeconds = retryAfterSeconds;
        }
    }

    /// <summary>The next <paramref name="times"/> requests (after any rate limiting) get 500.</summary>
    public void RespondServerError(int times)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(times);
        lock (_gate)
        {
            _serverErrorsRemaining = times;
        }
    }

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.Headers.Allow = "POST";
            await RespondAsync(context, 405, "invalid_request", null, "only POST is accepted");
            return;
        }

        int? retryAfter = null;
        var serverError = false;
        lock (_gate)
        {
            if (_rateLimitedRemaining > 0)
            {
                _rateLimitedRemaining--;
                retryAfter = _retryAfterSeconds;
            }
            else if (_serverErrorsRemaining > 0)
            {
                _serverErrorsRemaining--;
                serverError = true;
            }
        }

        if (retryAfter is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await RespondAsync(context, 429, "rate_limited", null, "fault knob: rate limited");
            return;
        }

        if (serverError)
        {
            await RespondAsync(context, 500, "internal_error", null, "fault knob: server error");
            return;
        }

        var body = await ReadBodyAsync(context);
        if (body is null)
        {
            await RespondAsync(context, 413, "request_too_large", null, $"body larger than {MaxBodyBytes} bytes");
            return;
        }

        var json = PayloadText(context.Request, body);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            await RespondAsync(context, 400, "invalid_payload", null, "body is not JSON: " + ex.Message);
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                await RespondAsync(context, 400, "invalid_payload", null, "payload must be a JSON object");
                return;
            }

            var hasText = root.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String && text.GetString()!.Length > 0;
            var hasBlocks = root.TryGetProperty("blocks", out var blocks);
            var hasAttachments = root.TryGetProperty("attachments", out _);
            if (hasBlocks)
            {
                if (blocks.ValueKind != JsonValueKind.Array)
                {
                    await RespondAsync(context, 400, "invalid_blocks_format", null, "blocks must be a JSON array");
                    return;
                }

                var problem = BlockKitValidator.Validate(blocks);
                if (problem is not null)
                {
                    await RespondAsync(context, 400, "invalid_blocks", null, problem);
                    return;
                }
            }

            if (!hasText && !(hasBlocks && blocks.GetArrayLength() > 0) && !hasAttachments)
            {
                await RespondAsync(context, 400, "no_text", null, "payload has neither text nor blocks");
                return;
            }
        }

        var number = Interlocked.Increment(ref _sequence);
        var path = Path.Combine(_outbox, string.Create(CultureInfo.InvariantCulture, $"slack-{number:D6}.json"));
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, json, new UTF8Encoding(false), context.RequestAborted);
        File.Move(temp, path, overwrite: true);
        await RespondAsync(context, 200, "ok", path, null);
    }

    private async Task RespondAsync(HttpContext context, int status, string body, string? filePath, string? reason)
    {
        lock (_gate)
        {
            _records.Add(new SlackCaptureRecord(status, body, filePath, reason));
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>Reads the body up to the size cap; null when it is larger.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>Slack takes the JSON as the body, or form-encoded as <c>payload=…</c>.</summary>
    private static string PayloadText(HttpRequest request, byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        if (request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            foreach (var pair in text.Split('&'))
            {
                if (pair.StartsWith("payload=", StringComparison.Ordinal))
                {
                    return Uri.UnescapeDataString(pair["payload=".Length..].Replace('+', ' '));
                }
            }
        }

        return text;
    }
}
