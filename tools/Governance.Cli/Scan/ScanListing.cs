using Governance.Aws.CodeArtifact;
using Governance.Aws.CodeArtifact.Model;

namespace Governance.Cli.Scan;

/// <summary>
/// The two listings a scan walks, one page at a time (a page is the unit the checkpoint resumes from): ListPackages
/// with the filters the API takes (format, namespace, package prefix) and ListPackageVersions with the status
/// filter. Each request is paced and counted; a ThrottlingException pauses every request of the scan and retries.
/// </summary>
internal sealed class ScanListing(CodeArtifactClient client, ScanRequest request, TokenBucket bucket, ScanCalls calls)
{
    /// <summary>Page sizes: big enough to keep listing calls a small share of the scan, small enough for a short redo after a kill.</summary>
    public const int PackagesPerPage = 100;

    public const int VersionsPerPage = 100;

    public Task<ListPackagesResponse> PackagesAsync(string? nextToken, CancellationToken cancellationToken) =>
        Throttled.CallAsync(bucket, calls, "ListPackages", ct => client.ListPackagesAsync(new ListPackagesRequest
        {
            Domain = request.Domain,
            DomainOwner = request.DomainOwner,
            Repository = request.Repository,
            Format = request.Format,
            Namespace = request.Namespace,
            PackagePrefix = request.PackagePrefix,
            MaxResults = PackagesPerPage,
            NextToken = nextToken,
        }, ct), cancellationToken);

    public Task<ListPackageVersionsResponse> VersionsAsync(ScanPackageRef package, string? nextToken, CancellationToken cancellationToken) =>
        Throttled.CallAsync(bucket, calls, "ListPackageVersions", ct => client.ListPackageVersionsAsync(new ListPackageVersionsRequest
        {
            Domain = request.Domain,
            DomainOwner = request.DomainOwner,
            Repository = request.Repository,
            Format = package.Format,
            Namespace = package.Namespace,
            Package = package.Name,
            Status = request.Status,
            MaxResults = VersionsPerPage,
            NextToken = nextToken,
        }, ct), cancellationToken);

    /// <summary>
    /// The versions of a page the scan reviews: with --status, what the API returned; without it, every version with
    /// something to govern (Unfinished, Disposed and Deleted versions are left out, as the reviewer would ignore them).
    /// </summary>
    public static IEnumerable<string> Reviewable(ListPackageVersionsResponse page) =>
        page.Versions
            .Where(v => v.Status is not ("Unfinished" or "Disposed" or "Deleted"))
            .Select(v => v.Version)
            .OfType<string>();
}

/// <summary>Paced requests with a shared back-off when CodeArtifact throttles.</summary>
internal static class Throttled
{
    public const int Attempts = 8;

    public static async Task<T> CallAsync<T>(TokenBucket bucket, ScanCalls calls, string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await bucket.AcquireAsync(cancellationToken).ConfigureAwait(false);
            calls.Add(operation);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (ThrottlingException e) when (attempt < Attempts)
            {
                bucket.Pause(Backoff(attempt, e.RetryAfterSeconds));
            }
            finally
            {
                calls.AddTime(operation, System.Diagnostics.Stopwatch.GetTimestamp() - started);
            }
        }
    }

    /// <summary>The service's Retry-After when it gives one, else exponential from 0.5 s to 30 s with jitter.</summary>
    public static TimeSpan Backoff(int attempt, int? retryAfterSeconds)
    {
        if (retryAfterSeconds is { } seconds && seconds > 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        var ceiling = Math.Min(30, 0.5 * Math.Pow(2, attempt - 1));
#pragma warning disable CA5394 // jitter spreads retries; it is not a secret
        return TimeSpan.FromSeconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
#pragma warning restore CA5394
    }
}
