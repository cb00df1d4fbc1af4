using Governance.Core.Packages;

namespace Governance.Core.Ports;

/// <summary>
/// What the review needs from CodeArtifact. Adapters map transport faults to exceptions; a version that no longer
/// exists is <see cref="PackageVersionNotFoundException"/> so the review can acknowledge instead of retrying; a request
/// CodeArtifact refuses as invalid (ValidationException: a name or version outside its rules) is
/// <see cref="PackageVersionUnreadableException"/>, which no retry fixes, so the review fails closed on it.
/// </summary>
public interface IPackageSource
{
    Task<PackageVersionFacts> DescribeVersionAsync(PackageVersionId id, CancellationToken cancellationToken);

    /// <summary>Every asset of the version (all pages) at its current revision.</summary>
    Task<IReadOnlyList<AssetDescriptor>> ListAssetsAsync(PackageVersionId id, CancellationToken cancellationToken);

    /// <summary>
    /// Opens the asset's bytes as a forward-only stream that the caller disposes. <paramref name="revision"/> pins the
    /// read to the revision being reviewed; a download against another revision fails rather than mixing states.
    /// </summary>
    Task<Stream> OpenAssetAsync(PackageVersionId id, string assetName, string revision, CancellationToken cancellationToken);

    /// <summary>
    /// UpdatePackageVersionsStatus for one version with expectedStatus and versionRevisions set; null leaves that
    /// condition out (only when the version could not be described, to quarantine it whatever it is).
    /// </summary>
    Task<StatusUpdateOutcome> UpdateStatusAsync(
        PackageVersionId id,
        PackageVersionStatus? expectedStatus,
        string? revision,
        PackageVersionStatus targetStatus,
        CancellationToken cancellationToken);
}

/// <summary>The per-version result of UpdatePackageVersionsStatus; the failure codes are CodeArtifact's own.</summary>
public enum StatusUpdateOutcome
{
    Succeeded,
    MismatchedStatus,
    MismatchedRevision,
    NotAllowed,
    NotFound,
    Skipped,
}

/// <summary>The package version (or its package, repository or domain) does not exist: a permanent condition.</summary>
public sealed class PackageVersionNotFoundException : Exception
{
    public PackageVersionNotFoundException() { }
    public PackageVersionNotFoundException(string message) : base(message) { }
    public PackageVersionNotFoundException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// CodeArtifact refused to read (or act on) the version as an invalid request (ValidationException, 400): the same
/// request will never succeed, so retrying would only dead-letter the event. <see cref="ErrorCode"/> is the service's.
/// </summary>
public sealed class PackageVersionUnreadableException : Exception
{
    public PackageVersionUnreadableException() { }
    public PackageVersionUnreadableException(string message) : base(message) { }
    public PackageVersionUnreadableException(string message, Exception inner) : base(message, inner) { }

    public PackageVersionUnreadableException(string message, string errorCode, Exception inner)
        : base(message, inner) => ErrorCode = errorCode;

    public string ErrorCode { get; } = "ValidationException";
}
