using Governance.Core.Evidence;
using Governance.Core.Packages;
using Governance.Core.Policy;
using Governance.Core.Ports;
using Governance.Core.Review;

namespace Governance.Core.Workflow;

/// <summary>
/// Everything the evaluation looks at for one version, gathered with the I/O overlapped: the intel lookup runs while
/// the public registry is asked and the assets stream; the registry's answer comes first because it decides which
/// digests the stream computes (so each registry digest is compared with the bytes themselves, not only with
/// CodeArtifact's record); licenses are read from the archives in the same pass as the hashing.
/// </summary>
internal sealed class EvidenceGathering(IPackageSource source, EvidenceSources sources, GovernancePolicy policy, ReviewerOptions options)
{
    /// <summary>The subject to evaluate and how many bytes were streamed.</summary>
    public async Task<(ReviewSubject Subject, long Bytes)> GatherAsync(PackageVersionFacts facts, CancellationToken cancellationToken)
    {
        var id = facts.Id;
        var assets = await source.ListAssetsAsync(id, cancellationToken).ConfigureAwait(false);
        var intel = LookUpIntelAsync(id, cancellationToken);
        var scan = LicenseScans.For(facts, policy);
        try
        {
            var registry = await DescribeRegistryAsync(facts, assets, cancellationToken).ConfigureAwait(false);
            var hashes = AssetVerifier.HashesFor(policy.Integrity.RequiredHashes, DigestAgreement.HashesToCompute(registry));
            var verifier = new AssetVerifier(source, hashes, policy.SizeLimits.MaxAssetBytes, options.AssetAttempts);
            var (checks, bytes) = await verifier.VerifyAllAsync(id, facts.Revision, assets, scan is null ? null : scan.SinkFor, cancellationToken).ConfigureAwait(false);
            var licenses = scan is null ? LicenseDiscovery.None : await scan.FinishAsync(id, source, cancellationToken).ConfigureAwait(false);
            var evidence = new ReviewEvidence(await intel.ConfigureAwait(false), registry, licenses);
            return (new ReviewSubject(facts, checks, evidence), bytes);
        }
        finally
        {
            // Awaited on every path: a failed download must neither leave the lookup running past the review nor its
            // fault unobserved. (On success it is already done; awaiting it again costs nothing.)
            await ((Task)intel).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

            if (scan is not null)
            {
                await scan.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The subject with the intel asked again (a re-evaluation: advisories appear after a version is published); the
    /// digests and licenses do not change while the revision does not, so they are kept.
    /// </summary>
    public async Task<ReviewSubject> RefreshIntelAsync(ReviewSubject subject, CancellationToken cancellationToken)
    {
        if (sources.Intel is null)
        {
            return subject;
        }

        var intel = await LookUpIntelAsync(subject.Facts.Id, cancellationToken).ConfigureAwait(false);
        return subject with { Evidence = subject.Evidence with { Intel = intel } };
    }

    private Task<IntelEvidence> LookUpIntelAsync(PackageVersionId id, CancellationToken cancellationToken) =>
        sources.Intel is { } intel
            ? intel.LookUpAsync(id, cancellationToken)
            : Task.FromResult(IntelEvidence.NotQueried("no intel source is configured"));

    /// <summary>Only EXTERNAL versions came from a public registry; for the others there is nothing to compare with.</summary>
    private async Task<RegistryEvidence> DescribeRegistryAsync(PackageVersionFacts facts, IReadOnlyList<AssetDescriptor> assets, CancellationToken cancellationToken)
    {
        if (!string.Equals(facts.OriginType, "EXTERNAL", StringComparison.Ordinal))
        {
            return RegistryEvidence.NotQueried($"origin {facts.OriginType}: the version was not taken from a public registry");
        }

        return sources.Registry is { } registry
            ? await registry.DescribeAsync(facts.Id, assets, cancellationToken).ConfigureAwait(false)
            : RegistryEvidence.NotQueried("no public registry is configured");
    }
}
