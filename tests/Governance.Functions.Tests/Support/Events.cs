using System.Text.Json.Nodes;

namespace Governance.Functions.Tests.Support;

/// <summary>The checked-in sample events (copies of real EventBridge events), re-pointed at a test package.</summary>
public static class Events
{
    public static JsonObject Load(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", file)))!.AsObject();

    /// <summary>The generic publish event for <paramref name="ns"/>/<paramref name="name"/> 1.0.0 in the given repository.</summary>
    public static JsonObject GenericPublished(string account, string domain, string repository, string ns, string name, string version)
    {
        var evt = Load("generic-publish-created.json");
        evt["id"] = Guid.NewGuid().ToString();
        evt["account"] = account;
        var detail = evt["detail"]!.AsObject();
        detail["domainName"] = domain;
        detail["domainOwner"] = account;
        detail["repositoryName"] = repository;
        detail["packageNamespace"] = ns;
        detail["packageName"] = name;
        detail["packageVersion"] = version;
        detail["packageVersionState"] = "Published";
        detail["eventDeduplicationId"] = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        var region = evt["region"]!.GetValue<string>();
        evt["resources"] = new JsonArray($"arn:aws:codeartifact:{region}:{account}:package/{domain}/{repository}/generic/{ns}/{name}");
        return evt;
    }
}
