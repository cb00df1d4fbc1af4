using System.Text.Json;
using Microsoft.AspNetCore.Http;
using static Governance.Local.CodeArtifact.RestJsonIo;

namespace Governance.Local.CodeArtifact.PackageGroups;

/// <summary>
/// The restJson1 bindings of the package group operations (paths and members as in the botocore model): each reads
/// its members, calls the service and writes the model's output shape.
/// </summary>
internal static class PackageGroupHandlers
{
    public static async Task CreateAsync(HttpContext context, CodeArtifactService service)
    {
        var body = await ReadJsonAsync(context);
        var group = service.CreatePackageGroup(
            InputRules.Domain(Q(context, "domain")), InputRules.OptionalAccount(Q(context, "domain-owner")),
            String(body, "packageGroup") ?? throw InputRules.Missing("packageGroup"), String(body, "contactInfo"), String(body, "description"),
            TagHandlers.Tags(body) ?? []);
        await WriteAsync(context, json => Wrap(json, "packageGroup", w => PackageGroupWire.Group(w, group)));
    }

    public static Task DescribeAsync(HttpContext context, CodeArtifactService service)
    {
        var group = service.DescribePackageGroup(InputRules.Domain(Q(context, "domain")), InputRules.OptionalAccount(Q(context, "domain-owner")), Req(context, "package-group"));
        return WriteAsync(context, json => Wrap(json, "packageGroup", w => PackageGroupWire.Group(w, group)));
    }

    public static Task ListAsync(HttpContext context, CodeArtifactService service)
    {
        var page = service.ListPackageGroups(
            InputRules.Domain(Q(context, "domain")), InputRules.OptionalAccount(Q(context, "domain-owner")), Q(context, "prefix"), Int(context, "max-results"), Q(context, "next-token"));
        return WriteAsync(context, json => ListBody(json, "packageGroups", page, PackageGroupWire.Group));
    }

    public static async Task UpdateAsync(HttpContext context, CodeArtifactService service)
    {
        var body = await ReadJsonAsync(context);
        var group = service.UpdatePackageGroup(
            InputRules.Domain(Q(context, "domain")), InputRules.OptionalAccount(Q(context, "domain-owner")),
            String(body, "packageGroup") ?? throw InputRules.Missing("packageGroup"), String(body, "contactInfo"), String(body, "description"));
        await WriteAsync(context, json => Wrap(json, "packageGroup", w => PackageGroupWire.Group(w, group)));
    }

    public static async Task UpdateOriginConfigurationAsync(HttpContext context, CodeArtifactService service)
    {
        var body = await ReadJsonAsync(context);
        var update = service.UpdatePackageGroupOriginConfiguration(
            InputRules.Domain(Q(context, "domain")),
            InputRules.OptionalAccount(Q(context, "domain-owner")),
            Req(context, "package-group"),
            Map(body, "restrictions"),
            AllowedRepositories(body, "addAllowedRepositories"),
            AllowedRepositories(body, "removeAllowedRepositories"));
        await WriteAsync(context, json =>
        {
            json.WriteStartObject();
            json.WritePropertyName("packageGroup");
            PackageGroupWire.Group(json, update.Group);
            PackageGroupWire.AllowedRepositoryUpdates(json, update);
            json.WriteEndObject();
        });
    }

    public static Task GetAssociatedAsync(HttpContext context, CodeArtifactService service)
    {
        var associated = service.GetAssociatedPackageGroup(
            InputRules.Domain(Q(context, "domain")),
            InputRules.OptionalAccount(Q(context, "domain-owner")),
            InputRules.Format(Q(context, "format")),
            InputRules.OptionalCoordinate(Q(context, "namespace"), "namespace"),
            InputRules.Coordinate(Q(context, "package"), "package"));
        return WriteAsync(context, json =>
        {
            json.WriteStartObject();
            json.WritePropertyName("packageGroup");
            PackageGroupWire.Group(json, associated.Group);
            json.WriteString("associationType", associated.AssociationType);
            json.WriteEndObject();
        });
    }

    public static Task DeleteAsync(HttpContext context, CodeArtifactService service)
    {
        var group = service.DeletePackageGroup(InputRules.Domain(Q(context, "domain")), InputRules.OptionalAccount(Q(context, "domain-owner")), Req(context, "package-group"));
        return WriteAsync(context, json => Wrap(json, "packageGroup", w => PackageGroupWire.Group(w, group)));
    }

    public static Task ListAllowedRepositoriesAsync(HttpContext context, CodeArtifactService service)
    {
        var page = service.ListAllowedRepositoriesForGroup(
            InputRules.Domain(Q(context, "domain")), InputRules.OptionalAccount(Q(context, "domain-owner")), Req(context, "package-group"),
            Req(context, "originRestrictionType"), Int(context, "max-results"), Q(context, "next-token"));
        return WriteAsync(context, json => ListBody(json, "allowedRepositories", page, (w, name) => w.WriteStringValue(name)));
    }

    public static Task ListSubGroupsAsync(HttpContext context, CodeArtifactService service)
    {
        var page = service.ListSubPackageGroups(
            InputRules.Domain(Q(context, "domain")), InputRules.OptionalAccount(Q(context, "domain-owner")), Req(context, "package-group"),
            Int(context, "max-results"), Q(context, "next-token"));
        return WriteAsync(context, json => ListBody(json, "packageGroups", page, PackageGroupWire.Group));
    }

    public static Task ListAssociatedPackagesAsync(HttpContext context, CodeArtifactService service)
    {
        var preview = Q(context, "preview") switch
        {
            null or "false" => false,
            "true" => true,
            var other => throw CodeArtifactException.Validation($"preview must be true or false, not '{other}'"),
        };
        var page = service.ListAssociatedPackages(
            InputRules.Domain(Q(context, "domain")), InputRules.OptionalAccount(Q(context, "domain-owner")), Req(context, "package-group"),
            preview, Int(context, "max-results"), Q(context, "next-token"));
        return WriteAsync(context, json => ListBody(json, "packages", page, (w, p) =>
        {
            w.WriteStartObject();
            w.WriteString("format", p.Format);
            if (p.Namespace is not null)
            {
                w.WriteString("namespace", p.Namespace);
            }

            w.WriteString("package", p.Package);
            w.WriteString("associationType", p.AssociationType);
            w.WriteEndObject();
        }));
    }

    private static List<AllowedRepositoryChange> AllowedRepositories(JsonElement? body, string name)
    {
        if (body is not { ValueKind: JsonValueKind.Object } b || !b.TryGetProperty(name, out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw WrongType(name, "a list", list);
        }

        return list.EnumerateArray()
            .Select(item => new AllowedRepositoryChange(
                String(item, "repositoryName") ?? throw InputRules.Missing($"{name}.repositoryName"),
                String(item, "originRestrictionType") ?? throw InputRules.Missing($"{name}.originRestrictionType")))
            .ToList();
    }
}
