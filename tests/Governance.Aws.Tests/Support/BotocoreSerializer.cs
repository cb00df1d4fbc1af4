using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Governance.Aws.Tests.Support;

/// <summary>Asks botocore how it would put an operation on the wire (botocore_serialize.py).</summary>
public static class BotocoreSerializer
{
    public sealed record OperationInput(string Service, string Operation, JsonObject Params);

    public static async Task<IReadOnlyList<JsonObject>> SerializeAsync(IEnumerable<OperationInput> cases)
    {
        var spec = new JsonArray(cases.Select(c => (JsonNode)new JsonObject
        {
            ["service"] = c.Service,
            ["operation"] = c.Operation,
            ["params"] = c.Params.DeepClone(),
        }).ToArray());
        var specPath = Path.Combine(Path.GetTempPath(), $"serialize-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(specPath, spec.ToJsonString());
        try
        {
            var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Support", "botocore_serialize.py"));
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
                throw new TimeoutException("botocore serializer did not finish in 60 s.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"botocore serializer failed: {await stderr}");
            }

            return JsonNode.Parse(await stdout)!.AsArray().Select(n => n!.AsObject()).ToList();
        }
        finally
        {
            File.Delete(specPath);
        }
    }
}
