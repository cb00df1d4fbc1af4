using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Governance.Local.Osv;

/// <summary>
/// An OSV-compatible API under <c>/osv/</c>, served from an <see cref="OsvRecordStore"/>: <c>POST /osv/v1/query</c>
/// (full records), <c>POST /osv/v1/querybatch</c> (ids and <c>modified</c> only, one result per query, in order)
/// and <c>GET /osv/v1/vulns/{id}</c>. Unsigned, like osv.dev. Errors are JSON <c>{"code":…,"message":…}</c>
/// (the gRPC status shape osv.dev answers with): 400 for a malformed query, 404 for an unknown id.
/// </summary>
public sealed class OsvEndpoint(OsvRecordStore store)
{
    public const string PathPrefix = "/osv/";

    /// <summary>osv.dev's documented limit for one batch.</summary>
    public const int MaxBatchQueries = 1000;

    private const int MaxRequestBytes = 1024 * 1024;

    private const string VulnsPath = "v1/vulns/";

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Path.Value is { } p && p.StartsWith(PathPrefix, StringComparison.Ordinal) ? p[PathPrefix.Length..] : "";
        var method = context.Request.Method;
        try
        {
            if (path.StartsWith(VulnsPath, StringComparison.Ordinal) && path.Length > VulnsPath.Length)
            {
                await (HttpMethods.IsGet(method) ? VulnAsync(context, Uri.UnescapeDataString(path[VulnsPath.Length..])) : NotAllowedAsync(context));
            }
            else if (path is "v1/query" or "v1/querybatch")
            {
                if (!HttpMethods.IsPost(method))
                {
                    await NotAllowedAsync(context);
                    return;
                }

                using var body = await ReadBodyAsync(context);
                await (path == "v1/query" ? QueryAsync(context, body.RootElement) : BatchAsync(context, body.RootElement));
            }
            else
            {
                await ErrorAsync(context, HttpStatusCode.NotFound, 5, "Not found: the local OSV endpoint serves POST v1/query, POST v1/querybatch and GET v1/vulns/{id}.");
            }
        }
        catch (FormatException bad) when (!context.Response.HasStarted)
        {
            await ErrorAsync(context, HttpStatusCode.BadRequest, 3, bad.Message);
        }
    }

    private async Task VulnAsync(HttpContext context, string id)
    {
        if (store.Current().Records.TryGetValue(id, out var record))
        {
            await WriteAsync(context, writer => record.WriteTo(writer));
            return;
        }

        await ErrorAsync(context, HttpStatusCode.NotFound, 5, "Bug not found.");
    }

    private async Task QueryAsync(HttpContext context, JsonElement body)
    {
        var query = OsvQuery.Read(body);
        var records = store.Current().Affecting(query.Ecosystem, query.Name, query.Version).ToList();
        await WriteAsync(context, writer =>
        {
            writer.WriteStartObject();
            if (records.Count > 0)
            {
                writer.WriteStartArray("vulns");
                records.ForEach(r => r.WriteTo(writer));
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        });
    }

    private async Task BatchAsync(HttpContext context, JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("queries", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("Invalid query: the body must be {\"queries\":[…]}.");
        }

        if (list.GetArrayLength() > MaxBatchQueries)
        {
            throw new FormatException($"Invalid query: too many queries ({list.GetArrayLength()}); at most {MaxBatchQueries} per batch.");
        }

        var queries = list.EnumerateArray().Select(OsvQuery.Read).ToList();
        var snapshot = store.Current();
        await WriteAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("results");
            foreach (var query in queries)
            {
                writer.WriteStartObject();
                var records = snapshot.Affecting(query.Ecosystem, query.Name, query.Version).ToList();
                if (records.Count > 0)
                {
                    writer.WriteStartArray("vulns");
                    foreach (var record in records)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("id", record.GetProperty("id").GetString());
                        if (record.TryGetProperty("modified", out var modified) && modified.ValueKind == JsonValueKind.String)
                        {
                            writer.WriteString("modified", modified.GetString());
                        }

                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private static async Task<JsonDocument> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxRequestBytes)
            {
                throw new FormatException($"Invalid query: the request body is larger than {MaxRequestBytes:N0} bytes.");
            }
        }

        try
        {
            return JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException bad)
        {
            throw new FormatException($"Invalid query: the body is not valid JSON ({bad.Message})", bad);
        }
    }

    private static Task NotAllowedAsync(HttpContext context) =>
        ErrorAsync(context, HttpStatusCode.MethodNotAllowed, 12, $"{context.Request.Method} is not supported on this path.");

    private static Task ErrorAsync(HttpContext context, HttpStatusCode status, int code, string message)
    {
        context.Response.StatusCode = (int)status;
        return WriteAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("code", code);
            writer.WriteString("message", message);
            writer.WriteEndObject();
        }, setStatus: false);
    }

    private static async Task WriteAsync(HttpContext context, Action<Utf8JsonWriter> write, bool setStatus = true)
    {
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        if (setStatus)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
        }

        context.Response.ContentType = "application/json";
        context.Response.ContentLength = buffer.Length;
        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
    }
}
