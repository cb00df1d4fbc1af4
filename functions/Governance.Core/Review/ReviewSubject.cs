using Governance.Core.Evidence;
using Governance.Core.Integrity;
using Governance.Core.Packages;

namespace Governance.Core.Review;

/// <summary>
/// Everything the evaluation looks at for one version: what CodeArtifact says about it, and what reading each asset
/// produced. Built by the review orchestration (or the CLI for a local file); the evaluation itself does no I/O.
/// </summary>
public sealed record ReviewSubject(PackageVersionFacts Facts, IReadOnlyList<AssetIntegrity> Assets);

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
