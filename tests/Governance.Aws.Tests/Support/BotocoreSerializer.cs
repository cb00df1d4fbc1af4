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
        var output = await BotocoreScript.RunAsync("botocore_serialize.py", spec);
        return JsonNode.Parse(output)!.AsArray().Select(n => n!.AsObject()).ToList();
    }
}
