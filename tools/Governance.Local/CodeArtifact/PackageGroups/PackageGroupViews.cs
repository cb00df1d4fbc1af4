namespace Governance.Local.CodeArtifact.PackageGroups;

/// <summary>The model's PackageGroupOriginRestrictionType and PackageGroupOriginRestrictionMode values.</summary>
public static class GroupRestriction
{
    public const string Publish = "PUBLISH";
    public const string ExternalUpstream = "EXTERNAL_UPSTREAM";
    public const string InternalUpstream = "INTERNAL_UPSTREAM";

    public const string Allow = "ALLOW";
    public const string AllowSpecificRepositories = "ALLOW_SPECIFIC_REPOSITORIES";
    public const string Block = "BLOCK";
    public const string Inherit = "INHERIT";

    public static readonly string[] Types = [Publish, ExternalUpstream, InternalUpstream];

    public static readonly string[] Modes = [Allow, AllowSpecificRepositories, Block, Inherit];
}

/// <summary>The model's PackageGroupReference.</summary>
public sealed record PackageGroupReferenceView(string Arn, string Pattern);

/// <summary>The model's PackageGroupOriginRestriction: the mode set, the mode in effect, and where it comes from.</summary>
public sealed record GroupRestrictionView(string Mode, string EffectiveMode, PackageGroupReferenceView? InheritedFrom, long RepositoriesCount);

/// <summary>The model's PackageGroupDescription (and PackageGroupSummary, the same members).</summary>
public sealed record PackageGroupView(
    string Arn,
    string Pattern,
    string DomainName,
    string DomainOwner,
    double CreatedTime,
    string? ContactInfo,
    string? Description,
    IReadOnlyDictionary<string, GroupRestrictionView> Restrictions,
    PackageGroupReferenceView? Parent);

/// <summary>GetAssociatedPackageGroup's answer.</summary>
public sealed record AssociatedPackageGroupView(PackageGroupView Group, string AssociationType);

/// <summary>One entry of addAllowedRepositories / removeAllowedRepositories.</summary>
public sealed record AllowedRepositoryChange(string RepositoryName, string RestrictionType);

/// <summary>UpdatePackageGroupOriginConfiguration's answer: the group, and per restriction type the repositories added and removed.</summary>
public sealed record GroupOriginUpdateView(
    PackageGroupView Group,
    IReadOnlyDictionary<string, (IReadOnlyList<string> Added, IReadOnlyList<string> Removed)> AllowedRepositoryUpdates);
