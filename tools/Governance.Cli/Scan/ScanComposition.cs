using Governance.Aws.CodeArtifact;
using Governance.Aws.Ledger;
using Governance.Aws.Sns;
using Governance.Core.Policy;
using Governance.Core.Ports;
using Governance.Core.Workflow;

namespace Governance.Cli.Scan;

/// <summary>
/// The parts of one scan, put together the way the review function puts them together (same reviewer, same ledger
/// semantics) with the scan's own pacing, holder and notification choice; disposes what it created.
/// </summary>
internal sealed class ScanComposition : IAsyncDisposable
{
    private readonly List<IDisposable> _owned = [];
    private string? _temporaryLedger;

    private ScanComposition(ScanRequest request) => Request = request;

    public ScanRequest Request { get; }

    public required VersionReviewer Reviewer { get; init; }

    public required VerdictCapture Capture { get; init; }

    public required ScanListing Listing { get; init; }

    public required TokenBucket Bucket { get; init; }

    public required string Mode { get; init; }

    public required string Policy { get; init; }

    public required string DomainOwner { get; init; }

    public string Notifications { get; private set; } = "";

    public string Ledger { get; private set; } = "";

    public static ScanComposition Create(ScanRequest request, GovernancePolicy policy, ScanState state, string statePath, CodeArtifactClient client,
        TokenBucket bucket, ScanCalls calls, ScanServices services)
    {
        var owned = new List<IDisposable>();
        var (ledger, ledgerText, temporary) = CreateLedger(request, statePath, services, owned);
        var (publisher, notifications) = CreatePublisher(request, services, owned);
        var capture = new VerdictCapture(publisher);
        var source = new PacedPackageSource(new CodeArtifactPackageSource(client), bucket, calls, omitOwner: request.DomainOwner is null);
        var reviewer = new VersionReviewer(source, ledger, capture, policy, services.Clock, new ReviewerOptions
        {
            // Stable across resumes: a scan restarted after a kill re-enters its own in-progress claims at once
            // instead of waiting out the lease.
            Holder = "scan/" + state.HolderId,
            CrashPoint = services.CrashPoint,
        });
        var composition = new ScanComposition(request)
        {
            Reviewer = reviewer,
            Capture = capture,
            Listing = new ScanListing(client, request, bucket, calls),
            Bucket = bucket,
            Mode = PolicyNames.ModeName(policy.Mode),
            Policy = policy.SourceName,
            DomainOwner = state.DomainOwner,
        };
        composition._owned.AddRange(owned);
        composition._temporaryLedger = temporary;
        composition.Ledger = ledgerText;
        composition.Notifications = notifications;
        return composition;
    }

    public ScanContext Context(string statePath) => new(Request, DomainOwner, Mode, Policy, Notifications, Ledger, statePath);

    public ValueTask DisposeAsync()
    {
        foreach (var disposable in _owned)
        {
            disposable.Dispose();
        }

        if (_temporaryLedger is not null)
        {
            try
            {
                Directory.Delete(_temporaryLedger, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary folder is harmless; the dry run's result is already reported.
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// A dry run decides into a temporary ledger it throws away (the real one is never written); otherwise the
    /// deployed stack's DynamoDB table when named, else a file ledger shared by every scan beside the checkpoints.
    /// </summary>
    private static (IDecisionLedger Ledger, string Text, string? Temporary) CreateLedger(ScanRequest request, string statePath, ScanServices services, List<IDisposable> owned)
    {
        if (request.DryRun)
        {
            var folder = Directory.CreateTempSubdirectory("governance-scan-dry-run-").FullName;
            var temporary = new FileDecisionLedger(folder, services.Clock);
            owned.Add(temporary);
            return (temporary, "temporary (dry run: discarded at the end)", folder);
        }

        if (request.LedgerTable is { Length: > 0 } table)
        {
            var dynamo = services.DynamoDb();
            owned.Add(dynamo);
            return (new DynamoDbDecisionLedger(dynamo, table, services.Clock), $"DynamoDB table {table}", null);
        }

        var shared = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(statePath))!, "ledger");
        var file = new FileDecisionLedger(shared, services.Clock);
        owned.Add(file);
        return (file, $"file ledger {shared}", null);
    }

    private static (INotificationPublisher Publisher, string Text) CreatePublisher(ScanRequest request, ScanServices services, List<IDisposable> owned)
    {
        if (request.DryRun)
        {
            return (new SilentPublisher(), "none (dry run: nothing sent or recorded)");
        }

        if (request.TopicArn is not { Length: > 0 } topic)
        {
            return (new SilentPublisher(), "none (no --topic-arn: nothing sent or recorded)");
        }

        var sns = services.Sns();
        owned.Add(sns);
        return (new SnsNotificationPublisher(sns, topic), $"published to {topic}");
    }
}
