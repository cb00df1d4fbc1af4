using Governance.Local.Faults;

namespace Governance.Cli.Local;

/// <summary>How to run the local stack with the governance functions wired in.</summary>
public sealed record GovernedStackOptions
{
    public required string DataFolder { get; init; }

    /// <summary>
    /// The built function program (<c>Governance.Functions.dll</c>, as <c>sam build</c> packages it for the dotnet10
    /// runtime); unused when <see cref="FunctionBootstrap"/> is set.
    /// </summary>
    public string FunctionAssembly { get; init; } = "";

    /// <summary>
    /// The NativeAOT build of the function program (the native executable the <c>native-aot</c> packaging deploys as
    /// <c>bootstrap</c>): when set, the functions run it instead of <see cref="FunctionAssembly"/>.
    /// </summary>
    public string? FunctionBootstrap { get; init; }

    /// <summary>Edge port; 0 picks a free one.</summary>
    public int Port { get; init; }

    public string Region { get; init; } = "us-east-1";

    public string Mode { get; init; } = "enforce";

    public string QuarantineStatus { get; init; } = "Unlisted";

    /// <summary>A policy file for the review function; null runs the policy packaged with the function.</summary>
    public string? PolicyFile { get; init; }

    public FaultSettings Faults { get; init; } = FaultSettings.None;

    /// <summary>The stand-in for <c>public:maven-central</c> (Maven layout); null: Debian's <c>/usr/share/maven-repo</c>.</summary>
    public string? MavenCentralDirectory { get; init; }

    /// <summary>The stand-in for <c>public:npmjs</c> (packuments and tarballs); null: none.</summary>
    public string? NpmjsDirectory { get; init; }

    /// <summary>The stand-in for PyPI's JSON API (<c>/public/pypi/</c>); null: none.</summary>
    public string? PypiDirectory { get; init; }

    /// <summary>The OSV records the stack's <c>/osv/</c> endpoint serves; null: the incidents shipped with it.</summary>
    public string? OsvDirectory { get; init; }

    /// <summary>
    /// The review function's intel source (<c>GOVERNANCE_OSV_URL</c>): null asks the stack's own <c>/osv/</c>
    /// endpoint; <c>off</c> or another URL (an unreachable one, to test failing closed) is passed as it is.
    /// </summary>
    public string? IntelUrl { get; init; }

    public string TopicName { get; init; } = "governance-verdicts";

    public string NotificationEmail { get; init; } = "platform-team@example.com";

    public string SlackWebhookParameter { get; init; } = "/governance/slack-webhook-url";

    /// <summary>The review function's timeout (Lambda's; the host kills an invoke that runs longer).</summary>
    public TimeSpan FunctionTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The ledger lease: short locally so that a crashed review is taken over quickly.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long a review retried after a crash between publishing and marking "notified" waits for the notify
    /// function's delivery receipt before publishing again (the deployed template uses 60 s; locally the notify
    /// function runs beside it, so a receipt takes milliseconds unless it is backed up).
    /// </summary>
    public TimeSpan ReceiptWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether the notify function records delivery receipts (as deployed). False runs it without the ledger and the
    /// review with no receipt wait: notifications are then at least once (benchmarks price the difference).
    /// </summary>
    public bool DeliveryReceipts { get; init; } = true;

    /// <summary>
    /// Tests only: a review workflow step (<c>after-status-update</c>, <c>before-notify</c>, <c>after-publish</c>) where the review function's
    /// process exits abruptly the first time it gets there; null (the default) never crashes.
    /// </summary>
    public string? CrashAt { get; init; }

    /// <summary>
    /// Deliveries of one event to the review function before it goes to the dead-letter file: 5, the
    /// <c>maxReceiveCount</c> of the deployed queue's redrive policy, so a local run retries as the deployment does.
    /// </summary>
    public int ReviewDeliveryAttempts { get; init; } = 5;

    /// <summary>Receives every log line the function processes write.</summary>
    public Action<string>? OnFunctionLog { get; init; }

    /// <summary>
    /// How often the re-evaluation function runs (the deployed schedule's rate); null: only when asked
    /// (<see cref="GovernedStack.SweepAsync"/>), as the end-to-end tests do to control the time.
    /// </summary>
    public TimeSpan? ReevaluationInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A file the functions read their clock offset from (a test hook, GOVERNANCE_TEST_CLOCK_FILE): end-to-end tests
    /// move time forward to end a cooldown or a waiver. Null in every real run.
    /// </summary>
    public string? TestClockFile { get; init; }

    /// <summary>
    /// Whether a status change gives the version a new revision in the stack's CodeArtifact
    /// (<see cref="Governance.Local.LocalStackOptions.NewRevisionOnStatusChange"/>): AWS does not document which it does.
    /// </summary>
    public bool NewRevisionOnStatusChange { get; init; }
}
