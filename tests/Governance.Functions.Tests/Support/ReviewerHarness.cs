using Governance.Core.Tests.Workflow.Fakes;
using Governance.Aws.Ledger;
using Governance.Core.Packages;
using Governance.Core.Policy;
using Governance.Core.Ports;
using Governance.Core.Workflow;
using Governance.Functions.Observability;
using Governance.Functions.Review;

namespace Governance.Functions.Tests.Support;

/// <summary>
/// A <see cref="ReviewFunction"/> over the real workflow and the real file ledger, with the two edges that talk to
/// AWS (package source, SNS) replaced by in-memory ports, and the log captured.
/// </summary>
public sealed class ReviewerHarness : IDisposable
{
    public const string Account = "111122223333";
    public const string Domain = "unit-domain";
    public const string Repository = "unit-repo";

    private readonly TempFolder _folder = new("governance-unit");
    private readonly FileDecisionLedger _ledger;

    /// <param name="options">The reviewer's options for <see cref="Function"/> (receipt wait, crash point); holder "unit", lease 30 s by default.</param>
    public ReviewerHarness(ReviewerOptions? options = null)
    {
        _ledger = new FileDecisionLedger(_folder.File("ledger"), SystemClock.Instance);
        Log = new StructuredLog(LogText);
        Function = new ReviewFunction(
            new VersionReviewer(Source, _ledger, Publisher, DefaultPolicy.Policy, SystemClock.Instance, options ?? new ReviewerOptions { Holder = "unit", Lease = TimeSpan.FromSeconds(30) }),
            Log,
            new EmbeddedMetrics(MetricText, "governance-review"),
            (body, reason, messageId, _) =>
            {
                DeadLetters.Add((body, reason, messageId));
                return Task.FromResult("dlq-" + messageId);
            });
        FunctionWithoutDeadLetterQueue = new ReviewFunction(
            new VersionReviewer(Source, _ledger, Publisher, DefaultPolicy.Policy, SystemClock.Instance, new ReviewerOptions { Holder = "unit", Lease = TimeSpan.FromSeconds(30) }),
            Log,
            new EmbeddedMetrics(MetricText, "governance-review"));
    }

    /// <summary>The real file ledger the reviewer records in (what the notify function writes receipts to).</summary>
    public IDecisionLedger Ledger => _ledger;

    /// <summary>What the function sent to the dead-letter queue (the queue is an edge: recorded here).</summary>
    public List<(string Body, string Reason, string MessageId)> DeadLetters { get; } = [];

    /// <summary>The function as configured without GOVERNANCE_DEAD_LETTER_QUEUE_URL.</summary>
    public ReviewFunction FunctionWithoutDeadLetterQueue { get; }

    public InMemoryPackageSource Source { get; } = new();

    public RecordingPublisher Publisher { get; } = new();

    public StringWriter LogText { get; } = new();

    public StringWriter MetricText { get; } = new();

    public StructuredLog Log { get; }

    public ReviewFunction Function { get; }

    public PackageVersionId AddGeneric(string name, string version = "1.0.0")
    {
        var id = new PackageVersionId(Domain, Account, Repository, "generic", "unit", name, version);
        Source.Add(id, [], ("data.bin", System.Text.Encoding.UTF8.GetBytes($"{name} bytes {Guid.NewGuid()}")));
        return id;
    }

    public static string EventFor(string name, string version = "1.0.0") =>
        Events.GenericPublished(Account, Domain, Repository, "unit", name, version).ToJsonString();

    public IReadOnlyList<System.Text.Json.JsonElement> LogLines => FunctionLogLines.Parse(LogText.ToString());

    public void Dispose()
    {
        _ledger.Dispose();
        LogText.Dispose();
        MetricText.Dispose();
        _folder.Dispose();
    }
}
