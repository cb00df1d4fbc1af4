using System.Diagnostics;
using Governance.Core.Packages;
using Governance.Core.Ports;

namespace Governance.Cli.Scan;

/// <summary>
/// The reviewer's view of CodeArtifact during a scan: every request waits for a token of the scan's
/// <see cref="TokenBucket"/> and is counted. When no <c>--domain-owner</c> was given the owner is left out of the
/// requests, as the aws CLI does, while the reviewer still sees it in the id (the ledger key names the owner, so the
/// scan's decisions and the function's share their records).
/// </summary>
internal sealed class PacedPackageSource(IPackageSource inner, TokenBucket bucket, ScanCalls calls, bool omitOwner) : IPackageSource
{
    public async Task<PackageVersionFacts> DescribeVersionAsync(PackageVersionId id, CancellationToken cancellationToken)
    {
        var facts = await TimedAsync("DescribePackageVersion", () => inner.DescribeVersionAsync(Addressed(id), cancellationToken), cancellationToken).ConfigureAwait(false);
        return facts with { Id = id };
    }

    public async Task<IReadOnlyList<AssetDescriptor>> ListAssetsAsync(PackageVersionId id, CancellationToken cancellationToken)
    {
        // One token per call: a version with more than one page of assets (over 50) is rare enough to ride the burst.
        return await TimedAsync("ListPackageVersionAssets", () => inner.ListAssetsAsync(Addressed(id), cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async Task<Stream> OpenAssetAsync(PackageVersionId id, string assetName, string revision, CancellationToken cancellationToken)
    {
        // Timed to the response headers: the bytes are read (and hashed) by the reviewer as they stream.
        return await TimedAsync("GetPackageVersionAsset", () => inner.OpenAssetAsync(Addressed(id), assetName, revision, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async Task<StatusUpdateOutcome> UpdateStatusAsync(
        PackageVersionId id, PackageVersionStatus? expectedStatus, string? revision, PackageVersionStatus targetStatus, CancellationToken cancellationToken)
    {
        return await TimedAsync("UpdatePackageVersionsStatus", () => inner.UpdateStatusAsync(Addressed(id), expectedStatus, revision, targetStatus, cancellationToken),
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> TimedAsync<T>(string operation, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        await bucket.AcquireAsync(cancellationToken).ConfigureAwait(false);
        calls.Add(operation);
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await call().ConfigureAwait(false);
        }
        finally
        {
            calls.AddTime(operation, Stopwatch.GetTimestamp() - started);
        }
    }

    private PackageVersionId Addressed(PackageVersionId id) => omitOwner ? id with { DomainOwner = "" } : id;
}
