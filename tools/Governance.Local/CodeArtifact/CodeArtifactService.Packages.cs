namespace Governance.Local.CodeArtifact;

// Packages and their origin configuration (publish / upstream restrictions).
public sealed partial class CodeArtifactService
{
    public Page<PackageView> ListPackages(
        string domain, string? owner, string repository, string? format, string? ns, string? prefix, string? publish, string? upstream, int? maxResults, string? nextToken)
    {
        lock (_gate)
        {
            var repo = FindRepository(FindDomain(domain, owner), repository);
            var list = repo.Packages.Values
                .Where(p => format is null || p.Format == format)
                .Where(p => ns is null || (p.Namespace ?? string.Empty).StartsWith(ns, StringComparison.Ordinal)) // AWS: --namespace is a prefix match
                .Where(p => prefix is null || p.Name.StartsWith(prefix, StringComparison.Ordinal))
                .Where(p => publish is null || p.Publish == publish)
                .Where(p => upstream is null || p.Upstream == upstream)
                .OrderBy(p => p.Format, StringComparer.Ordinal)
                .ThenBy(p => p.Namespace ?? string.Empty, StringComparer.Ordinal)
                .ThenBy(p => p.Name, StringComparer.Ordinal)
                .Select(ToView)
                .ToList();
            return Paging.Slice(list, maxResults, nextToken);
        }
    }

    public PackageView DescribePackage(PackageCoordinate coordinate)
    {
        lock (_gate)
        {
            return ToView(FindPackage(coordinate));
        }
    }

    public PackageView PutPackageOriginConfiguration(PackageCoordinate coordinate, string publish, string upstream)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        InputRules.Enum(publish, "restrictions.publish", [OriginRestriction.Allow, OriginRestriction.Block]);
        InputRules.Enum(upstream, "restrictions.upstream", [OriginRestriction.Allow, OriginRestriction.Block]);
        lock (_gate)
        {
            var repo = FindRepository(FindDomain(coordinate.Domain, coordinate.DomainOwner), coordinate.Repository);
            // The API may be called before the package exists: it creates an empty package holding the restrictions.
            var package = GetOrAddPackage(repo, coordinate, PackageArrival.Configured);
            package.Publish = publish;
            package.Upstream = upstream;
            Save();
            return ToView(package);
        }
    }
}
