using Amazon.Runtime;
using Governance.Aws.CodeArtifact;
using Governance.Aws.CodeArtifact.Model;
using Governance.Core.Messages;
using Governance.Core.Policy;

namespace Governance.Cli.Scan;

/// <summary>Runs <c>governance scan</c>: the backfill review of every version of a repository.</summary>
public static class ScanRunner
{
    private const string Name = "governance scan";

    /// <summary>
    /// Exit codes as the other commands: 0 every version reviewed (whatever the verdicts), 1 a verdict failed the
    /// policy, 2 usage or configuration error, 3 interrupted (resumable), 4 CodeArtifact refused.
    /// </summary>
    /// <param name="interactive">stdout is a terminal: draw the live progress line.</param>
    public static Task<int> RunAsync(ScanRequest request, TextWriter output, TextWriter error, bool interactive, CancellationToken cancellationToken) =>
        RunAsync(request, output, error, interactive, ScanServices.FromEnvironment, cancellationToken);

    /// <param name="cancellationToken">A stop request (Ctrl-C): the reviews in progress finish, the checkpoint is saved, exit 3.</param>
    internal static async Task<int> RunAsync(ScanRequest request, TextWriter output, TextWriter error, bool interactive, ScanServices services,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(services);
        if (Validate(request) is { } usage)
        {
            error.WriteLine($"{Name}: {UntrustedText.Visible(usage, 500)}");
            return ExitCodes.Usage;
        }

        var policyResult = PolicySource.Resolve(request.PolicyPath);
        if (!policyResult.Success)
        {
            error.WriteLine($"{Name}: the policy is invalid:");
            PolicySource.WriteErrors(error, policyResult);
            return ExitCodes.Usage;
        }

        // A dry run decides as audit mode does: the verdict says what enforce mode would set, nothing is set.
        var policy = request.DryRun ? policyResult.Policy with { Mode = PolicyMode.Audit } : policyResult.Policy;
        var store = new ScanStateStore(request.StatePath ?? ScanStateStore.DefaultPath(request));
        using var scanLock = ScanLock.TryAcquire(store.Path);
        if (scanLock is null)
        {
            error.WriteLine($"{Name}: another scan is running with the checkpoint {UntrustedText.Visible(store.Path)} (its lock {UntrustedText.Visible(store.Path)}.lock is held); " +
                "wait for it to finish, or give this scan its own --state");
            return ExitCodes.Usage;
        }

        ScanState state;
        try
        {
            state = store.Load() ?? NewState(request, services);
        }
        catch (InvalidDataException e)
        {
            error.WriteLine($"{Name}: {UntrustedText.Visible(e.Message)}");
            return ExitCodes.Usage;
        }

        if (state.Scope != ScanScope.Of(request))
        {
            error.WriteLine($"{Name}: the checkpoint {UntrustedText.Visible(store.Path)} belongs to another scan ({UntrustedText.Visible(Describe(state.Scope))}); " +
                "run that scan's command to resume it, or pass --state with another file (or delete it) to start this one");
            return ExitCodes.Usage;
        }

        using var client = services.CodeArtifact();
        var calls = new ScanCalls(state.Counters.Calls);
        var bucket = new TokenBucket(request.RequestsPerSecond ?? ScanRequest.DefaultRequestsPerSecond);
        try
        {
            var repository = await Throttled.CallAsync(bucket, calls, "DescribeRepository", ct => client.DescribeRepositoryAsync(new DescribeRepositoryRequest
            {
                Domain = request.Domain,
                DomainOwner = request.DomainOwner,
                Repository = request.Repository,
            }, ct), cancellationToken).ConfigureAwait(false);
            state.DomainOwner = request.DomainOwner ?? repository.Repository?.DomainOwner
                ?? throw new InvalidDataException("DescribeRepository returned no domain owner.");
        }
        catch (AmazonServiceException e)
        {
            error.WriteLine($"{Name}: CodeArtifact refused DescribeRepository for {UntrustedText.Visible(request.Domain)}/{UntrustedText.Visible(request.Repository)}: " +
                $"{e.ErrorCode ?? e.GetType().Name}: {UntrustedText.Visible(e.Message, 500)}");
            return ExitCodes.Refused;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error.WriteLine($"{Name}: interrupted before the scan started");
            return ExitCodes.Interrupted;
        }

        state.Runs++;
        await using var composition = ScanComposition.Create(request, policy, state, store.Path, client, bucket, calls, services);
        return await RunSessionAsync(composition, store, state, calls, output, error, interactive, services, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> RunSessionAsync(ScanComposition composition, ScanStateStore store, ScanState state, ScanCalls calls,
        TextWriter output, TextWriter error, bool interactive, ScanServices services, CancellationToken stop)
    {
        var request = composition.Request;
        var tally = new ScanTally(state);
        var checkpoint = new ScanCheckpoint(store, tally, calls, services.CheckpointInterval, services.CrashPoint);
        var review = new ScanVersionReview(composition.Reviewer, composition.Capture, tally, composition.Bucket, checkpoint, calls, services, error);
        var session = new ScanSession(request, composition.Listing, tally, checkpoint, review, services);
        using var reviews = new CancellationTokenSource();
        // The reviews in progress get a grace period after Ctrl-C: a review cut in the middle is redone on resume anyway.
        using var graceOnStop = stop.Register(() => reviews.CancelAfter(services.StopGrace));
        ScanEnd end;
        var progress = interactive ? new ProgressLine(error, tally, () => state.Cursor.ListingDone, services.ProgressInterval) : null;
        try
        {
            var finished = await session.RunAsync(stop, reviews.Token).ConfigureAwait(false);
            end = !finished ? ScanEnd.Interrupted : state.Pending.Count > 0 ? ScanEnd.Pending : ScanEnd.Completed;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            end = ScanEnd.Interrupted;
        }
        catch (AmazonServiceException e)
        {
            if (progress is not null)
            {
                await progress.DisposeAsync().ConfigureAwait(false);
                progress = null;
            }

            checkpoint.Save();
            error.WriteLine($"{Name}: CodeArtifact refused: {e.ErrorCode ?? e.GetType().Name}: {UntrustedText.Visible(e.Message, 500)}");
            error.WriteLine($"{Name}: the checkpoint {UntrustedText.Visible(store.Path)} is saved; run the same command again to resume once the cause is fixed");
            return ExitCodes.Refused;
        }
        finally
        {
            if (progress is not null)
            {
                await progress.DisposeAsync().ConfigureAwait(false);
            }
        }

        checkpoint.Refresh();
        if (end == ScanEnd.Completed)
        {
            store.Delete();
        }
        else
        {
            checkpoint.Save();
        }

        var context = composition.Context(store.Path);
        if (request.Json)
        {
            ScanReport.WriteJson(output, context, state, end, checkpoint.Elapsed, calls.Seconds());
        }
        else
        {
            ScanReport.WriteTable(output, context, state, end, checkpoint.Elapsed);
        }

        return Exit(end, state, store, error);
    }

    private static int Exit(ScanEnd end, ScanState state, ScanStateStore store, TextWriter error)
    {
        switch (end)
        {
            case ScanEnd.Interrupted:
                error.WriteLine($"{Name}: interrupted after {state.Counters.Reviewed:N0} versions; the checkpoint is {UntrustedText.Visible(store.Path)}: " +
                    "run the same command again to resume where it stopped");
                return ExitCodes.Interrupted;
            case ScanEnd.Pending:
                error.WriteLine($"{Name}: {state.Pending.Count:N0} versions could not be reviewed; run the same command again to retry them " +
                    $"(checkpoint {UntrustedText.Visible(store.Path)})");
                return ExitCodes.Refused;
            default:
                var verdicts = state.Counters.Verdicts;
                return verdicts.GetValueOrDefault(ScanTally.Failed) + verdicts.GetValueOrDefault(ScanTally.Quarantined) > 0 ? ExitCodes.PolicyFailed : ExitCodes.Ok;
        }
    }

    /// <summary>The request's mistakes a person can fix, or null.</summary>
    internal static string? Validate(ScanRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Domain) || string.IsNullOrWhiteSpace(request.Repository))
        {
            return "--domain and --repository are required";
        }

        if (request.Status is not (null or "Published" or "Unlisted" or "Archived"))
        {
            return $"--status {request.Status}: give Published, Unlisted or Archived (the statuses a version can be reviewed in)";
        }

        if (request.RequestsPerSecond is { } rate && (!double.IsFinite(rate) || rate <= 0))
        {
            return $"--rate {rate}: give the CodeArtifact requests per second, a number above 0 (default {ScanRequest.DefaultRequestsPerSecond})";
        }

        if (request.Concurrency is { } concurrency && concurrency is < 1 or > ScanRequest.MaxConcurrency)
        {
            return $"--concurrency {concurrency}: give 1 to {ScanRequest.MaxConcurrency} (default {ScanRequest.DefaultConcurrency})";
        }

        return null;
    }

    private static ScanState NewState(ScanRequest request, ScanServices services) => new()
    {
        HolderId = Guid.NewGuid().ToString("N"),
        Scope = ScanScope.Of(request),
        StartedAt = services.Clock.UtcNow,
    };

    private static string Describe(ScanScope scope) =>
        $"{scope.Domain}/{scope.Repository}, format {scope.Format ?? "any"}, namespace {scope.Namespace ?? "any"}, prefix {scope.PackagePrefix ?? "none"}, " +
        $"status {scope.Status ?? "any"}{(scope.DryRun ? ", dry run" : "")}";

    internal static class ExitCodes
    {
        public const int Ok = 0;
        public const int PolicyFailed = 1;
        public const int Usage = 2;
        public const int Interrupted = 3;
        public const int Refused = 4;
    }
}
