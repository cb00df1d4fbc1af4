using Governance.Local.CodeArtifact.PackageGroups;

namespace Governance.Local.CodeArtifact;

/// <summary>A package as ListAssociatedPackages names it (the model's AssociatedPackage).</summary>
public sealed record AssociatedPackageView(string Format, string? Namespace, string Package, string AssociationType);

// The package group listings: ListAllowedRepositoriesForGroup, ListSubPackageGroups, ListAssociatedPackages.
public sealed partial class CodeArtifactService
{
    public Page<string> ListAllowedRepositoriesForGroup(string domain, string? owner, string pattern, string restrictionType, int? maxResults, string? nextToken)
    {
        var parsed = PackageGroupPattern.Parse(pattern);
        InputRules.Enum(restrictionType, "originRestrictionType", GroupRestriction.Types);
        lock (_gate)
        {
            var group = FindGroup(FindDomain(domain, owner), parsed.Text);
            var allowed = group.AllowedRepositories.GetValueOrDefault(restrictionType)?.Order(StringComparer.Ordinal).ToList() ?? [];
            return Paging.Slice(allowed, maxResults, nextToken);
        }
    }

    /// <summary>The group's direct children: the groups whose parent it is.</summary>
    public Page<PackageGroupView> ListSubPackageGroups(string domain, string? owner, string pattern, int? maxResults, string? nextToken)
    {
        var parsed = PackageGroupPattern.Parse(pattern);
        lock (_gate)
        {
            var record = FindDomain(domain, owner);
            FindGroup(record, parsed.Text);
            var children = Groups(record).Values
                .Where(g => g.Pattern != parsed.Text && ParentOf(record, g)?.Pattern == parsed.Text)
                .OrderBy(g => g.Pattern, StringComparer.Ordinal)
                .Select(g => GroupView(record, g))
                .ToList();
            return Paging.Slice(children, maxResults, nextToken);
        }
    }

    /// <summary>
    /// The domain's packages (in any repository) associated with the group; with <paramref name="preview"/>, those
    /// that would be associated with a group of that pattern, whether or not it exists (the model's ListAssociatedPackages).
    /// </summary>
    public Page<AssociatedPackageView> ListAssociatedPackages(string domain, string? owner, string pattern, bool preview, int? maxResults, string? nextToken)
    {
        var parsed = PackageGroupPattern.Parse(pattern);
        lock (_gate)
        {
            var record = FindDomain(domain, owner);
            var exists = Groups(record).ContainsKey(parsed.Text);
            if (!exists && !preview)
            {
                FindGroup(record, parsed.Text);
            }

            var packages = record.Repositories.Values
                .SelectMany(r => r.Packages.Values)
                .Select(p => (p.Format, p.Namespace, p.Name))
                .Distinct()
                .Where(p => parsed.Matches(p.Format, p.Namespace, p.Name))
                .Where(p => exists
                    ? AssociatedGroup(record, p.Format, p.Namespace, p.Name).Pattern == parsed.Text
                    : PackageGroupPattern.Parse(AssociatedGroup(record, p.Format, p.Namespace, p.Name).Pattern).Specificity < parsed.Specificity)
                .OrderBy(p => p.Format, StringComparer.Ordinal).ThenBy(p => p.Namespace ?? string.Empty, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal)
                .Select(p => new AssociatedPackageView(p.Format, p.Namespace, p.Name, "STRONG"))
                .ToList();
            return Paging.Slice(packages, maxResults, nextToken);
        }
    }
}
