using Governance.Local.CodeArtifact.PackageGroups;

namespace Governance.Local.CodeArtifact;

// Package groups: CreatePackageGroup, DescribePackageGroup, ListPackageGroups, UpdatePackageGroup,
// UpdatePackageGroupOriginConfiguration, GetAssociatedPackageGroup, DeletePackageGroup (user guide, "Package groups").
// How their origin restrictions gate publishing and upstreams is CodeArtifactService.PackageGroupRestrictions.cs.
public sealed partial class CodeArtifactService
{
    /// <summary>CreatePackageGroup with its <c>tags</c>, in one write: a group is never stored without the tags it was asked for.</summary>
    public PackageGroupView CreatePackageGroup(
        string domain, string? owner, string pattern, string? contactInfo, string? description, IReadOnlyList<ResourceTag>? tags = null)
    {
        var parsed = PackageGroupPattern.Parse(pattern);
        GroupText(contactInfo, "contactInfo");
        GroupText(description, "description");
        tags ??= [];
        TagRules.CheckTags(tags);
        TagRules.CheckQuota(tags.Count, pattern, "package-group");
        lock (_gate)
        {
            var record = FindDomain(domain, owner);
            var groups = Groups(record);
            if (groups.ContainsKey(parsed.Text))
            {
                throw CodeArtifactException.Conflict($"Package group {parsed.Text} already exists in domain {domain}", parsed.Text, "package-group");
            }

            // A new group inherits every restriction from its parent until one is set (user guide, "Package group origin controls").
            groups[parsed.Text] = new PackageGroupRecord { Pattern = parsed.Text, CreatedTime = Now(), ContactInfo = contactInfo, Description = description };
            Apply(groups[parsed.Text].Tags, tags, parsed.Text, "package-group");
            Save();
            return GroupView(record, groups[parsed.Text]);
        }
    }

    public PackageGroupView DescribePackageGroup(string domain, string? owner, string pattern)
    {
        var parsed = PackageGroupPattern.Parse(pattern);
        lock (_gate)
        {
            var record = FindDomain(domain, owner);
            return GroupView(record, FindGroup(record, parsed.Text));
        }
    }

    public Page<PackageGroupView> ListPackageGroups(string domain, string? owner, string? prefix, int? maxResults, string? nextToken)
    {
        if (prefix is { Length: > 520 } || prefix is not null && prefix.Any(char.IsControl))
        {
            throw CodeArtifactException.Validation("prefix must be at most 520 characters without control characters");
        }

        lock (_gate)
        {
            var record = FindDomain(domain, owner);
            var all = Groups(record).Values
                .Where(g => prefix is null || g.Pattern.StartsWith(prefix, StringComparison.Ordinal))
                .OrderBy(g => g.Pattern, StringComparer.Ordinal)
                .Select(g => GroupView(record, g))
                .ToList();
            return Paging.Slice(all, maxResults, nextToken);
        }
    }

    public PackageGroupView UpdatePackageGroup(string domain, string? owner, string pattern, string? contactInfo, string? description)
    {
        var parsed = PackageGroupPattern.Parse(pattern);
        GroupText(contactInfo, "contactInfo");
        GroupText(description, "description");
        lock (_gate)
        {
            var record = FindDomain(domain, owner);
            var group = FindGroup(record, parsed.Text);
            group.ContactInfo = contactInfo ?? group.ContactInfo;
            group.Description = description ?? group.Description;
            Save();
            return GroupView(record, group);
        }
    }

    public GroupOriginUpdateView UpdatePackageGroupOriginConfiguration(
        string domain, string? owner, string pattern, IReadOnlyDictionary<string, string>? restrictions, IReadOnlyList<AllowedRepositoryChange> add, IReadOnlyList<AllowedRepositoryChange> remove)
    {
        ArgumentNullException.ThrowIfNull(add);
        ArgumentNullException.ThrowIfNull(remove);
        var parsed = PackageGroupPattern.Parse(pattern);
        foreach (var (type, mode) in restrictions ?? new Dictionary<string, string>())
        {
            InputRules.Enum(type, "restrictions", GroupRestriction.Types);
            InputRules.Enum(mode, $"restrictions.{type}", GroupRestriction.Modes);
            if (parsed.Kind == PatternKind.All && mode == GroupRestriction.Inherit)
            {
                throw CodeArtifactException.Validation("The root package group /* has no parent to inherit from; its restrictions cannot be INHERIT");
            }
        }

        foreach (var change in add.Concat(remove))
        {
            InputRules.Repository(change.RepositoryName, "allowedRepositories.repositoryName");
            InputRules.Enum(change.RestrictionType, "allowedRepositories.originRestrictionType", GroupRestriction.Types);
        }

        lock (_gate)
        {
            var record = FindDomain(domain, owner);
            var group = FindGroup(record, parsed.Text);
            foreach (var change in add)
            {
                FindRepository(record, change.RepositoryName);
            }

            foreach (var (type, mode) in restrictions ?? new Dictionary<string, string>())
            {
                group.Restrictions[type] = mode;
            }

            var updates = new Dictionary<string, (IReadOnlyList<string>, IReadOnlyList<string>)>(StringComparer.Ordinal);
            foreach (var type in GroupRestriction.Types)
            {
                var list = group.AllowedRepositories.TryGetValue(type, out var existing) ? existing : group.AllowedRepositories[type] = [];
                var added = add.Where(c => c.RestrictionType == type).Select(c => c.RepositoryName).Distinct(StringComparer.Ordinal).Where(r => !list.Contains(r)).ToList();
                var removed = remove.Where(c => c.RestrictionType == type).Select(c => c.RepositoryName).Distinct(StringComparer.Ordinal).Where(list.Contains).ToList();
                list.AddRange(added);
                list.RemoveAll(removed.Contains);
                if (added.Count + removed.Count > 0)
                {
                    updates[type] = (added, removed);
                }
            }

            Save();
            return new GroupOriginUpdateView(GroupView(record, group), updates);
        }
    }

    /// <summary>
    /// The group whose origin configuration applies to a package, whether or not the package exists (the model's
    /// GetAssociatedPackageGroup). Every match is exact here (STRONG): the stack does not normalise names, so no
    /// package matches a group only through a normalised variation of its name (WEAK).
    /// </summary>
    public AssociatedPackageGroupView GetAssociatedPackageGroup(string domain, string? owner, string format, string? ns, string package)
    {
        lock (_gate)
        {
            var record = FindDomain(domain, owner);
            return new AssociatedPackageGroupView(GroupView(record, AssociatedGroup(record, format, ns, package)), "STRONG");
        }
    }

    /// <summary>Deletes a group; its children become children of its parent (the model's DeletePackageGroup). The root stays.</summary>
    public PackageGroupView DeletePackageGroup(string domain, string? owner, string pattern)
    {
        if (pattern == PackageGroupPattern.Root)
        {
            throw CodeArtifactException.Validation("The root package group /* cannot be deleted");
        }

        var parsed = PackageGroupPattern.Parse(pattern);
        lock (_gate)
        {
            var record = FindDomain(domain, owner);
            var view = GroupView(record, FindGroup(record, parsed.Text));
            Groups(record).Remove(parsed.Text);
            Save();
            return view;
        }
    }

    private static PackageGroupRecord FindGroup(DomainRecord domain, string pattern) =>
        Groups(domain).GetValueOrDefault(pattern)
        ?? throw CodeArtifactException.NotFound($"Package group {pattern} not found in domain {domain.Name}", pattern, "package-group");

    private static void GroupText(string? value, string field)
    {
        if (value is { Length: > 1000 } || value is not null && value.Any(char.IsControl))
        {
            throw CodeArtifactException.Validation(
                $"1 validation error detected: Value at '{field}' failed to satisfy constraint: Member must have length less than or equal to 1000 and contain no control characters");
        }
    }

    private PackageGroupView GroupView(DomainRecord domain, PackageGroupRecord group)
    {
        var restrictions = new Dictionary<string, GroupRestrictionView>(StringComparer.Ordinal);
        foreach (var type in GroupRestriction.Types)
        {
            var mode = ModeOf(group, type);
            var (effective, source) = Effective(domain, group, type);
            restrictions[type] = new GroupRestrictionView(
                mode, effective, mode == GroupRestriction.Inherit ? Reference(domain, source) : null, group.AllowedRepositories.GetValueOrDefault(type)?.Count ?? 0);
        }

        var parent = ParentOf(domain, group);
        return new PackageGroupView(
            GroupArn(domain, group.Pattern), group.Pattern, domain.Name, domain.Owner, group.CreatedTime, group.ContactInfo, group.Description,
            restrictions, parent is null ? null : Reference(domain, parent));
    }

    private PackageGroupReferenceView Reference(DomainRecord domain, PackageGroupRecord group) => new(GroupArn(domain, group.Pattern), group.Pattern);

    private string GroupArn(DomainRecord domain, string pattern) => $"arn:aws:codeartifact:{Region}:{domain.Owner}:package-group/{domain.Name}{pattern}";
}
