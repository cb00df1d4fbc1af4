namespace Governance.Local.CodeArtifact;

// Domains: CreateDomain, DescribeDomain, ListDomains.
public sealed partial class CodeArtifactService
{
    public DomainView CreateDomain(string accountId, string domain, string? encryptionKey, IReadOnlyList<ResourceTag>? tags = null)
    {
        InputRules.Domain(domain);
        TagRules.CheckTags(tags ?? []);
        lock (_gate)
        {
            if (_state.Domains.ContainsKey(domain))
            {
                throw CodeArtifactException.Conflict($"Domain {domain} already exists in account {accountId}", domain, "domain");
            }

            var record = new DomainRecord
            {
                Name = domain,
                Owner = accountId,
                CreatedTime = Now(),
                EncryptionKey = encryptionKey ?? $"arn:aws:kms:{Region}:{accountId}:key/00000000-0000-4000-8000-000000000000",
            };
            Apply(record.Tags, tags ?? [], domain, "domain");
            _state.Domains[domain] = record;
            Save();
            return ToView(record);
        }
    }

    public DomainView DescribeDomain(string domain, string? owner)
    {
        InputRules.Domain(domain);
        lock (_gate)
        {
            return ToView(FindDomain(domain, owner));
        }
    }

    public Page<DomainView> ListDomains(int? maxResults, string? nextToken)
    {
        lock (_gate)
        {
            var all = _state.Domains.Values.OrderBy(d => d.Name, StringComparer.Ordinal).Select(ToView).ToList();
            return Paging.Slice(all, maxResults, nextToken);
        }
    }
}
