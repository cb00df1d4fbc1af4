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
public sealed class ControlEndpoints(FaultInjector faults, CodeArtifactService service, BlobStore blobs)
{
    public const string PathPrefix = "/_local/";

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Path.Value;
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

    private static async Task<FaultSettings> ReadSettingsAsync(HttpContext context)
    {
        using var document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
        var root = document.RootElement;
        if (root.TryGetProperty("spec", out var spec))
        {
            return FaultSettings.Parse(spec.GetString());
        }

        var parts = root.EnumerateObject().Select(p => p.Name + "=" + p.Value.GetRawText().Trim('"'));
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
