namespace Governance.Core.Packages;

/// <summary>
/// A package version at one revision: the unit a review decides on. The revision changes whenever the version's
/// assets or metadata change, so a verdict is bound to the revision it saw.
/// </summary>
public sealed record PackageVersionRef(PackageVersionId Id, string Revision)
{
    public string PackageUrl => Packages.PackageUrl.For(Id);

    public override string ToString() => $"{Id} (revision {Revision})";
}

/// <summary>ARNs and stable keys for package coordinates.</summary>
public static class PackageIdentity
{
    /// <summary>
    /// The package ARN as CodeArtifact writes it in events:
    /// <c>arn:aws:codeartifact:REGION:OWNER:package/DOMAIN/REPOSITORY/FORMAT/NAMESPACE/NAME</c>; an absent namespace
    /// leaves an empty segment (<c>npm//name</c>).
    /// </summary>
    public static string PackageArn(PackageVersionId id, string region, string partition = "aws")
    {
        ArgumentNullException.ThrowIfNull(id);
        return $"arn:{partition}:codeartifact:{region}:{id.DomainOwner}:package/{id.Domain}/{id.Repository}/{id.Format}/{id.Namespace ?? ""}/{id.Name}";
    }

    /// <summary>
    /// A stable, unique string for a version across domains and accounts (the ledger's key):
    /// <c>OWNER/DOMAIN/REPOSITORY/FORMAT/NAMESPACE/NAME/VERSION</c> with every segment percent-encoded.
    /// </summary>
    public static string VersionKey(PackageVersionId id)
    {
        ArgumentNullException.ThrowIfNull(id);
        string[] segments = [id.DomainOwner, id.Domain, id.Repository, id.Format, id.Namespace ?? "", id.Name, id.Version];
        return string.Join('/', segments.Select(Uri.EscapeDataString));
    }
}
