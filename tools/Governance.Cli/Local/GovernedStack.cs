using System.Globalization;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Governance.Aws.CodeArtifact;
using Governance.Aws.Sns;
using Governance.Local;
using Governance.Local.Events;
using Governance.Local.Lambda;
using Governance.Local.Slack;
using Governance.Local.Sns;
using Governance.Local.Ssm;

namespace Governance.Cli.Local;

/// <summary>
/// The local stack as the product runs on it: the emulated CodeArtifact, SNS and SSM behind one edge endpoint, the
/// review function subscribed to CodeArtifact's events and the notify function subscribed to the verdict topic, both
/// running the built function program under the Lambda Runtime API host — the same binary that gets deployed.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "\"Local stack\" is the product's name for the emulator, not a Stack<T> collection.")]
public sealed class GovernedStack : IAsyncDisposable
{
    private readonly GovernedStackOptions _options;
    private readonly List<IAsyncDisposable> _owned = [];
    private IEventSubscription? _eventSubscription;
    private long _eventsInFlight;

    private GovernedStack(GovernedStackOptions options) => _options = options;

    public LocalStack Stack { get; private set; } = null!;

    public SnsEndpoint Sns { get; private set; } = null!;

    public SlackCaptureEndpoint Slack { get; private set; } = null!;

    public string TopicArn { get; private set; } = "";

    /// <summary>The review function's host: the chaos benchmark kills its process at random points of a review.</summary>
    public LambdaFunctionHost ReviewFunction { get; private set; } = null!;

    /// <summary>The re-evaluation function's host (the deployed stack's scheduled ReevaluateFunction).</summary>
    public LambdaFunctionHost ReevaluateFunction { get; private set; } = null!;

    private readonly SemaphoreSlim _sweepGate = new(1, 1);
    private CancellationTokenSource? _schedule;
    private Task? _scheduleLoop;

    public string EmailOutbox => Path.Combine(_options.DataFolder, "outbox", "email");

    public string SlackOutbox => Path.Combine(_options.DataFolder, "outbox", "slack");

    public string LedgerFolder => Path.Combine(_options.DataFolder, "ledger");

    public string ReviewDeadLetterFile => Path.Combine(_options.DataFolder, "review-dead-letter.jsonl");

    public string FunctionLogFolder => Path.Combine(_options.DataFolder, "logs");

    /// <summary>The review function's durable event subscription (its journal: <c>stack/events.acked.governance-review.jsonl</c>).</summary>
    public const string ReviewSubscriptionName = "governance-review";

    public static async Task<GovernedStack> StartAsync(GovernedStackOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var governed = new GovernedStack(options);
        try
        {
            await governed.StartCoreAsync(cancellationToken).ConfigureAwait(false);
            return governed;
        }
        catch
        {
            await governed.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A CodeArtifact client signed with the local credentials, pointed at this stack.</summary>
    public CodeArtifactClient CreateCodeArtifactClient() =>
        new(Credentials, new CodeArtifactConfig { ServiceURL = EdgeUrl, AuthenticationRegion = _options.Region });

    public SnsClient CreateSnsClient() =>
        new(Credentials, new SnsConfig { ServiceURL = EdgeUrl, AuthenticationRegion = _options.Region });

    private string EdgeUrl => Stack.BaseUrl.GetLeftPart(UriPartial.Authority);

    private BasicAWSCredentials Credentials =>
        new(Stack.Options.Credentials.AccessKeyId, Stack.Options.Credentials.SecretAccessKey);

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var data = _options.DataFolder;
        // Refused here, before anything starts, rather than half-way through (a FormatException naming the field).
        _options.Faults.Validate();
        Directory.CreateDirectory(data);
        Directory.CreateDirectory(FunctionLogFolder);
        Stack = new LocalStack(new LocalStackOptions
        {
            Port = _options.Port,
            DataFolder = Path.Combine(data, "stack"),
            Region = _options.Region,
            // The stack's own set-up (topic, subscriptions, parameter) runs fault-free: a valid spec such as
            // throttle=1 or 5xx=1 used to fail CreateTopic after the SDK's retries and crash the start. The faults
            // are switched on below, once the stack is ready, for the traffic they are meant for.
            Faults = Governance.Local.Faults.FaultSettings.None,
            MavenCentralDirectory = _options.MavenCentralDirectory,
            NpmjsDirectory = _options.NpmjsDirectory,
            PypiDirectory = _options.PypiDirectory,
            OsvDirectory = _options.OsvDirectory,
            NewRevisionOnStatusChange = _options.NewRevisionOnStatusChange,
        });
        _owned.Add(Stack);

        var invoker = new LocalLambdaInvoker();
        Sns = new SnsEndpoint(new SnsEndpointOptions { DataDirectory = Path.Combine(data, "sns"), OutboxDirectory = EmailOutbox }, invoker);
        _owned.Add(Sns);
        Stack.RegisterEndpoint(Sns);
        Stack.RegisterEndpoint(new SsmEndpoint(Path.Combine(data, "ssm")));
        Slack = new SlackCaptureEndpoint(SlackOutbox);
        Stack.MapPath("/slack/", Slack.HandleAsync);
        await Stack.StartAsync(cancellationToken).ConfigureAwait(false);

        using (var sns = CreateSnsClient())
        {
            TopicArn = (await sns.CreateTopicAsync(new CreateTopicRequest { Name = _options.TopicName }, cancellationToken).ConfigureAwait(false)).TopicArn!;
            await sns.SubscribeAsync(new SubscribeRequest { TopicArn = TopicArn, Protocol = "email", Endpoint = _options.NotificationEmail }, cancellationToken).ConfigureAwait(false);
        }

        // The webhook URL is a secret: it lives in a SecureString parameter, as the deployed notify function reads it.
        using (var ssm = new AmazonSimpleSystemsManagementClient(Credentials, new AmazonSimpleSystemsManagementConfig { ServiceURL = EdgeUrl, AuthenticationRegion = _options.Region }))
        {
            await ssm.PutParameterAsync(new PutParameterRequest
            {
                Name = _options.SlackWebhookParameter,
                Type = ParameterType.SecureString,
                Value = new Uri(Stack.BaseUrl, "slack/services/T0LOCAL/B0LOCAL/local-webhook").ToString(),
                Overwrite = true,
            }, cancellationToken).ConfigureAwait(false);
        }

        var reviewEnvironment = new Dictionary<string, string>
        {
            ["GOVERNANCE_FUNCTION"] = "review",
            ["GOVERNANCE_TOPIC_ARN"] = TopicArn,
            ["GOVERNANCE_LEDGER_DIR"] = LedgerFolder,
            ["GOVERNANCE_MODE"] = _options.Mode,
            ["GOVERNANCE_QUARANTINE_STATUS"] = _options.QuarantineStatus,
            ["GOVERNANCE_LEASE_SECONDS"] = ((int)_options.Lease.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            ["GOVERNANCE_RECEIPT_WAIT_SECONDS"] = _options.DeliveryReceipts ? ((int)_options.ReceiptWait.TotalSeconds).ToString(CultureInfo.InvariantCulture) : "0",
            // The evidence sources are the stack's stand-ins, as the template points the deployed function at the
            // real ones.
            ["GOVERNANCE_OSV_URL"] = _options.IntelUrl ?? new Uri(Stack.BaseUrl, "osv/").ToString(),
            ["GOVERNANCE_MAVEN_CENTRAL_URL"] = new Uri(Stack.BaseUrl, "public/maven-central/").ToString(),
            ["GOVERNANCE_NPM_REGISTRY_URL"] = new Uri(Stack.BaseUrl, "public/npmjs/").ToString(),
            ["GOVERNANCE_PYPI_URL"] = new Uri(Stack.BaseUrl, "public/pypi/").ToString(),
        };
        if (_options.TestClockFile is not null)
        {
            reviewEnvironment["GOVERNANCE_TEST_CLOCK_FILE"] = Path.GetFullPath(_options.TestClockFile);
        }

        // The re-evaluation function decides exactly as the review does: the same environment but its name.
        var reevaluateEnvironment = new Dictionary<string, string>(reviewEnvironment) { ["GOVERNANCE_FUNCTION"] = "reevaluate" };
        var review = await StartFunctionAsync("governance-review", reviewEnvironment, cancellationToken, crashAt: _options.CrashAt).ConfigureAwait(false);
        ReviewFunction = review;
        ReevaluateFunction = await StartFunctionAsync("governance-reevaluate", reevaluateEnvironment, cancellationToken).ConfigureAwait(false);
        var notifyEnvironment = new Dictionary<string, string>
        {
            ["GOVERNANCE_FUNCTION"] = "notify",
            ["GOVERNANCE_SLACK_WEBHOOK_PARAMETER"] = _options.SlackWebhookParameter,
        };
        if (_options.DeliveryReceipts)
        {
            // The same ledger as the review function: the notify function records each verdict's delivery receipt.
            notifyEnvironment["GOVERNANCE_LEDGER_DIR"] = LedgerFolder;
        }

        var notify = await StartFunctionAsync("governance-notify", notifyEnvironment, cancellationToken).ConfigureAwait(false);

        var reviewDelivery = new EventDelivery(review, new EventDeliveryOptions
        {
            MaxAttempts = _options.ReviewDeliveryAttempts,
            DeadLetterFilePath = ReviewDeadLetterFile,
            InitialBackoff = TimeSpan.FromMilliseconds(500),
        });
        invoker.Register(new EventDelivery(notify, new EventDeliveryOptions
        {
            DeadLetterFilePath = Path.Combine(data, "notify-dead-letter.jsonl"),
            InitialBackoff = TimeSpan.FromMilliseconds(500),
        }));
        using (var sns = CreateSnsClient())
        {
            await sns.SubscribeAsync(new SubscribeRequest { TopicArn = TopicArn, Protocol = "lambda", Endpoint = notify.Definition.FunctionArn }, cancellationToken).ConfigureAwait(false);
        }

        // Durable, like the SQS queue behind an asynchronous invoke: an event is acknowledged once the delivery
        // returns (invoked successfully, or dead-lettered after its attempts); a restart on the same data folder
        // delivers every event a crash (kill -9) left unacknowledged, before new ones.
        _eventSubscription = Stack.Events.SubscribeDurable(ReviewSubscriptionName, async (json, ct) =>
        {
            Interlocked.Increment(ref _eventsInFlight);
            try
            {
                await reviewDelivery.DeliverAsync(json, ct).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _eventsInFlight);
            }
        });
        // Messages the topic accepted before a kill of the previous run and had not yet delivered (to the notify
        // function, for Slack and receipts) go out now that their subscribers are running.
        Sns.ResumeUnfinishedDeliveries();
        Stack.Faults.Configure(_options.Faults);
        if (_options.ReevaluationInterval is { } interval)
        {
            _schedule = new CancellationTokenSource();
            _scheduleLoop = RunScheduleAsync(interval, _schedule.Token);
        }
    }

    /// <summary>
    /// Runs the re-evaluation function once, as its schedule does (an EventBridge "Scheduled Event"), and returns its
    /// answer: what was due, changed, unchanged. Its notifications go through the topic like the review's.
    /// </summary>
    public async Task<InvocationResult> SweepAsync(CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var scheduled = $$$"""{"version":"0","id":"{{{Guid.NewGuid()}}}","detail-type":"Scheduled Event","source":"aws.events","account":"{{{Stack.Options.Credentials.AccountId}}}","time":"{{{now}}}","region":"{{{_options.Region}}}","resources":[],"detail":{}}""";
        await _sweepGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ReevaluateFunction.InvokeAsync(scheduled, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sweepGate.Release();
        }
    }

    /// <summary>The deployed schedule's stand-in: one sweep per interval, never two at once (reserved concurrency 1).</summary>
    private async Task RunScheduleAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var result = await SweepAsync(cancellationToken).ConfigureAwait(false);
                if (!result.Success)
                {
                    _options.OnFunctionLog?.Invoke($"re-evaluation sweep failed: {result.ErrorType}: {result.ErrorMessage}");
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task<LambdaFunctionHost> StartFunctionAsync(string name, Dictionary<string, string> environment, CancellationToken cancellationToken, string? crashAt = null)
    {
        if (crashAt is not null)
        {
            environment["GOVERNANCE_CRASH_AT"] = crashAt;
            environment["GOVERNANCE_CRASH_MARKER_DIR"] = Path.Combine(_options.DataFolder, "crash-markers");
        }

        if (_options.PolicyFile is not null)
        {
            environment["GOVERNANCE_POLICY_FILE"] = Path.GetFullPath(_options.PolicyFile);
        }

        var built = _options.FunctionBootstrap is { } bootstrap
            ? FunctionDefinition.ForNativeBootstrap(name, bootstrap)
            : FunctionDefinition.ForBuiltDotnet(name, _options.FunctionAssembly);
        var definition = new FunctionDefinition
        {
            Name = built.Name,
            Command = built.Command,
            Arguments = built.Arguments,
            WorkingDirectory = built.WorkingDirectory,
            Handler = built.Handler,
            Environment = environment,
            EndpointUrl = new Uri(EdgeUrl),
            Region = _options.Region,
            Timeout = _options.FunctionTimeout,
            InitTimeout = TimeSpan.FromSeconds(30),
            MemorySizeMb = 512,
            LogFilePath = Path.Combine(FunctionLogFolder, name + ".log"),
        };
        var host = new LambdaFunctionHost(definition, _options.OnFunctionLog);
        _owned.Add(host);
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return host;
    }

    /// <summary>
    /// Waits until every emitted event was delivered to the review function and every notification fanned out:
    /// the demo and the end-to-end tests read results only after this.
    /// </summary>
    /// <summary>How many package-version events the stack has emitted so far (its event log's lines).</summary>
    public long EmittedEventCount => CountLines(Stack.EventLogPath);

    public async Task WaitForQuietAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var quietRounds = 0;
        while (quietRounds < 3)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(300), limit.Token).ConfigureAwait(false);
            await Sns.WhenIdleAsync(limit.Token).ConfigureAwait(false);
            // Every event emitted (this run's and any a previous run left unacknowledged) was delivered or dead-lettered.
            var quiet = Interlocked.Read(ref _eventsInFlight) == 0 && _eventSubscription is { Pending: 0 };
            quietRounds = quiet ? quietRounds + 1 : 0;
        }
    }

    private static long CountLines(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        long lines = 0;
        while (reader.ReadLine() is not null)
        {
            lines++;
        }

        return lines;
    }

    public async ValueTask DisposeAsync()
    {
        if (_schedule is not null)
        {
            await _schedule.CancelAsync().ConfigureAwait(false);
            await (_scheduleLoop ?? Task.CompletedTask).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _schedule.Dispose();
            _schedule = null;
        }

        _eventSubscription?.Dispose();
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync().ConfigureAwait(false);
        }

        _owned.Clear();
        _sweepGate.Dispose();
    }
}
