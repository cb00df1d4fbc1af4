using System.Diagnostics;
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
        var specPath = Path.Combine(Path.GetTempPath(), $"sigv4-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(specPath, spec.ToJsonString());
        try
        {
            var script = Path.Combine(AppContext.BaseDirectory, "Support", "verify_sigv4.py");
            var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(script);
            start.ArgumentList.Add(specPath);
            using var process = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("botocore verifier did not finish in 60 s.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"botocore verifier failed: {await stderr}");
            }

            return (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                string S(string n) => root.TryGetProperty(n, out var v) ? v.ToString() : string.Empty;
                return new Verdict(root.GetProperty("ok").GetBoolean(), S("expected"), S("received"), S("signedHeaders"), S("payloadHash"), S("service"), S("region"), line);
            }).ToList();
        }
        finally
        {
            File.Delete(specPath);
        }
    }
}
