namespace Governance.Local.CodeArtifact;

// Reading versions and assets, with the status rules for downloads.
public sealed partial class CodeArtifactService
{
    /// <summary>
    /// Without <paramref name="sortBy"/> the versions come in publication order (AWS documents no default order);
    /// with <c>PUBLISHED_TIME</c> newest first, as AWS returns them.
    /// </summary>
    public VersionListView ListPackageVersions(
        PackageCoordinate coordinate, string? status, string? originType, int? maxResults, string? nextToken, string? sortBy = null)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        lock (_gate)
        {
            var package = FindPackage(coordinate);
            var all = package.Versions
                .Where(v => status is null || v.Status == status)
                .Where(v => originType is null || v.OriginType == originType)
                .Select(v => ToView(coordinate.Repository, package, v))
                .ToList();
            if (sortBy == "PUBLISHED_TIME")
            {
                // Newest first; versions published in the same instant keep reverse publication order.
                all.Reverse();
                all = [.. all.OrderByDescending(v => v.PublishedTime)];
            }

            var page = Paging.Slice(all, maxResults, nextToken);
            return new VersionListView(package.Format, package.Namespace, package.Name, DefaultDisplayVersion(package), page.Items, page.NextToken);
        }
    }

    public VersionView DescribePackageVersion(PackageCoordinate coordinate, string version)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        lock (_gate)
        {
            var package = FindPackage(coordinate);
            return ToView(coordinate.Repository, package, FindVersion(package, coordinate, version));
        }
    }

    public (VersionView Version, Page<AssetView> Assets) ListPackageVersionAssets(PackageCoordinate coordinate, string version, int? maxResults, string? nextToken)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        lock (_gate)
        {
            var package = FindPackage(coordinate);
            var view = ToView(coordinate.Repository, package, FindVersion(package, coordinate, version));
            return (view, Paging.Slice(view.Assets, maxResults, nextToken));
        }
    }

    /// <summary>Every version of a package in publication order; empty when the repository has no such package.</summary>
    public IReadOnlyList<VersionView> PackageVersions(PackageCoordinate coordinate)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        lock (_gate)
        {
            var repo = FindRepository(FindDomain(coordinate.Domain, coordinate.DomainOwner), coordinate.Repository);
            return repo.Packages.TryGetValue(PackageKey(coordinate), out var package)
                ? package.Versions.Select(v => ToView(coordinate.Repository, package, v)).ToList()
                : [];
        }
    }

    /// <summary>Resolves an asset for download, applying the status rules (Archived and Disposed serve no bytes).</summary>
    public (VersionView Version, AssetView Asset) ResolveAsset(PackageCoordinate coordinate, string version, string assetName, string? revision)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        lock (_gate)
        {
            var package = FindPackage(coordinate);
            var record = FindVersion(package, coordinate, version);
            if (revision is not null && revision != record.Revision)
            {
                throw CodeArtifactException.NotFound(
                    $"Revision {revision} of package version {version} of package {coordinate.DisplayName} not found (current revision: {record.Revision})", version, "package-version");
            }

            if (record.Status == VersionStatus.Archived)
            {
                throw CodeArtifactException.Conflict(
                    $"Package version {version} of package {coordinate.DisplayName} is Archived; its assets cannot be downloaded", version, "package-version");
            }

            var view = ToView(coordinate.Repository, package, record);
            var asset = view.Assets.FirstOrDefault(a => a.Name == assetName)
                        ?? throw CodeArtifactException.NotFound(
                            $"Asset {assetName} of package version {version} of package {coordinate.DisplayName} not found", assetName, "asset");
            return (view, asset);
        }
    }

    private static string? DefaultDisplayVersion(PackageRecord package)
    {
        if (package.Format == "npm" && package.DistTags.TryGetValue("latest", out var latest))
        {
            return latest;
        }

        return package.Versions.LastOrDefault(v => v.Status == VersionStatus.Published)?.Version;
    }
}
