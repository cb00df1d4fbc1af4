using System.Text.Json;

namespace Governance.Local.CodeArtifact.PackageGroups;

/// <summary>Writes the model's PackageGroupDescription / PackageGroupSummary (the same members) and their parts.</summary>
internal static class PackageGroupWire
{
    public static void Group(Utf8JsonWriter json, PackageGroupView g)
    {
        json.WriteStartObject();
        json.WriteString("arn", g.Arn);
        json.WriteString("pattern", g.Pattern);
        json.WriteString("domainName", g.DomainName);
        json.WriteString("domainOwner", g.DomainOwner);
        json.WriteNumber("createdTime", g.CreatedTime);
        if (g.ContactInfo is not null)
        {
            json.WriteString("contactInfo", g.ContactInfo);
        }

        if (g.Description is not null)
        {
            json.WriteString("description", g.Description);
        }

        json.WriteStartObject("originConfiguration");
        json.WriteStartObject("restrictions");
        foreach (var (type, restriction) in g.Restrictions)
        {
            json.WriteStartObject(type);
            json.WriteString("mode", restriction.Mode);
            json.WriteString("effectiveMode", restriction.EffectiveMode);
            if (restriction.InheritedFrom is not null)
            {
                json.WritePropertyName("inheritedFrom");
                Reference(json, restriction.InheritedFrom);
            }

            json.WriteNumber("repositoriesCount", restriction.RepositoriesCount);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
        if (g.Parent is not null)
        {
            json.WritePropertyName("parent");
            Reference(json, g.Parent);
        }

        json.WriteEndObject();
    }

    public static void AllowedRepositoryUpdates(Utf8JsonWriter json, GroupOriginUpdateView update)
    {
        json.WriteStartObject("allowedRepositoryUpdates");
        foreach (var (type, (added, removed)) in update.AllowedRepositoryUpdates)
        {
            json.WriteStartObject(type);
            WriteList(json, "ADDED", added);
            WriteList(json, "REMOVED", removed);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter json, string name, IReadOnlyList<string> items)
    {
        json.WriteStartArray(name);
        foreach (var item in items)
        {
            json.WriteStringValue(item);
        }

        json.WriteEndArray();
    }

    private static void Reference(Utf8JsonWriter json, PackageGroupReferenceView reference)
    {
        json.WriteStartObject();
        json.WriteString("arn", reference.Arn);
        json.WriteString("pattern", reference.Pattern);
        json.WriteEndObject();
    }
}
