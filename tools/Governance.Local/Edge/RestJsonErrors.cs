using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Governance.Local.Edge;

/// <summary>
/// Writes an error the way restJson1 encodes it: the status, the shape name in <c>x-amzn-ErrorType</c>, and a
/// JSON body with <c>message</c> plus the error's other body members. <c>Retry-After</c> carries a throttle hint.
/// </summary>
public static class RestJsonErrors
{
    public static async Task WriteAsync(HttpContext context, AwsError error, IReadOnlyDictionary<string, string?>? members = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        var response = context.Response;
        response.StatusCode = (int)error.Status;
        response.Headers["x-amzn-ErrorType"] = error.Code;
        response.ContentType = "application/json";
        if (error.RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("message", error.Message);
            foreach (var (name, value) in members ?? new Dictionary<string, string?>())
            {
                if (value is not null)
                {
                    json.WriteString(name, value);
                }
            }

            json.WriteEndObject();
        }

        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
    }
}

/// <summary>
/// Optional for an <see cref="IServiceEndpoint"/> whose protocol encodes errors differently from restJson1 (the
/// SNS endpoint speaks awsQuery XML): the edge calls it for authentication and throttling errors.
/// </summary>
public interface IAwsErrorRenderer
{
    Task WriteErrorAsync(HttpContext context, AwsError awsError);
}
