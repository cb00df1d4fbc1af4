using Governance.Core.Evidence;
using Governance.Core.Packages;
using Governance.Core.Ports;

namespace Governance.Core.Licenses.Discovery;

/// <summary>
/// Follows a Maven version's <c>&lt;parent&gt;</c> chain through the repository to its effective
/// <c>&lt;licenses&gt;</c>: Maven inherits <c>&lt;licenses&gt;</c> from the nearest POM that declares them, so the
/// chain stops at the first ancestor with licenses (CodeArtifact's metadata for it, or its POM's own element).
/// </summary>
internal sealed class MavenParentChain(IPackageSource source, LicenseDiscoveryOptions options)
{
    // Well-known license URLs, for a <license> that has a <url> and no recognisable <name>.
    private static readonly (string Fragment, string Id)[] KnownUrls =
    [
        ("apache.org/licenses/license-2.0", "Apache-2.0"),
        ("opensource.org/licenses/apache-2.0", "Apache-2.0"),
        ("opensource.org/licenses/mit", "MIT"),
        ("opensource.org/licenses/bsd-3-clause", "BSD-3-Clause"),
        ("opensource.org/licenses/bsd-2-clause", "BSD-2-Clause"),
        ("eclipse.org/legal/epl-2.0", "EPL-2.0"),
        ("eclipse.org/legal/epl-v20", "EPL-2.0"),
        ("eclipse.org/legal/epl-v10", "EPL-1.0"),
        ("eclipse.org/org/documents/edl-v10", "BSD-3-Clause"),
        ("mozilla.org/mpl/2.0", "MPL-2.0"),
        ("gnu.org/licenses/lgpl-2.1", "LGPL-2.1-only"),
        ("gnu.org/licenses/old-licenses/lgpl-2.1", "LGPL-2.1-only"),
        ("gnu.org/licenses/lgpl-3.0", "LGPL-3.0-only"),
        ("gnu.org/licenses/gpl-3.0", "GPL-3.0-only"),
        ("gnu.org/licenses/old-licenses/gpl-2.0", "GPL-2.0-only"),
        ("creativecommons.org/publicdomain/zero/1.0", "CC0-1.0"),
    ];

    public async Task FollowAsync(
        PackageVersionId id, byte[] pom, string pomName, List<DiscoveredLicense> found, List<string> notes, CancellationToken cancellationToken)
    {
        var own = PomReader.Parse(pom, pomName, notes);
        if (own is null)
        {
            return;
        }
        if (own.Licenses.Count > 0)
        {
            foreach (var license in own.Licenses)
            {
                found.Add(new DiscoveredLicense(LicenseSource.PackageManifest, ToLicense(license), pomName, null));
            }
            return;
        }
        var self = new MavenCoordinate(id.Namespace ?? "", id.Name, id.Version);
        var path = new List<MavenCoordinate> { self };
        var parent = own.Parent;
        if (parent is null)
        {
            notes.Add($"{pomName} declares no <licenses> and has no <parent>");
            return;
        }
        for (var depth = 1; parent is not null; depth++)
        {
            if (depth > options.MaxParentDepth)
            {
                notes.Add($"the parent chain of {self} was abandoned after {options.MaxParentDepth} parent POMs (the depth bound) without finding <licenses>: {string.Join(" → ", path)}");
                return;
            }
            if (parent.Version.Contains("${", StringComparison.Ordinal) || parent.GroupId.Length == 0 || parent.ArtifactId.Length == 0 || parent.Version.Length == 0)
            {
                notes.Add($"the parent of {path[^1]} is given as {parent}, which names no version in the repository");
                return;
            }
            if (path.Contains(parent))
            {
                notes.Add($"the parent chain of {self} is a cycle ({string.Join(" → ", path)} → {parent}): refused");
                return;
            }
            path.Add(parent);
            var parentId = id with { Namespace = parent.GroupId, Name = parent.ArtifactId, Version = parent.Version };
            try
            {
                var facts = await source.DescribeVersionAsync(parentId, cancellationToken).ConfigureAwait(false);
                var declared = facts.Licenses.Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
                if (declared.Count > 0)
                {
                    foreach (var license in declared)
                    {
                        found.Add(new DiscoveredLicense(LicenseSource.ParentPom, license, parent.ToString(), null));
                    }
                    return;
                }
                var assetName = $"{parent.ArtifactId}-{parent.Version}.pom";
                var assets = await source.ListAssetsAsync(parentId, cancellationToken).ConfigureAwait(false);
                if (!assets.Any(a => a.Name == assetName))
                {
                    notes.Add($"the parent POM {parent} has no asset {assetName} in the repository");
                    return;
                }
                byte[] bytes;
                bool complete;
                var stream = await source.OpenAssetAsync(parentId, assetName, facts.Revision, cancellationToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    (bytes, complete) = await ArchiveLicenseReader.ReadBoundedAsync(stream, options.MaxPomBytes, cancellationToken).ConfigureAwait(false);
                }
                if (!complete)
                {
                    notes.Add($"the parent POM {parent} is larger than {ReadBudget.Size(options.MaxPomBytes)} (the POM bound): not read");
                    return;
                }
                var info = PomReader.Parse(bytes, $"the parent POM {parent}", notes);
                if (info is null)
                {
                    return;
                }
                if (info.Licenses.Count > 0)
                {
                    foreach (var license in info.Licenses)
                    {
                        found.Add(new DiscoveredLicense(LicenseSource.ParentPom, ToLicense(license), parent.ToString(), null));
                    }
                    return;
                }
                if (info.Parent is null)
                {
                    notes.Add($"no POM in the parent chain of {self} declares <licenses>: {string.Join(" → ", path)}");
                    return;
                }
                parent = info.Parent;
            }
            catch (PackageVersionNotFoundException)
            {
                notes.Add($"the parent POM {parent} is not in repository {id.Repository}: the chain stops there");
                return;
            }
            catch (PackageVersionUnreadableException e)
            {
                notes.Add($"the parent POM {parent} could not be read from the repository ({e.ErrorCode})");
                return;
            }
        }
    }

    /// <summary>An SPDX id when the name (or else the URL) is recognised, otherwise the name as written.</summary>
    internal static string ToLicense((string? Name, string? Url) license)
    {
        if (!string.IsNullOrWhiteSpace(license.Name)
            && LicenseNameNormalizer.Default.Normalize(license.Name) is { Expression: { } expression }
            && expression.Licenses().All(l => l.IsListed))
        {
            return expression.ToString();
        }
        if (!string.IsNullOrWhiteSpace(license.Url))
        {
            var url = license.Url.Trim().ToLowerInvariant();
            foreach (var (fragment, id) in KnownUrls)
            {
                if (url.Contains(fragment, StringComparison.Ordinal))
                {
                    return id;
                }
            }
        }
        return (license.Name ?? license.Url ?? "").Trim();
    }
}
