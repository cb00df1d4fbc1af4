namespace Governance.Local.CodeArtifact;

// Deleting what was created: DeletePackage, DeleteRepository, DeleteDomain, DisassociateExternalConnection.
public sealed partial class CodeArtifactService
{
    /// <summary>
    /// DeletePackage: the package and every version in it. CodeArtifact emits one event per deleted version (user
    /// guide, "CodeArtifact events": "deleting a package with delete-package"), each a <c>Deleted</c> change like
    /// DeletePackageVersions'; content no other version references is released.
    /// </summary>
    public PackageView DeletePackage(PackageCoordinate coordinate)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        lock (_gate)
        {
            var repo = FindRepository(FindDomain(coordinate.Domain, coordinate.DomainOwner), coordinate.Repository);
            var package = FindPackage(coordinate);
            var released = new List<string>();
            foreach (var record in package.Versions.ToList())
            {
                package.Versions.Remove(record);
                record.Status = VersionStatus.Deleted;
                Commit(coordinate, package, record, VersionStatus.Deleted, 0, record.Assets.Count, metadataUpdated: false, statusChanged: true);
                released.AddRange(record.Assets.Select(a => a.Sha256));
            }

            repo.Packages.Remove(PackageKey(coordinate));
            Save();
            ReleaseUnreferenced(released);
            return ToView(package);
        }
    }

    /// <summary>
    /// DeleteRepository: the repository and all its packages (user guide, "Delete a repository": they "become
    /// permanently unavailable"). A repository another repository still lists as an upstream is refused with
    /// ConflictException (remove it from that upstream list first) so no upstream list names a missing repository.
    /// </summary>
    public RepositoryView DeleteRepository(string domain, string? owner, string repository)
    {
        InputRules.Domain(domain);
        InputRules.Repository(repository);
        lock (_gate)
        {
            var domainRecord = FindDomain(domain, owner);
            var record = FindRepository(domainRecord, repository);
            var downstream = domainRecord.Repositories.Values
                .Where(r => r.Name != repository && r.Upstreams.Contains(repository, StringComparer.Ordinal))
                .Select(r => r.Name)
                .Order(StringComparer.Ordinal)
                .ToList();
            if (downstream.Count > 0)
            {
                throw CodeArtifactException.Conflict(
                    $"Repository {repository} is an upstream repository of {string.Join(", ", downstream)}; remove it from their upstreams before deleting it",
                    repository,
                    "repository");
            }

            var view = ToView(domainRecord, record);
            var released = record.Packages.Values.SelectMany(p => p.Versions).SelectMany(v => v.Assets).Select(a => a.Sha256).ToList();
            domainRecord.Repositories.Remove(repository);
            Save();
            ReleaseUnreferenced(released);
            return view;
        }
    }

    /// <summary>
    /// DeleteDomain: refused with ConflictException while the domain holds repositories (the API model's
    /// DeleteDomain: "You cannot delete a domain that contains repositories"); otherwise it is gone and its description is returned.
    /// </summary>
    public DomainView DeleteDomain(string domain, string? owner)
    {
        InputRules.Domain(domain);
        lock (_gate)
        {
            var record = FindDomain(domain, owner);
            if (record.Repositories.Count > 0)
            {
                throw CodeArtifactException.Conflict(
                    $"Domain {domain} contains {record.Repositories.Count} repositories; delete them before deleting the domain",
                    domain,
                    "domain");
            }

            var view = ToView(record);
            _state.Domains.Remove(domain);
            Save();
            return view;
        }
    }

    /// <summary>DisassociateExternalConnection: removes the named connection; ResourceNotFoundException when the repository does not have it.</summary>
    public RepositoryView DisassociateExternalConnection(string domain, string? owner, string repository, string externalConnection)
    {
        InputRules.Domain(domain);
        InputRules.Repository(repository);
        InputRules.ExternalConnection(externalConnection);
        lock (_gate)
        {
            var domainRecord = FindDomain(domain, owner);
            var record = FindRepository(domainRecord, repository);
            if (!record.ExternalConnections.Remove(externalConnection))
            {
                throw CodeArtifactException.NotFound(
                    $"External connection {externalConnection} is not associated with repository {repository}", externalConnection, "external-connection");
            }

            Save();
            return ToView(domainRecord, record);
        }
    }
}
