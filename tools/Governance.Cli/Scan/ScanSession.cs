using Governance.Aws.CodeArtifact;
using Governance.Aws.CodeArtifact.Model;
using Governance.Core.Packages;

namespace Governance.Cli.Scan;

/// <summary>
/// Walks the listing from the checkpoint's cursor and reviews each version, several at a time within one page of
/// versions. The cursor moves past a page only when every version of it is done, and the done-set of the page is part
/// of the checkpoint, so a resume neither skips a version nor decides one twice (one already decided is a duplicate to
/// the ledger). A stop request lets the reviews in progress finish; the versions not started stay for the resume.
/// </summary>
internal sealed class ScanSession(
    ScanRequest request,
    ScanListing listing,
    ScanTally tally,
    ScanCheckpoint checkpoint,
    ScanVersionReview review,
    ScanServices services)
{
    private ScanState State => tally.State;

    /// <summary>Runs the listing to its end (true) or until <paramref name="stop"/> is requested (false).</summary>
    public async Task<bool> RunAsync(CancellationToken stop, CancellationToken reviews)
    {
        if (!State.Cursor.ListingDone && !await WalkPackagesAsync(stop, reviews).ConfigureAwait(false))
        {
            return false;
        }

        return await RetryPendingAsync(stop, reviews).ConfigureAwait(false);
    }

    private async Task<bool> WalkPackagesAsync(CancellationToken stop, CancellationToken reviews)
    {
        var cursor = State.Cursor;
        while (true)
        {
            var page = await listing.PackagesAsync(cursor.PackagesToken, stop).ConfigureAwait(false);
            var packages = page.Packages.Select(Ref).ToList();
            for (var i = Resume(packages); i < packages.Count; i++)
            {
                lock (tally.Gate)
                {
                    if (cursor.Package != packages[i])
                    {
                        cursor.Package = packages[i];
                        cursor.VersionsToken = null;
                        cursor.PageCounted = false;
                        cursor.Done.Clear();
                    }

                    cursor.PackageIndex = i;
                }

                if (!await WalkVersionsAsync(packages[i], stop, reviews).ConfigureAwait(false))
                {
                    return false;
                }

                lock (tally.Gate)
                {
                    cursor.Package = null;
                    cursor.VersionsToken = null;
                    cursor.PageCounted = false;
                    cursor.Done.Clear();
                    cursor.PackageIndex = i + 1;
                }

                checkpoint.SaveIfDue();
            }

            lock (tally.Gate)
            {
                if (string.IsNullOrEmpty(page.NextToken))
                {
                    cursor.ListingDone = true;
                    return true;
                }

                cursor.PackagesToken = page.NextToken;
                cursor.PackageIndex = 0;
                cursor.Package = null;
            }

            services.CrashPoint?.Invoke("after-packages-page");
        }
    }

    /// <summary>
    /// Where to start in a page fetched again on resume: the package the cursor names, found by identity (the page
    /// may have gained or lost packages since), else the saved index.
    /// </summary>
    private int Resume(List<ScanPackageRef> packages)
    {
        var cursor = State.Cursor;
        if (cursor.Package is { } current && cursor.PackageIndex < packages.Count && packages[cursor.PackageIndex] != current)
        {
            var found = packages.IndexOf(current);
            if (found >= 0)
            {
                return found;
            }
        }

        return Math.Min(cursor.PackageIndex, packages.Count);
    }

    private async Task<bool> WalkVersionsAsync(ScanPackageRef package, CancellationToken stop, CancellationToken reviews)
    {
        var cursor = State.Cursor;
        while (true)
        {
            ListPackageVersionsResponse page;
            try
            {
                page = await listing.VersionsAsync(package, cursor.VersionsToken, stop).ConfigureAwait(false);
            }
            catch (ResourceNotFoundException)
            {
                return true; // the package was deleted since it was listed: nothing left to review
            }

            var versions = ScanListing.Reviewable(page).ToList();
            HashSet<string> done;
            lock (tally.Gate)
            {
                if (!cursor.PageCounted)
                {
                    State.Counters.Listed += versions.Count;
                    cursor.PageCounted = true;
                }

                done = new HashSet<string>(cursor.Done, StringComparer.Ordinal);
            }

            var todo = versions.Where(v => !done.Contains(v)).Select(v => Id(package, v)).ToList();
            await Parallel.ForEachAsync(todo, new ParallelOptions { MaxDegreeOfParallelism = request.Concurrency ?? ScanRequest.DefaultConcurrency },
                async (id, _) =>
                {
                    if (!stop.IsCancellationRequested)
                    {
                        await review.RunAsync(id, inPage: true, reviews).ConfigureAwait(false);
                    }
                }).ConfigureAwait(false);

            if (stop.IsCancellationRequested)
            {
                return false;
            }

            if (string.IsNullOrEmpty(page.NextToken))
            {
                return true;
            }

            lock (tally.Gate)
            {
                cursor.VersionsToken = page.NextToken;
                cursor.PageCounted = false;
                cursor.Done.Clear();
            }

            checkpoint.SaveIfDue();
        }
    }

    private async Task<bool> RetryPendingAsync(CancellationToken stop, CancellationToken reviews)
    {
        List<ScanVersionRef> pending;
        lock (tally.Gate)
        {
            pending = [.. State.Pending];
        }

        foreach (var version in pending)
        {
            if (stop.IsCancellationRequested)
            {
                return false;
            }

            var id = Id(new ScanPackageRef(version.Format, version.Namespace, version.Name), version.Version);
            if (await review.RunAsync(id, inPage: false, reviews).ConfigureAwait(false))
            {
                lock (tally.Gate)
                {
                    State.Pending.Remove(version);
                }

                tally.ForgetError();
                checkpoint.SaveIfDue();
            }
        }

        return !stop.IsCancellationRequested;
    }

    private PackageVersionId Id(ScanPackageRef package, string version) =>
        new(request.Domain, State.DomainOwner, request.Repository, package.Format, package.Namespace, package.Name, version);

    private static ScanPackageRef Ref(PackageSummary summary) =>
        new(summary.Format ?? throw new InvalidDataException("ListPackages returned a package without a format."),
            string.IsNullOrEmpty(summary.Namespace) ? null : summary.Namespace,
            summary.Package ?? throw new InvalidDataException("ListPackages returned a package without a name."));

}
