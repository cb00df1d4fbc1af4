using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Governance.Local.Edge;
using Microsoft.AspNetCore.Http;

namespace Governance.Local.Ssm;

/// <summary>
/// The slice of SSM Parameter Store the notify function needs: PutParameter and GetParameter (awsJson1.1,
/// <c>X-Amz-Target: AmazonSSM.*</c>), so the Slack webhook URL lives in a SecureString locally as it does on AWS.
/// Values persist in the data folder; locally "encryption" is only the Type, which is what callers can observe.
/// </summary>
public sealed class SsmEndpoint : IServiceEndpoint
{
    private readonly ConcurrentDictionary<string, StoredParameter> _parameters = new(StringComparer.Ordinal);
    private readonly string? _file;
    private readonly object _saveGate = new();

    public SsmEndpoint(string? dataFolder)
    {
        if (dataFolder is not null)
        {
            Directory.CreateDirectory(dataFolder);
            _file = Path.Combine(dataFolder, "ssm-parameters.json");
            Load();
        }
    }

    public string SigningName => "ssm";

    public async Task HandleAsync(HttpContext context, CallerIdentity caller)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(caller);
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        JsonObject body;
        try
        {
            body = (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false)) as JsonObject
                   ?? throw new JsonException("body is not a JSON object");
        }
        catch (JsonException ex)
        {
            await ErrorAsync(context, 400, "SerializationException", ex.Message).ConfigureAwait(false);
            return;
        }

        switch (target)
        {
            case "AmazonSSM.PutParameter":
                await PutAsync(context, caller, body).ConfigureAwait(false);
                break;
            case "AmazonSSM.GetParameter":
                await GetAsync(context, caller, body).ConfigureAwait(false);
                break;
            default:
                await ErrorAsync(context, 400, "UnknownOperationException", $"operation {target} is not supported by the local SSM endpoint").ConfigureAwait(false);
                break;
        }
    }

    private async Task PutAsync(HttpContext context, CallerIdentity caller, JsonObject body)
    {
        var name = body["Name"]?.GetValue<string>();
        var value = body["Value"]?.GetValue<string>();
        var type = body["Type"]?.GetValue<string>() ?? "String";
        var overwrite = body["Overwrite"]?.GetValue<bool>() ?? false;
        if (string.IsNullOrEmpty(name) || value is null)
        {
            await ErrorAsync(context, 400, "ValidationException", "1 validation error detected: Name and Value are required").ConfigureAwait(false);
            return;
        }

        if (type is not ("String" or "StringList" or "SecureString"))
        {
            await ErrorAsync(context, 400, "ValidationException", $"1 validation error detected: Value '{type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]").ConfigureAwait(false);
            return;
        }

        if (_parameters.TryGetValue(name, out var existing) && !overwrite)
        {
            await ErrorAsync(context, 400, "ParameterAlreadyExists", "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.").ConfigureAwait(false);
            return;
        }

        var version = (existing?.Version ?? 0) + 1;
        _parameters[name] = new StoredParameter(name, type, value, version, DateTimeOffset.UtcNow, caller.Region, caller.AccountId);
        Save();
        await JsonAsync(context, new JsonObject { ["Version"] = version, ["Tier"] = "Standard" }).ConfigureAwait(false);
    }

    private async Task GetAsync(HttpContext context, CallerIdentity caller, JsonObject body)
    {
        var name = body["Name"]?.GetValue<string>();
        var decrypt = body["WithDecryption"]?.GetValue<bool>() ?? false;
        if (string.IsNullOrEmpty(name) || !_parameters.TryGetValue(name, out var parameter))
        {
            await ErrorAsync(context, 400, "ParameterNotFound", "").ConfigureAwait(false);
            return;
        }

        // Without WithDecryption, AWS returns the ciphertext of a SecureString; locally we return a marker instead
        // of the value, so a caller that forgets to decrypt fails visibly here as it would on AWS.
        var value = parameter.Type == "SecureString" && !decrypt ? "<encrypted: call GetParameter with WithDecryption=true>" : parameter.Value;
        var name0 = parameter.Name.StartsWith('/') ? parameter.Name : "/" + parameter.Name;
        await JsonAsync(context, new JsonObject
        {
            ["Parameter"] = new JsonObject
            {
                ["Name"] = parameter.Name,
                ["Type"] = parameter.Type,
                ["Value"] = value,
                ["Version"] = parameter.Version,
                ["LastModifiedDate"] = parameter.Modified.ToUnixTimeMilliseconds() / 1000.0,
                ["ARN"] = $"arn:aws:ssm:{caller.Region}:{caller.AccountId}:parameter{name0}",
                ["DataType"] = "text",
            },
        }).ConfigureAwait(false);
    }

    private static async Task JsonAsync(HttpContext context, JsonObject document)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/x-amz-json-1.1";
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        await context.Response.WriteAsync(document.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        var body = new JsonObject { ["__type"] = code, ["message"] = message };
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }

    private void Load()
    {
        if (_file is null || !File.Exists(_file))
        {
            return;
        }

        if (JsonNode.Parse(File.ReadAllText(_file)) is not JsonArray items)
        {
            return;
        }

        foreach (var item in items.OfType<JsonObject>())
        {
            var parameter = new StoredParameter(
                item["Name"]!.GetValue<string>(), item["Type"]!.GetValue<string>(), item["Value"]!.GetValue<string>(),
                item["Version"]!.GetValue<long>(), DateTimeOffset.Parse(item["Modified"]!.GetValue<string>(), CultureInfo.InvariantCulture),
                item["Region"]!.GetValue<string>(), item["Account"]!.GetValue<string>());
            _parameters[parameter.Name] = parameter;
        }
    }

    private void Save()
    {
        if (_file is null)
        {
            return;
        }

        lock (_saveGate)
        {
            var items = new JsonArray();
            foreach (var p in _parameters.Values.OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                items.Add(new JsonObject
                {
                    ["Name"] = p.Name, ["Type"] = p.Type, ["Value"] = p.Value, ["Version"] = p.Version,
                    ["Modified"] = p.Modified.ToString("O", CultureInfo.InvariantCulture), ["Region"] = p.Region, ["Account"] = p.Account,
                });
            }

            var temp = _file + ".tmp";
            File.WriteAllText(temp, items.ToJsonString());
            File.Move(temp, _file, overwrite: true);
        }
    }

    private sealed record StoredParameter(string Name, string Type, string Value, long Version, DateTimeOffset Modified, string Region, string Account);
}
