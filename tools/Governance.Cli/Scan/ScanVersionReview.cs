using Governance.Aws.CodeArtifact;
using Governance.Aws.Ledger;
using Governance.Core.Messages;
using Governance.Core.Packages;
using Governance.Core.Workflow;

namespace Governance.Cli.Scan;

/// <summary>
/// One version's review within a scan, with the scan's answer to its faults: throttling pauses every request of the
/// scan and tries again; other transient faults are tried again a few times, then the version is left pending (retried
/// at the end and on resume, never skipped); anything else ends the scan.
/// </summary>
internal sealed class ScanVersionReview(
    VersionReviewer reviewer,
    VerdictCapture capture,
    ScanTally tally,
    TokenBucket bucket,
    ScanCheckpoint checkpoint,
    ScanCalls calls,
    ScanServices services,
    TextWriter error)
{
    /// <summary>Attempts of one version that keeps failing transiently before it is left pending.</summary>
    public const int Attempts = 4;

    /// <summary>Reviews one version; false when it kept failing transiently (left pending) or the stop's grace ran out.</summary>
    public async Task<bool> RunAsync(PackageVersionId id, bool inPage, CancellationToken reviews)
    {
        for (var attempt = 1; ; attempt++)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                var outcome = await reviewer.ReviewVersionAsync(id, reviews).ConfigureAwait(false);
                calls.AddTime(ScanCalls.Review, System.Diagnostics.Stopwatch.GetTimestamp() - started);
                services.CrashPoint?.Invoke("after-review");
                tally.Record(id.Version, outcome, capture.Take(outcome.PackageUrl), inPage);
                checkpoint.SaveIfDue();
                return true;
            }
            catch (ThrottlingException e) when (attempt < Throttled.Attempts)
            {
                bucket.Pause(Throttled.Backoff(attempt, e.RetryAfterSeconds));
            }
            catch (Exception e) when (Transient(e))
            {
                if (attempt < Attempts)
                {
                    await Task.Delay(TimeSpan.FromSeconds(attempt), reviews).ConfigureAwait(false);
                    continue;
                }

                error.WriteLine($"governance scan: {Display(id)} was not reviewed ({UntrustedText.Visible(e.Message, 300)}); it is retried at the end and on resume");
                lock (tally.Gate)
                {
                    var pending = new ScanVersionRef(id.Format, id.Namespace, id.Name, id.Version);
                    if (!tally.State.Pending.Contains(pending))
                    {
                        tally.State.Pending.Add(pending);
                    }

                    if (inPage)
                    {
                        tally.State.Cursor.Done.Add(id.Version);
                    }
                }

                tally.RecordError();
                return false;
            }
        }
    }

    /// <summary>Faults a later attempt can get past: a claim held elsewhere, a lost race, throttling, a 5xx, a broken connection.</summary>
    private static bool Transient(Exception e) => e switch
    {
        ReviewRetryableException or LedgerConflictException or TimeoutException or HttpRequestException or IOException => true,
        // CodeArtifact's, SNS's or DynamoDB's throttling or server errors, after the SDK's own retries.
        Amazon.Runtime.AmazonServiceException service => (int)service.StatusCode is 429 or >= 500,
        _ => false,
    };

    internal static string Display(PackageVersionId id) => UntrustedText.Visible(id.ToString(), 300);
}
