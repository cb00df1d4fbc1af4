using System.Security.Cryptography;

namespace Governance.Local.CodeArtifact;

/// <summary>A resource policy as the model's ResourcePolicy shape returns it.</summary>
public sealed record ResourcePolicyView(string ResourceArn, string Revision, string Document);

// Resource policies: Put/Get/DeleteDomainPermissionsPolicy and Put/Get/DeleteRepositoryPermissionsPolicy (user guide,
// "Domain policies" and "Repository policies"). The stack has one account and evaluates no IAM: a policy is validated,
// stored and served back exactly as sent, never enforced. It lives on its domain or repository record, so deleting
// the resource deletes it, and it is persisted with the snapshot like the rest of the domain and repository state.
public sealed partial class CodeArtifactService
{
    public ResourcePolicyView PutDomainPermissionsPolicy(string domain, string? owner, string? policyRevision, string? document)
    {
        InputRules.Domain(domain);
        Revision(policyRevision);
        PolicyDocumentRules.Check(document);
        lock (_gate)
        {
            var record = FindDomain(domain, owner);
            record.PermissionsPolicy = Replace(record.PermissionsPolicy, policyRevision, document!, domain, "domain");
            Save();
            return new ResourcePolicyView(DomainArn(record), record.PermissionsPolicy.Revision, record.PermissionsPolicy.Document);
        }
    }

    public ResourcePolicyView GetDomainPermissionsPolicy(string domain, string? owner)
    {
        InputRules.Domain(domain);
        lock (_gate)
        {
            var record = FindDomain(domain, owner);
            var policy = Existing(record.PermissionsPolicy, $"domain {domain}", domain, "domain");
            return new ResourcePolicyView(DomainArn(record), policy.Revision, policy.Document);
        }
    }

    public ResourcePolicyView DeleteDomainPermissionsPolicy(string domain, string? owner, string? policyRevision)
    {
        InputRules.Domain(domain);
        Revision(policyRevision);
        lock (_gate)
        {
            var record = FindDomain(domain, owner);
            var policy = Existing(record.PermissionsPolicy, $"domain {domain}", domain, "domain");
            MatchRevision(policy, policyRevision, domain, "domain");
            record.PermissionsPolicy = null;
            Save();
            return new ResourcePolicyView(DomainArn(record), policy.Revision, policy.Document);
        }
    }

    public ResourcePolicyView PutRepositoryPermissionsPolicy(string domain, string? owner, string repository, string? policyRevision, string? document)
    {
        InputRules.Domain(domain);
        InputRules.Repository(repository);
        Revision(policyRevision);
        PolicyDocumentRules.Check(document);
        lock (_gate)
        {
            var domainRecord = FindDomain(domain, owner);
            var record = FindRepository(domainRecord, repository);
            record.PermissionsPolicy = Replace(record.PermissionsPolicy, policyRevision, document!, repository, "repository");
            Save();
            return new ResourcePolicyView(RepositoryArn(domainRecord, record), record.PermissionsPolicy.Revision, record.PermissionsPolicy.Document);
        }
    }

    public ResourcePolicyView GetRepositoryPermissionsPolicy(string domain, string? owner, string repository)
    {
        InputRules.Domain(domain);
        InputRules.Repository(repository);
        lock (_gate)
        {
            var domainRecord = FindDomain(domain, owner);
            var record = FindRepository(domainRecord, repository);
            var policy = Existing(record.PermissionsPolicy, $"repository {repository} in domain {domain}", repository, "repository");
            return new ResourcePolicyView(RepositoryArn(domainRecord, record), policy.Revision, policy.Document);
        }
    }

    public ResourcePolicyView DeleteRepositoryPermissionsPolicy(string domain, string? owner, string repository, string? policyRevision)
    {
        InputRules.Domain(domain);
        InputRules.Repository(repository);
        Revision(policyRevision);
        lock (_gate)
        {
            var domainRecord = FindDomain(domain, owner);
            var record = FindRepository(domainRecord, repository);
            var policy = Existing(record.PermissionsPolicy, $"repository {repository} in domain {domain}", repository, "repository");
            MatchRevision(policy, policyRevision, repository, "repository");
            record.PermissionsPolicy = null;
            Save();
            return new ResourcePolicyView(RepositoryArn(domainRecord, record), policy.Revision, policy.Document);
        }
    }

    /// <summary>
    /// The policy that replaces <paramref name="current"/>. A <c>policyRevision</c> is optimistic locking (the model:
    /// it "prevents others from overwriting your changes"): given, it must be the current policy's revision, so it
    /// cannot be given when there is no policy yet; omitted, the put overwrites whatever is there.
    /// </summary>
    private static ResourcePolicyRecord Replace(ResourcePolicyRecord? current, string? policyRevision, string document, string resourceId, string resourceType)
    {
        if (policyRevision is not null)
        {
            if (current is null)
            {
                throw CodeArtifactException.Conflict(
                    $"Policy revision {policyRevision} does not match: the {resourceType} {resourceId} has no resource policy", resourceId, resourceType);
            }

            MatchRevision(current, policyRevision, resourceId, resourceType);
        }

        // Opaque, like AWS's (base64 text); a new one on every put, even of the same document.
        return new ResourcePolicyRecord { Document = document, Revision = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };
    }

    private static void MatchRevision(ResourcePolicyRecord current, string? policyRevision, string resourceId, string resourceType)
    {
        if (policyRevision is not null && !string.Equals(policyRevision, current.Revision, StringComparison.Ordinal))
        {
            throw CodeArtifactException.Conflict(
                $"Policy revision {policyRevision} does not match the current revision of the resource policy on {resourceType} {resourceId}", resourceId, resourceType);
        }
    }

    private static ResourcePolicyRecord Existing(ResourcePolicyRecord? policy, string where, string resourceId, string resourceType) =>
        policy ?? throw CodeArtifactException.NotFound($"No resource policy is set on {where}", resourceId, resourceType);

    /// <summary>The model's PolicyRevision: 1 to 100 characters, no whitespace.</summary>
    private static void Revision(string? policyRevision)
    {
        if (policyRevision is not null && (policyRevision.Length is < 1 or > 100 || policyRevision.Any(char.IsWhiteSpace)))
        {
            throw CodeArtifactException.Validation(
                @"1 validation error detected: Value at 'policyRevision' failed to satisfy constraint: Member must have length between 1 and 100 and satisfy regular expression pattern: \S+");
        }
    }
}
