namespace Governance.Core.Packages;

/// <summary>
/// Identifies one package version in one repository: everything CodeArtifact needs to address it.
/// <see cref="Namespace"/> is null when the package has none (an unscoped npm package).
/// </summary>
public sealed record PackageVersionId(
    string Domain,
    string DomainOwner,
    string Repository,
    string Format,
    string? Namespace,
    string Name,
    string Version)
{
    /// <summary>A short human-readable coordinate for logs and messages: <c>npm @acme/ui-kit 2.3.1</c>.</summary>
    public override string ToString() =>
        Namespace is null ? $"{Format} {Name} {Version}" : $"{Format} {Namespace}/{Name} {Version}";
}
