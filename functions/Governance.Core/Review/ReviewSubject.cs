using Governance.Core.Evidence;
using Governance.Core.Integrity;
using Governance.Core.Packages;

namespace Governance.Core.Review;

/// <summary>
/// Everything the evaluation looks at for one version: what CodeArtifact says about it, what reading each asset
/// produced, and the evidence gathered beyond CodeArtifact (intel, the public registry's digests, licenses read from
/// the artifact; <see cref="ReviewEvidence.None"/> when nothing was gathered). Built by the review orchestration (or
/// the CLI for a local file); the evaluation itself does no I/O.
/// </summary>
public sealed record ReviewSubject(PackageVersionFacts Facts, IReadOnlyList<AssetIntegrity> Assets)
{
    public ReviewSubject(PackageVersionFacts facts, IReadOnlyList<AssetIntegrity> assets, ReviewEvidence evidence)
        : this(facts, assets)
    {
        Evidence = evidence ?? ReviewEvidence.None;
    }

    public ReviewEvidence Evidence { get; init; } = ReviewEvidence.None;
}

/// <summary>
/// One asset's integrity evidence: the recorded size and hashes, and what the verifier computed.
/// <see cref="SizeLimitExceeded"/> means reading stopped at the limit and <see cref="ActualHashes"/> is empty.
/// </summary>
public sealed record AssetIntegrity(
    string Name,
    long Size,
    IReadOnlyDictionary<string, string> ExpectedHashes,
    IReadOnlyDictionary<HashKind, string> ActualHashes,
    long BytesRead,
    bool SizeLimitExceeded)
{
    /// <summary>Joins an asset's descriptor with the result of streaming it.</summary>
    public static AssetIntegrity From(AssetDescriptor asset, StreamVerification verification)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(verification);
        return new AssetIntegrity(asset.Name, asset.Size, asset.Hashes, verification.Digests, verification.BytesRead, verification.SizeLimitExceeded);
    }
}
