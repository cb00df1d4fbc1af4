using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Governance.Local.Edge;

/// <summary>
/// Checks that a request target (path and query, as sent) percent-decodes to UTF-8 text. ASP.NET Core leaves an
/// escape sequence that is not UTF-8 (<c>%ED%A0%80</c>, a lone surrogate's bytes, or <c>%FF</c>) undecoded, so a
/// name sent that way would be stored as the literal characters <c>%ED%A0%80</c>: neither what the client sent nor
/// something it could ever name again. Such a request is refused at the edge, for every service and repository path.
/// </summary>
public static class RequestTargetText
{
    /// <summary>Why the target is not UTF-8 text once decoded (naming the first bad escape), or null when it is.</summary>
    public static string? Problem(string rawTarget)
    {
        ArgumentNullException.ThrowIfNull(rawTarget);
        if (!rawTarget.Contains('%', StringComparison.Ordinal))
        {
            return null;
        }

        var bytes = new List<byte>(rawTarget.Length);
        var start = new List<int>(rawTarget.Length);
        for (var i = 0; i < rawTarget.Length; i++)
        {
            if (rawTarget[i] == '%' && i + 2 < rawTarget.Length
                && byte.TryParse(rawTarget.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var decoded))
            {
                bytes.Add(decoded);
                start.Add(i);
                i += 2;
                continue;
            }

            foreach (var b in Encoding.UTF8.GetBytes(rawTarget[i].ToString()))
            {
                bytes.Add(b);
                start.Add(i);
            }
        }

        var span = bytes.ToArray().AsSpan();
        var offset = 0;
        while (offset < span.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(span[offset..], out _, out var consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                var at = start[offset];
                var shown = rawTarget.Substring(at, Math.Min(9, rawTarget.Length - at));
                return $"The request target is not UTF-8 text once percent-decoded: the escape at character {at} ('{shown}') is not allowed, it starts a byte sequence that is not UTF-8 (a lone surrogate or a stray byte); encode names as UTF-8";
            }

            offset += consumed;
        }

        return null;
    }

    /// <summary>
    /// The refusal on a repository path (npm, Maven, …): 400 with npm's <c>{"error": …}</c> body, which npm shows and
    /// the other package managers answer by the status. Signed API calls get a ValidationException instead.
    /// </summary>
    public static async Task RefuseAsync(HttpContext context, string problem)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "application/json";
        await using var json = new System.Text.Json.Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("error", problem);
        json.WriteEndObject();
    }
}
