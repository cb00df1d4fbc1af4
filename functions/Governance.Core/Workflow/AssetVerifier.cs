using Governance.Core.Integrity;
using Governance.Core.Packages;
using Governance.Core.Ports;
using Governance.Core.Review;

namespace Governance.Core.Workflow;

/// <summary>
/// Streams every asset of one version through the verifier, with the retry rules that keep transport faults out of
/// verdicts. One job, apart from the review's steps: reading bytes and hashing them (and handing them, in the same
/// pass, to whoever else reads them: the license discovery).
/// </summary>
/// <param name="hashes">The algorithms computed for every asset (the policy's, SHA-256, and any the evidence needs).</param>
/// <param name="maxAssetBytes">The policy's per-asset limit: reading stops as soon as an asset proves longer.</param>
internal sealed class AssetVerifier(IPackageSource source, IReadOnlyCollection<HashKind> hashes, long? maxAssetBytes, int attempts)
{
    /// <summary>
    /// The hashes every review computes: the policy's required ones, and SHA-256 always (it is what CodeArtifact
    /// checks on publish), plus <paramref name="extra"/> (those the public registry publishes, for the three-way check).
    /// </summary>
    public static IReadOnlyCollection<HashKind> HashesFor(IReadOnlyList<HashKind> required, IEnumerable<HashKind> extra) =>
        [.. required.Prepend(HashKind.Sha256).Concat(extra).Distinct()];

    public async Task<(IReadOnlyList<AssetIntegrity> Checks, long Bytes)> VerifyAllAsync(
        PackageVersionId id,
        string revision,
        IReadOnlyList<AssetDescriptor> assets,
        Func<AssetDescriptor, IChunkSink?>? sinkFor,
        CancellationToken cancellationToken)
    {
        var checks = new List<AssetIntegrity>(assets.Count);
        long bytes = 0;
        foreach (var asset in assets)
        {
            var check = await VerifyAsync(id, revision, asset, sinkFor, cancellationToken).ConfigureAwait(false);
            bytes += check.BytesRead;
            checks.Add(check);
        }

        return (checks, bytes);
    }

    /// <summary>
    /// Streams one asset through the verifier. A broken download is retried and never becomes a verdict. A digest
    /// that differs from the recorded one is confirmed by a second download before it counts as tampering: bytes
    /// corrupted in transit differ from one download to the next, bytes altered at rest do not.
    /// </summary>
    private async Task<AssetIntegrity> VerifyAsync(
        PackageVersionId id, string revision, AssetDescriptor asset, Func<AssetDescriptor, IChunkSink?>? sinkFor, CancellationToken cancellationToken)
    {
        AssetIntegrity? firstMismatch = null;
        Exception? lastFault = null;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            try
            {
                var check = await DownloadAndVerifyAsync(id, revision, asset, sinkFor, cancellationToken).ConfigureAwait(false);
                if (check.SizeLimitExceeded || Matches(check))
                {
                    return check;
                }

                if (firstMismatch is not null && SameDigests(firstMismatch, check))
                {
                    return check;
                }

                firstMismatch ??= check;
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                lastFault = ex;
            }
        }

        throw lastFault is null
            ? new ReviewRetryableException(
                $"asset {asset.Name} of {id} hashed differently on each of {attempts} downloads: corruption in transit, not a verdict")
            : new ReviewRetryableException(
                $"asset {asset.Name} of {id} could not be read in {attempts} downloads: {lastFault.Message}", lastFault);
    }

    private async Task<AssetIntegrity> DownloadAndVerifyAsync(
        PackageVersionId id, string revision, AssetDescriptor asset, Func<AssetDescriptor, IChunkSink?>? sinkFor, CancellationToken cancellationToken)
    {
        var stream = await source.OpenAssetAsync(id, asset.Name, revision, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            // Asked only once the download has opened: each attempt gets its own sink, and a retry's replaces the
            // earlier one's reading (a broken download must not leave half an archive behind).
            var result = await StreamVerifier.VerifyAsync(stream, hashes, maxAssetBytes, sinkFor?.Invoke(asset), cancellationToken).ConfigureAwait(false);
            return AssetIntegrity.From(asset, result);
        }
    }

    private bool Matches(AssetIntegrity check) =>
        DigestComparison.Compare(check.ExpectedHashes, check.ActualHashes, hashes).All(c => c.Match != DigestMatch.Mismatch);

    private static bool SameDigests(AssetIntegrity left, AssetIntegrity right) =>
        left.ActualHashes.Count == right.ActualHashes.Count
        && left.ActualHashes.All(pair => right.ActualHashes.TryGetValue(pair.Key, out var other) && other == pair.Value);
}
