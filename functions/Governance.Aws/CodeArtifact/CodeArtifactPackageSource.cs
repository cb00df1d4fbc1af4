using System.Globalization;
using Governance.Aws.CodeArtifact.Model;
using Governance.Core.Packages;
using Governance.Core.Ports;

namespace Governance.Aws.CodeArtifact;

/// <summary>
/// <see cref="IPackageSource"/> over <see cref="CodeArtifactClient"/>: what the review reads from and does to
/// CodeArtifact. A <see cref="ResourceNotFoundException"/> (version, package, repository or domain gone) becomes
/// <see cref="PackageVersionNotFoundException"/> so the review acknowledges instead of retrying, a
/// <see cref="ValidationException"/> (the request can never succeed) becomes <see cref="PackageVersionUnreadableException"/>
/// so the review fails closed instead of dead-lettering; every other error
/// propagates as the client's typed exception (after the SDK's own retries).
/// </summary>
public sealed class CodeArtifactPackageSource(CodeArtifactClient client) : IPackageSource
{
    public async Task<PackageVersionFacts> DescribeVersionAsync(PackageVersionId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var response = await NotFoundAware(id, () => client.DescribePackageVersionAsync(For(id, new DescribePackageVersionRequest
        {
            PackageVersion = id.Version,
        }), cancellationToken));
        var description = response.PackageVersion;
        return new PackageVersionFacts(
            id,
            ParseStatus(description.Status),
            description.Revision ?? throw new InvalidDataException($"DescribePackageVersion for {id} returned no revision."),
            (description.Licenses ?? []).Select(l => l.Name ?? l.Url).OfType<string>().ToList(),
            description.Origin?.OriginType ?? "UNKNOWN",
            description.PublishedTime);
    }

    public async Task<IReadOnlyList<AssetDescriptor>> ListAssetsAsync(PackageVersionId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var request = For(id, new ListPackageVersionAssetsRequest
        {
            PackageVersion = id.Version,
        });
        var assets = new List<AssetDescriptor>();
        try
        {
            await foreach (var page in client.ListPackageVersionAssetsPagesAsync(request, cancellationToken))
            {
                assets.AddRange(page.Assets.Select(ToDescriptor));
            }
        }
        catch (ResourceNotFoundException e)
        {
            throw NotFound(id, e);
        }
        catch (ValidationException e)
        {
            throw Unreadable(id, "ListPackageVersionAssets", e);
        }

        return assets;
    }

    public async Task<Stream> OpenAssetAsync(PackageVersionId id, string assetName, string revision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentException.ThrowIfNullOrEmpty(assetName);
        ArgumentException.ThrowIfNullOrEmpty(revision);
        var response = await NotFoundAware(id, () => client.GetPackageVersionAssetAsync(For(id, new GetPackageVersionAssetRequest
        {
            PackageVersion = id.Version,
            Asset = assetName,
            PackageVersionRevision = revision,
        }), cancellationToken));
        if (response.PackageVersionRevision is { Length: > 0 } served && !string.Equals(served, revision, StringComparison.Ordinal))
        {
            // The bytes would belong to another revision than the one under review: never mix states.
            response.Dispose();
            throw new InvalidOperationException($"Asset {assetName} of {id} was served for revision {served}, not the requested {revision}.");
        }

        return response.Asset;
    }

    public async Task<StatusUpdateOutcome> UpdateStatusAsync(
        PackageVersionId id,
        PackageVersionStatus? expectedStatus,
        string? revision,
        PackageVersionStatus targetStatus,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var response = await NotFoundAware(id, () => client.UpdatePackageVersionsStatusAsync(For(id, new UpdatePackageVersionsStatusRequest
        {
            Versions = [id.Version],
            VersionRevisions = revision is null ? null : new Dictionary<string, string>(StringComparer.Ordinal) { [id.Version] = revision },
            ExpectedStatus = expectedStatus?.ToString(),
            TargetStatus = targetStatus.ToString(),
        }), cancellationToken));

        if (response.SuccessfulVersions.ContainsKey(id.Version))
        {
            return StatusUpdateOutcome.Succeeded;
        }

        if (response.FailedVersions.TryGetValue(id.Version, out var failure))
        {
            return MapErrorCode(failure.ErrorCode, id);
        }

        throw new InvalidDataException($"UpdatePackageVersionsStatus for {id} reported neither success nor failure for version {id.Version}.");
    }

    /// <summary>CodeArtifact's per-version error codes (PackageVersionErrorCode) onto the port's outcomes.</summary>
    internal static StatusUpdateOutcome MapErrorCode(string? errorCode, PackageVersionId id) => errorCode switch
    {
        PackageVersionErrorCodes.MismatchedStatus => StatusUpdateOutcome.MismatchedStatus,
        PackageVersionErrorCodes.MismatchedRevision => StatusUpdateOutcome.MismatchedRevision,
        PackageVersionErrorCodes.NotAllowed => StatusUpdateOutcome.NotAllowed,
        PackageVersionErrorCodes.NotFound => StatusUpdateOutcome.NotFound,
        PackageVersionErrorCodes.Skipped => StatusUpdateOutcome.Skipped,
        // ALREADY_EXISTS is modelled for copy operations; for a status update it means the change cannot be made.
        PackageVersionErrorCodes.AlreadyExists => StatusUpdateOutcome.NotAllowed,
        _ => throw new InvalidDataException($"UpdatePackageVersionsStatus for {id} failed with unknown error code '{errorCode}'."),
    };

    internal static AssetDescriptor ToDescriptor(AssetSummary asset)
    {
        var hashes = (asset.Hashes ?? []).ToDictionary(
            h => h.Key,
            h => h.Value.ToLowerInvariant(),
            StringComparer.Ordinal);
        return new AssetDescriptor(asset.Name ?? throw new InvalidDataException("An asset without a name was listed."), asset.Size ?? 0, hashes);
    }

    private static PackageVersionStatus ParseStatus(string? status) =>
        Enum.TryParse<PackageVersionStatus>(status, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"Unknown package version status '{status}'."));

    /// <summary>Addresses a request to the package of <paramref name="id"/> (every operation here is package-scoped).</summary>
    private static T For<T>(PackageVersionId id, T request)
        where T : PackageScopedRequest
    {
        request.Domain = id.Domain;
        request.DomainOwner = NullIfEmpty(id.DomainOwner);
        request.Repository = id.Repository;
        request.Format = id.Format;
        request.Namespace = id.Namespace;
        request.Package = id.Name;
        return request;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static async Task<T> NotFoundAware<T>(PackageVersionId id, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ResourceNotFoundException e)
        {
            throw NotFound(id, e);
        }
        catch (ValidationException e)
        {
            throw Unreadable(id, typeof(T).Name.Replace("Response", string.Empty, StringComparison.Ordinal), e);
        }
    }

    private static PackageVersionUnreadableException Unreadable(PackageVersionId id, string operation, ValidationException e) =>
        new($"{operation} refused {id}: {e.ErrorCode ?? "ValidationException"}: {e.Message}", e.ErrorCode ?? "ValidationException", e);

    private static PackageVersionNotFoundException NotFound(PackageVersionId id, ResourceNotFoundException e) =>
        new($"{id} was not found in {id.Domain}/{id.Repository}: {e.Message}", e);
}
