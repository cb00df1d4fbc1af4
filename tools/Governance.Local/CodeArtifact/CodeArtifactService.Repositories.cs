namespace Governance.Local.CodeArtifact;

// Repositories, their upstream lists and external connections.
public sealed partial class CodeArtifactService
{
    public RepositoryView CreateRepository(string domain, string? owner, string repository, string? description, IReadOnlyList<string>? upstreams, IReadOnlyList<ResourceTag>? tags = null)
    {
        InputRules.Domain(domain);
        InputRules.Repository(repository);
        TagRules.CheckTags(tags ?? []);
        lock (_gate)
        {
            var domainRecord = FindDomain(domain, owner);
            if (domainRecord.Repositories.ContainsKey(repository))
            {
                throw CodeArtifactException.Conflict($"Repository {repository} already exists in domain {domain}", repository, "repository");
            }

            var record = new RepositoryRecord { Name = repository, Description = description, CreatedTime = Now() };
            SetUpstreams(domainRecord, record, upstreams ?? []);
            Apply(record.Tags, tags ?? [], repository, "repository");
            domainRecord.Repositories[repository] = record;
            Save();
            return ToView(domainRecord, record);
        }
    }

    public RepositoryView DescribeRepository(string domain, string? owner, string repository)
    {
        InputRules.Domain(domain);
        InputRules.Repository(repository);
        lock (_gate)
        {
            var domainRecord = FindDomain(domain, owner);
            return ToView(domainRecord, FindRepository(domainRecord, repository));
        }
    }

    public RepositoryView UpdateRepository(string domain, string? owner, string repository, string? description, IReadOnlyList<string>? upstreams)
    {
        InputRules.Domain(domain);
        InputRules.Repository(repository);
        lock (_gate)
        {
            var domainRecord = FindDomain(domain, owner);
            var record = FindRepository(domainRecord, repository);
            if (upstreams is not null)
            {
                SetUpstreams(domainRecord, record, upstreams);
            }

            if (description is not null)
            {
                record.Description = description;
            }

            Save();
            return ToView(domainRecord, record);
        }
    }

    public RepositoryView AssociateExternalConnection(string domain, string? owner, string repository, string externalConnection)
    {
        InputRules.Domain(domain);
        InputRules.Repository(repository);
        InputRules.ExternalConnection(externalConnection);
        if (ExternalConnections.FormatOf(externalConnection) is null)
        {
            throw CodeArtifactException.Validation(
                $"External connection {externalConnection} is not supported; use one of {string.Join(", ", ExternalConnections.Known.Keys)}");
        }

        lock (_gate)
        {
            var domainRecord = FindDomain(domain, owner);
            var record = FindRepository(domainRecord, repository);
            if (record.ExternalConnections.Count > 0)
            {
                throw CodeArtifactException.Conflict(
                    $"Repository {repository} already has an external connection ({record.ExternalConnections[0]}); a repository can have only one",
                    repository,
                    "repository");
            }

            record.ExternalConnections.Add(externalConnection);
            Save();
            return ToView(domainRecord, record);
        }
    }

    public Page<RepositoryView> ListRepositories(string? domain, string? owner, string? prefix, int? maxResults, string? nextToken)
    {
        lock (_gate)
        {
            IEnumerable<(DomainRecord Domain, RepositoryRecord Repository)> all;
            if (domain is not null)
            {
                var domainRecord = FindDomain(InputRules.Domain(domain), owner);
                all = domainRecord.Repositories.Values.Select(r => (domainRecord, r));
            }
            else
            {
                all = _state.Domains.Values.SelectMany(d => d.Repositories.Values.Select(r => (d, r)));
            }

            var list = all
                .Where(x => prefix is null || x.Repository.Name.StartsWith(prefix, StringComparison.Ordinal))
                .OrderBy(x => x.Repository.Name, StringComparer.Ordinal)
                .ThenBy(x => x.Domain.Name, StringComparer.Ordinal)
                .Select(x => ToView(x.Domain, x.Repository))
                .ToList();
            return Paging.Slice(list, maxResults, nextToken);
        }
    }

    /// <summary>Checks a repository exists (for the endpoint and token operations).</summary>
    public RepositoryView RequireRepository(string domain, string? owner, string repository) =>
        DescribeRepository(domain, owner, repository);

    private static void SetUpstreams(DomainRecord domain, RepositoryRecord record, IReadOnlyList<string> upstreams)
    {
        foreach (var upstream in upstreams)
        {
            InputRules.Repository(upstream, "upstreams.repositoryName");
            if (upstream == record.Name)
            {
                throw CodeArtifactException.Validation($"Repository {record.Name} cannot be its own upstream");
            }

            if (!domain.Repositories.ContainsKey(upstream))
            {
                throw CodeArtifactException.NotFound($"Repository {upstream} not found in domain {domain.Name}", upstream, "repository");
            }
        }

        if (upstreams.Count > 10)
        {
            throw CodeArtifactException.Validation("A repository can have at most 10 direct upstream repositories");
        }

        record.Upstreams = upstreams.Distinct(StringComparer.Ordinal).ToList();
    }
}
