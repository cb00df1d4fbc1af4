namespace Governance.Local.CodeArtifact;

/// <summary>
/// The package-manager URL of a repository on this edge. AWS serves
/// <c>https://{domain}-{owner}.d.codeartifact.{region}.amazonaws.com/{format}/{repository}/</c>; locally the
/// domain part moves into the path so one loopback port serves every domain.
/// </summary>
public static class RepositoryEndpoints
{
    public static string For(Uri edge, string format, string domain, string owner, string repository)
    {
        ArgumentNullException.ThrowIfNull(edge);
        return $"{edge.GetLeftPart(UriPartial.Authority)}/{format}/{domain}-{owner}/{Uri.EscapeDataString(repository)}/";
    }
}
