using System.Text.Json.Nodes;

namespace Governance.Deployment.Tests.EventPatterns;

/// <summary>Turns resolved template data (maps, lists, scalars) into JSON, as CloudFormation sends an EventPattern.</summary>
public static class TemplateToJson
{
    public static JsonNode? Convert(object? value) => value switch
    {
        null => null,
        Dictionary<string, object?> map => new JsonObject(map.Select(e => KeyValuePair.Create(e.Key, Convert(e.Value)))),
        List<object?> list => new JsonArray(list.Select(Convert).ToArray()),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        _ => throw new NotSupportedException($"No JSON form for {value.GetType().Name}."),
    };
}
