using System.Globalization;
using System.Net;
using System.Text.Json;
using Governance.Local.CodeArtifact;
using Governance.Local.Storage;
using Microsoft.AspNetCore.Http;

namespace Governance.Local.Faults;

/// <summary>
/// The local-only control surface under <c>/_local/</c>: <c>GET|POST /_local/faults</c> reads or replaces the
/// fault settings (JSON with the same names as the command line, or <c>{"spec":"throttle=0.1,…"}</c>), and
/// <c>POST /_local/corrupt-asset</c> flips bytes of one stored asset while keeping its recorded hashes.
/// </summary>
/// <remarks>
/// These requests are unsigned, and any web page the developer visits can send a request to 127.0.0.1. So every
/// request must carry <c>X-Governance-Local: 1</c>: a custom header that a cross-site form or a fetch without a CORS
/// preflight cannot set (and the preflight is never answered here). A request with an <c>Origin</c> header, or with
/// <c>Sec-Fetch-Site</c> other than <c>none</c>/<c>same-origin</c>, came from a browser page and is refused too.
/// Refusals are 403 with the reason and change nothing.
/// </remarks>
public sealed class ControlEndpoints(FaultInjector faults, CodeArtifactService service, BlobStore blobs)
{
    public const string PathPrefix = "/_local/";

    /// <summary>The header every control request must carry, with the value <see cref="GuardValue"/>.</summary>
    public const string GuardHeader = "X-Governance-Local";

    /// <inheritdoc cref="GuardHeader"/>
    public const string GuardValue = "1";

    /// <summary>Adds <see cref="GuardHeader"/> to a client's default headers, so its <c>/_local/</c> calls are accepted.</summary>
    public static void AddGuardHeader(System.Net.Http.HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.DefaultRequestHeaders.Add(GuardHeader, GuardValue);
    }

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Path.Value;
        if (Refusal(context.Request) is { } refusal)
        {
            await WriteAsync(context, HttpStatusCode.Forbidden, $"{{\"error\":{Quote(refusal)}}}");
            return;
        }

        try
        {
            switch (context.Request.Method, path)
            {
                case ("GET", "/_local/faults"):
                    await WriteAsync(context, HttpStatusCode.OK, $"{{\"spec\":{Quote(faults.Settings.ToString())}}}");
                    break;
                case ("POST", "/_local/faults"):
                    faults.Configure(await ReadSettingsAsync(context));
                    await WriteAsync(context, HttpStatusCode.OK, $"{{\"spec\":{Quote(faults.Settings.ToString())}}}");
                    break;
                case ("POST", "/_local/corrupt-asset"):
                    await CorruptAsync(context);
                    break;
                case ("GET", "/_local/health"):
                    await WriteAsync(context, HttpStatusCode.OK, "{\"status\":\"running\"}");
                    break;
                default:
                    await WriteAsync(context, HttpStatusCode.NotFound, "{\"error\":\"unknown control endpoint; use /_local/faults or /_local/corrupt-asset\"}");
                    break;
            }
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            await WriteAsync(context, HttpStatusCode.BadRequest, $"{{\"error\":{Quote(e.Message)}}}");
        }
        catch (CodeArtifactException e)
        {
            await WriteAsync(context, e.Status, $"{{\"error\":{Quote(e.Message)}}}");
        }
    }

    /// <summary>Why a request must be refused as possibly cross-site, or null when it may go on.</summary>
    private static string? Refusal(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (request.Headers.ContainsKey("Origin") || (site.Length > 0 && site is not ("none" or "same-origin")))
        {
            return $"the /_local/ control endpoints refuse requests sent by a web page (Origin or Sec-Fetch-Site: {(site.Length > 0 ? site : "present")}); call them from a local tool with the header {GuardHeader}: {GuardValue}";
        }
        if (!string.Equals(request.Headers[GuardHeader].ToString(), GuardValue, StringComparison.Ordinal))
        {
            return $"the /_local/ control endpoints need the header {GuardHeader}: {GuardValue} (a web page cannot set it cross-site), e.g. curl -H '{GuardHeader}: {GuardValue}' …";
        }
        return null;
    }

    private static async Task<FaultSettings> ReadSettingsAsync(HttpContext context)
    {
        using var document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("the fault settings must be a JSON object: {\"spec\":\"throttle=0.1,seed=42\"} or {\"throttle\":0.1,\"seed\":42}");
        }
        if (root.TryGetProperty("spec", out var spec))
        {
            return spec.ValueKind is JsonValueKind.String or JsonValueKind.Null
                ? FaultSettings.Parse(spec.GetString())
                : throw new FormatException("'spec' must be a string such as \"throttle=0.1,seed=42\"");
        }

        // Each field's value on its own: a string value carrying ",seed=1" must not smuggle a second field in.
        var parts = root.EnumerateObject().Select(p => p.Value.ValueKind switch
        {
            JsonValueKind.Number => p.Name + "=" + p.Value.GetRawText(),
            JsonValueKind.String when p.Value.GetString() is { } text && text.IndexOfAny([',', '=']) < 0 => p.Name + "=" + text,
            _ => throw new FormatException($"fault '{p.Name}' needs a number (e.g. \"{p.Name}\": {(p.Name == "seed" ? "42" : "0.1")}), not {p.Value.GetRawText()}"),
        });
        return FaultSettings.Parse(string.Join(',', parts));
    }

    private async Task CorruptAsync(HttpContext context)
    {
        using var document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
        var root = document.RootElement;
        string Field(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"corrupt-asset needs the string field '{name}'");
        string? Optional(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        var coordinate = new PackageCoordinate(Field("domain"), Optional("domainOwner"), Field("repository"), Field("format"), Optional("namespace"), Field("package"));
        var (_, asset) = service.ResolveAsset(coordinate, Field("version"), Field("asset"), null);
        blobs.CorruptInPlace(asset.Hashes.Sha256);
        await WriteAsync(context, HttpStatusCode.OK, string.Create(CultureInfo.InvariantCulture,
            $"{{\"corrupted\":{Quote(asset.Name)},\"recordedSha256\":{Quote(asset.Hashes.Sha256)}}}"));
    }

    private static string Quote(string text) => JsonSerializer.Serialize(text, ControlJsonContext.Default.String);

    private static async Task WriteAsync(HttpContext context, HttpStatusCode status, string json)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json, context.RequestAborted);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class ControlJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
