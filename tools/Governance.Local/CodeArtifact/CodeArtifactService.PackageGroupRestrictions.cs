using Governance.Local.CodeArtifact.PackageGroups;

namespace Governance.Local.CodeArtifact;

// How package groups gate the ways a version enters a repository (user guide, "Package group origin controls"):
// PUBLISH (publishing and copying into it), EXTERNAL_UPSTREAM (ingesting from a public registry through its external
// connection), INTERNAL_UPSTREAM (keeping a version one of its upstream repositories holds). A version enters only when
// both the package's own origin configuration and its package group allow it.
public sealed partial class CodeArtifactService
{
    /// <summary>The domain's groups, with the root group <c>/*</c> (ALLOW for every restriction) that every domain has.</summary>
    private static Dictionary<string, PackageGroupRecord> Groups(DomainRecord domain)
    {
        if (!domain.PackageGroups.ContainsKey(PackageGroupPattern.Root))
        {
            var root = new PackageGroupRecord { Pattern = PackageGroupPattern.Root, CreatedTime = domain.CreatedTime };
            foreach (var type in GroupRestriction.Types)
            {
                root.Restrictions[type] = GroupRestriction.Allow;
            }

            domain.PackageGroups[PackageGroupPattern.Root] = root;
        }

        return domain.PackageGroups;
    }

    private static string ModeOf(PackageGroupRecord group, string type) => group.Restrictions.GetValueOrDefault(type) ?? GroupRestriction.Inherit;

    /// <summary>The direct parent: the most specific other group whose pattern covers this one's (none for the root).</summary>
    private static PackageGroupRecord? ParentOf(DomainRecord domain, PackageGroupRecord group)
    {
        var pattern = PackageGroupPattern.Parse(group.Pattern);
        return Groups(domain).Values
            .Select(g => (Record: g, Pattern: PackageGroupPattern.Parse(g.Pattern)))
            .Where(g => pattern.IsWithin(g.Pattern))
            .OrderByDescending(g => g.Pattern.Specificity)
            .Select(g => g.Record)
            .FirstOrDefault();
    }

    /// <summary>The mode in effect and the group that sets it: the first one up the hierarchy that is not INHERIT.</summary>
    private static (string Mode, PackageGroupRecord From) Effective(DomainRecord domain, PackageGroupRecord group, string type)
    {
        var current = group;
        while (ModeOf(current, type) == GroupRestriction.Inherit && ParentOf(domain, current) is { } parent)
        {
            current = parent;
        }

        var mode = ModeOf(current, type);
        return (mode == GroupRestriction.Inherit ? GroupRestriction.Allow : mode, current);
    }

    /// <summary>The most specific group whose pattern the package matches (user guide, "Package group hierarchy and pattern specificity").</summary>
    private static PackageGroupRecord AssociatedGroup(DomainRecord domain, string format, string? ns, string package) =>
        Groups(domain).Values
            .Select(g => (Record: g, Pattern: PackageGroupPattern.Parse(g.Pattern)))
            .Where(g => g.Pattern.Matches(format, ns, package))
            .OrderByDescending(g => g.Pattern.Specificity)
            .First()
            .Record;

    /// <summary>
    /// Whether the package's group lets a version enter <paramref name="repository"/> the way <paramref name="type"/>
    /// names. ALLOW_SPECIFIC_REPOSITORIES allows the repositories on the allowed list of the group that sets it.
    /// </summary>
    private static bool GroupAllows(DomainRecord domain, PackageCoordinate coordinate, string repository, string type)
    {
        var (mode, from) = Effective(domain, AssociatedGroup(domain, coordinate.Format, coordinate.Namespace, coordinate.Package), type);
        return mode switch
        {
            GroupRestriction.Allow => true,
            GroupRestriction.AllowSpecificRepositories => from.AllowedRepositories.GetValueOrDefault(type)?.Contains(repository, StringComparer.Ordinal) == true,
            _ => false,
        };
    }

    /// <summary>Refuses a publish (or copy) into the repository that the package's group blocks for it, as AWS does: 403.</summary>
    private static void EnsureGroupAllowsPublish(DomainRecord domain, PackageCoordinate coordinate, string repository)
    {
        if (!GroupAllows(domain, coordinate, repository, GroupRestriction.Publish))
        {
            var group = AssociatedGroup(domain, coordinate.Format, coordinate.Namespace, coordinate.Package);
            throw CodeArtifactException.AccessDenied(
                $"Publishing package {coordinate.DisplayName} to repository {repository} is blocked by the PUBLISH origin restriction of package group {group.Pattern}");
        }
    }
}
