using Governance.Local.CodeArtifact;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Governance.Local.Npm;

/// <summary>What an npm endpoint request names: the repository, and the package, its tarball or its dist-tags.</summary>
/// <param name="IsDistTags">The path is the package's dist-tags (<c>/-/package/{name}/dist-tags[/{tag}]</c>).</param>
internal sealed record NpmTarget(
    string Domain, string Owner, string Repository, string RepositoryBase, NpmPackageName? Package, string? TarballFile, bool IsDistTags = false, string? DistTag = null)
{
    public PackageCoordinate Coordinate => new(Domain, Owner, Repository, "npm", Package!.Scope, Package.Name);

    /// <summary>Splits the raw (still percent-encoded) path, because a scoped name arrives as <c>@scope%2fname</c>.</summary>
    public static NpmTarget? Parse(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? string.Empty;
        var query = raw.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            raw = raw[..query];
        }

        if (!raw.StartsWith(NpmRegistryHandler.PathPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = raw[NpmRegistryHandler.PathPrefix.Length..].Split('/', 3);
        if (parts.Length < 2)
        {
            return null;
        }

        var domainOwner = Uri.UnescapeDataString(parts[0]);
        var dash = domainOwner.LastIndexOf('-');
        if (dash <= 0 || domainOwner.Length - dash - 1 != 12)
        {
            return null;
        }

        var domain = domainOwner[..dash];
        var owner = domainOwner[(dash + 1)..];
        var repository = Uri.UnescapeDataString(parts[1]);
        var host = $"{context.Request.Scheme}://{context.Request.Host}";
        var repositoryBase = $"{host}{NpmRegistryHandler.PathPrefix}{parts[0]}/{parts[1]}/";
        var rawRest = parts.Length == 3 ? parts[2] : string.Empty;
        var rest = Uri.UnescapeDataString(rawRest);
        if (rest.Length == 0)
        {
            return new NpmTarget(domain, owner, repository, repositoryBase, null, null);
        }

        if (rest.StartsWith(NpmDistTagHandler.PathPrefix, StringComparison.Ordinal))
        {
            return DistTagTarget(domain, owner, repository, repositoryBase, rest[NpmDistTagHandler.PathPrefix.Length..]);
        }

        // The tarball separator is found in the raw path: a name whose encoded form holds "%2F-%2F" decodes to "/-/"
        // but is a (refused) package name, never a tarball path with another package's name before it.
        string? tarball = null;
        var separator = rawRest.IndexOf("/-/", StringComparison.Ordinal);
        if (separator >= 0)
        {
            tarball = Uri.UnescapeDataString(rawRest[(separator + 3)..]);
            rest = Uri.UnescapeDataString(rawRest[..separator]);
        }

        try
        {
            return new NpmTarget(domain, owner, repository, repositoryBase, NpmPackageName.Parse(rest), tarball);
        }
        catch (FormatException)
        {
            return new NpmTarget(domain, owner, repository, repositoryBase, null, null);
        }
    }

    /// <summary><c>{name}/dist-tags</c> or <c>{name}/dist-tags/{tag}</c>, the name possibly scoped (<c>@scope/name</c>).</summary>
    private static NpmTarget DistTagTarget(string domain, string owner, string repository, string repositoryBase, string path)
    {
        var end = path.IndexOf("/dist-tags", path.StartsWith('@') ? Math.Max(path.IndexOf('/', StringComparison.Ordinal) + 1, 0) : 0, StringComparison.Ordinal);
        if (end <= 0)
        {
            return new NpmTarget(domain, owner, repository, repositoryBase, null, null);
        }

        var after = path[(end + "/dist-tags".Length)..];
        if (after.Length > 0 && after[0] != '/')
        {
            return new NpmTarget(domain, owner, repository, repositoryBase, null, null);
        }

        try
        {
            return new NpmTarget(domain, owner, repository, repositoryBase, NpmPackageName.Parse(path[..end]), null, IsDistTags: true, DistTag: after.Length > 1 ? after[1..] : null);
        }
        catch (FormatException)
        {
            return new NpmTarget(domain, owner, repository, repositoryBase, null, null);
        }
    }
}
