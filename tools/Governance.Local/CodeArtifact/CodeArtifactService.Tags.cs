using Governance.Local.CodeArtifact.PackageGroups;

namespace Governance.Local.CodeArtifact;

// Tags: TagResource, UntagResource, ListTagsForResource, and the `tags` of CreateDomain, CreateRepository and
// CreatePackageGroup (user guide, "Tagging resources"; the model tags domains, repositories and package groups).
// Tags live on their resource's record: they are persisted with the snapshot and vanish with the resource.
public sealed partial class CodeArtifactService
{
    public void TagResource(string? resourceArn, IReadOnlyList<ResourceTag> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        TagRules.CheckTags(tags);
        lock (_gate)
        {
            var (target, id, type) = TaggedResource(resourceArn);
            Apply(target, tags, id, type);
            Save();
        }
    }

    /// <summary>Removes the keys the resource has; a key it does not have is no error.</summary>
    public void UntagResource(string? resourceArn, IReadOnlyList<string> tagKeys)
    {
        ArgumentNullException.ThrowIfNull(tagKeys);
        TagRules.CheckKeys(tagKeys);
        lock (_gate)
        {
            var (target, _, _) = TaggedResource(resourceArn);
            if (target.RemoveAll(t => tagKeys.Contains(t.Key, StringComparer.Ordinal)) > 0)
            {
                Save();
            }
        }
    }

    public IReadOnlyList<ResourceTag> ListTagsForResource(string? resourceArn)
    {
        lock (_gate)
        {
            return TaggedResource(resourceArn).Tags.Select(t => new ResourceTag(t.Key, t.Value)).ToList();
        }
    }

    /// <summary>Adds the tags, replacing the value of a key the resource already has (TagResource "adds or updates").</summary>
    private static void Apply(List<TagRecord> target, IReadOnlyList<ResourceTag> tags, string resourceId, string resourceType)
    {
        var added = tags.Count(t => !target.Exists(existing => existing.Key == t.Key));
        TagRules.CheckQuota(target.Count + added, resourceId, resourceType);
        foreach (var tag in tags)
        {
            var existing = target.Find(t => t.Key == tag.Key);
            if (existing is null)
            {
                target.Add(new TagRecord { Key = tag.Key, Value = tag.Value });
            }
            else
            {
                existing.Value = tag.Value;
            }
        }
    }

    /// <summary>
    /// The tag list of the resource an ARN names. Not a CodeArtifact domain, repository or package group ARN at all:
    /// ValidationException. Well formed but naming another partition, region or account, or nothing that exists:
    /// ResourceNotFoundException, as this endpoint (one account, one region) holds no such resource.
    /// </summary>
    private (List<TagRecord> Tags, string Id, string Type) TaggedResource(string? arn)
    {
        if (arn is null)
        {
            throw InputRules.Missing("resourceArn");
        }

        var parts = arn.Split(':', 6);
        if (arn.Length > 1011 || arn.Any(char.IsWhiteSpace) || parts.Length != 6 || parts[0] != "arn" || parts[2] != "codeartifact" || parts[5].IndexOf('/', StringComparison.Ordinal) < 1)
        {
            throw CodeArtifactException.Validation($"Invalid resourceArn '{arn}': expected arn:aws:codeartifact:region:account:domain|repository|package-group/...");
        }

        var slash = parts[5].IndexOf('/', StringComparison.Ordinal);
        var (type, path) = (parts[5][..slash], parts[5][(slash + 1)..]);
        if (type is not ("domain" or "repository" or "package-group"))
        {
            throw CodeArtifactException.Validation($"Invalid resourceArn '{arn}': CodeArtifact tags domains, repositories and package groups, not {type}");
        }

        var domainName = type == "domain" ? path : path.Split('/', 2)[0];
        if (parts[1] != "aws" || parts[3] != Region || !_state.Domains.TryGetValue(domainName, out var domain) || domain.Owner != parts[4])
        {
            throw CodeArtifactException.NotFound($"Resource {arn} not found", arn, type);
        }

        switch (type)
        {
            case "domain":
                return (domain.Tags, domain.Name, type);
            case "repository":
                var repository = path.Length > domainName.Length ? path[(domainName.Length + 1)..] : string.Empty;
                return domain.Repositories.TryGetValue(repository, out var record)
                    ? (record.Tags, repository, type)
                    : throw CodeArtifactException.NotFound($"Resource {arn} not found", arn, type);
            default:
                var pattern = path[domainName.Length..];
                return Groups(domain).TryGetValue(pattern, out var group)
                    ? (group.Tags, pattern, type)
                    : throw CodeArtifactException.NotFound($"Resource {arn} not found", arn, type);
        }
    }

    private string DomainArn(DomainRecord d) => $"arn:aws:codeartifact:{Region}:{d.Owner}:domain/{d.Name}";

    private string RepositoryArn(DomainRecord d, RepositoryRecord r) => $"arn:aws:codeartifact:{Region}:{d.Owner}:repository/{d.Name}/{r.Name}";
}
