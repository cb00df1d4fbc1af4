using System.Text.Json;
using System.Text.Json.Nodes;

namespace Governance.Aws.Tests.Support;

/// <summary>Runs botocore's SigV4 implementation over captured requests (verify_sigv4.py) as an independent check.</summary>
public static class BotocoreSigV4Verifier
{
    public sealed record Verdict(bool Ok, string Expected, string Received, string SignedHeaders, string PayloadHash, string Service, string Region, string Raw);

    public static async Task<IReadOnlyList<Verdict>> VerifyAsync(IEnumerable<CapturedRequest> requests, string accessKey, string secretKey, string? sessionToken)
    {
        var spec = new JsonObject
        {
            ["accessKey"] = accessKey,
            ["secretKey"] = secretKey,
            ["sessionToken"] = sessionToken,
            ["requests"] = new JsonArray(requests.Select(r => (JsonNode)new JsonObject
            {
                ["method"] = r.Method,
                ["target"] = r.Target,
                ["headers"] = new JsonArray(r.Headers.Select(h => (JsonNode)new JsonArray(h.Key, h.Value)).ToArray()),
                ["bodyBase64"] = Convert.ToBase64String(r.Body),
            }).ToArray()),
        };
        var output = await BotocoreScript.RunAsync("verify_sigv4.py", spec);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            string S(string n) => root.TryGetProperty(n, out var v) ? v.ToString() : string.Empty;
            return new Verdict(root.GetProperty("ok").GetBoolean(), S("expected"), S("received"), S("signedHeaders"), S("payloadHash"), S("service"), S("region"), line);
        }).ToList();
    }
}
