using Governance.Core.Ports;
using Governance.Local.CodeArtifact;
using Governance.Local.Edge;
using Governance.Local.Events;
using Governance.Local.Faults;
using Governance.Local.Maven;
using Governance.Local.Npm;
using Governance.Local.Osv;
using Governance.Local.Storage;
using Governance.Local.Upstream;
using Microsoft.AspNetCore.Http;

namespace Governance.Local;

/// <summary>How to run the local stack.</summary>
public sealed record LocalStackOptions
{
    /// <summary>Loopback port of the edge endpoint; 0 picks a free one (read it back from <see cref="LocalStack.BaseUrl"/>).</summary>
    public int Port { get; init; } = 4566;

    /// <summary>Where metadata, blobs and the event log live; a restart with the same folder sees every committed change.</summary>
    public string DataFolder { get; init; } = Path.Combine(Environment.CurrentDirectory, ".governance-local");

    public string Region { get; init; } = "us-east-1";

    public LocalCredentials Credentials { get; init; } = LocalCredentials.Default;

    public FaultSettings Faults { get; init; } = FaultSettings.None;

    public IClock Clock { get; init; } = SystemClock.Instance;

    /// <summary>
    /// A directory in Maven repository layout standing in for <c>public:maven-central</c>; null keeps the one recorded
    /// in the data folder, or Debian's <c>/usr/share/maven-repo</c> on first start.
    /// </summary>
    public string? MavenCentralDirectory { get; init; }

    /// <summary>A directory of npm packuments and tarballs standing in for <c>public:npmjs</c>; null keeps the recorded one (none at first).</summary>
    public string? NpmjsDirectory { get; init; }

    /// <summary>A directory of OSV records served at <c>/osv/</c>; null keeps the recorded one (the shipped incident records at first).</summary>
    public string? OsvDirectory { get; init; }

    /// <summary>A <see cref="PublicRegistries.PypiDirectory"/> standing in for PyPI at <c>/public/pypi/</c>; null keeps the recorded one (none at first).</summary>
    public string? PypiDirectory { get; init; }

    /// <summary>
    /// Tests only: the commit step where the process kills itself (see <see cref="LocalCrashPoint"/>). The default
    /// reads <c>GOVERNANCE_LOCAL_CRASH_AT</c>, so a test can arm it in a <c>governance local up</c> child process.
    /// </summary>
    public LocalCrashPoint? CrashPoint { get; init; } = LocalCrashPoint.FromEnvironment();

    /// <summary>
    /// Whether UpdatePackageVersionsStatus gives a version a new revision. AWS does not document it either way; false
    /// (the default) keeps the revision, true plays the other possibility (<c>--new-revision-on-status-change</c>).
    /// </summary>
    public bool NewRevisionOnStatusChange { get; init; }
}

/// <summary>
/// The composition root of the local AWS emulator: one edge endpoint on 127.0.0.1 serving CodeArtifact (SigV4,
/// restJson1), the npm and Maven repository protocols (with upstream resolution from the public-registry stand-ins), the <c>/_local/</c> control endpoints, and whatever other services are
/// registered (SNS, Lambda Runtime API, Slack capture…), plus the event bus every change is published on.
/// </summary>
/// <example>
/// <code>
/// await using var stack = new LocalStack(new LocalStackOptions { Port = 0, DataFolder = dir });
/// stack.RegisterEndpoint(mySnsEndpoint);            // routed by SigV4 scope "sns"
/// stack.MapPath("/slack/", ctx => ...);             // unsigned, by path prefix
/// using var sub = stack.Events.Subscribe((json, ct) => ...);
/// await stack.StartAsync(ct);                       // stack.BaseUrl == http://127.0.0.1:PORT/
/// </code>
/// </example>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "\"Local stack\" is the product's name for the emulator (LocalStack convention), not a Stack<T> collection.")]
public sealed class LocalStack : IAsyncDisposable
{
    private readonly EdgeServer _edge;
    private readonly LocalEventBus _bus;
    private readonly FaultyEventBus _faultyBus;
    private bool _started;

    public LocalStack(LocalStackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Directory.CreateDirectory(options.DataFolder);
        Faults = new FaultInjector(options.Faults);
        _bus = new LocalEventBus(options.DataFolder);
        // An event the fault injector holds back is kept in the data folder, and released first after a crash.
        _faultyBus = new FaultyEventBus(_bus, Faults, options.DataFolder, _bus.LogPath);
        Blobs = new BlobStore(options.DataFolder);
        // CodeArtifact writes each change's event to the bus before it stores the change (see its Commit), so no
        // restart needs to reconcile the two logs.
        CodeArtifact = new CodeArtifactService(options.DataFolder, options.Region, options.Clock, new CodeArtifactEventFactory(_faultyBus, options.Region, options.Clock), Blobs,
            options.CrashPoint);
        ExternalRegistries = ExternalRegistrySettings.Resolve(options.DataFolder, options.MavenCentralDirectory, options.NpmjsDirectory, options.OsvDirectory, options.PypiDirectory);
        CodeArtifact.ExternalRegistries = ExternalRegistries.CreateRegistries();
        CodeArtifact.NewRevisionOnStatusChange = options.NewRevisionOnStatusChange;
        Upstreams = new UpstreamResolver(CodeArtifact, Blobs);
        Tokens = new AuthorizationTokens(options.Credentials.SecretAccessKey, options.Clock);
        _edge = new EdgeServer(options.Credentials, options.Clock, options.Region)
        {
            // Throttling and 5xx faults answer signed API calls only; unsigned package-manager traffic is left alone.
            BeforeDispatch = (_, _) => Faults.RequestFault(),
        };
        _edge.Register(new CodeArtifactEndpoint(CodeArtifact, Blobs, Tokens, Faults, () => _edge.BaseUri));
        var npm = new NpmRegistryHandler(CodeArtifact, Blobs, Tokens, Upstreams, Faults);
        _edge.MapPrefix(NpmRegistryHandler.PathPrefix, npm.HandleAsync);
        var maven = new MavenRepositoryHandler(CodeArtifact, Blobs, Tokens, Upstreams, Faults);
        _edge.MapPrefix(MavenRepositoryHandler.PathPrefix, maven.HandleAsync);
        _edge.MapPrefix(OsvEndpoint.PathPrefix, new OsvEndpoint(new OsvRecordStore(ExternalRegistries.OsvRecords)).HandleAsync);
        _edge.MapPrefix(PublicRegistries.PublicRegistryHandler.PathPrefix, new PublicRegistries.PublicRegistryHandler(ExternalRegistries).HandleAsync);
        var control = new ControlEndpoints(Faults, CodeArtifact, Blobs);
        _edge.MapPrefix(ControlEndpoints.PathPrefix, control.HandleAsync);
    }

    public LocalStackOptions Options { get; }

    /// <summary>Every emitted event (EventBridge JSON), after fault injection (duplicates, reordering) is applied.</summary>
    public ILocalEventBus Events => _faultyBus;

    /// <summary>The JSON-lines file every delivered event is appended to.</summary>
    public string EventLogPath => _bus.LogPath!;

    public FaultInjector Faults { get; }

    public CodeArtifactService CodeArtifact { get; }

    public BlobStore Blobs { get; }

    public AuthorizationTokens Tokens { get; }

    /// <summary>Which directories stand in for the public registries (as recorded in the data folder).</summary>
    public ExternalRegistrySettings ExternalRegistries { get; }

    public UpstreamResolver Upstreams { get; }

    /// <summary>The edge endpoint, e.g. <c>http://127.0.0.1:4566/</c> (valid after <see cref="StartAsync"/>).</summary>
    public Uri BaseUrl => _edge.BaseUri;

    public int Port => _edge.Port;

    /// <summary>Adds a SigV4-signed service (routed by its signing name). Allowed before or after start.</summary>
    public void RegisterEndpoint(IServiceEndpoint endpoint) => _edge.Register(endpoint);

    /// <summary>Adds an unsigned handler for a path prefix such as <c>/2018-06-01/runtime/</c> or <c>/slack/</c>.</summary>
    public void MapPath(string prefix, RequestDelegate handler) => _edge.MapPrefix(prefix, handler);

    /// <summary>The variables that point the aws CLI, boto3 and our own clients at this stack.</summary>
    public IReadOnlyDictionary<string, string> ClientEnvironment() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AWS_ENDPOINT_URL"] = BaseUrl.GetLeftPart(UriPartial.Authority),
        ["AWS_ACCESS_KEY_ID"] = Options.Credentials.AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = Options.Credentials.SecretAccessKey,
        ["AWS_REGION"] = Options.Region,
        ["AWS_DEFAULT_REGION"] = Options.Region,
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_started)
        {
            throw new InvalidOperationException("the local stack is already started");
        }

        await _edge.StartAsync(Options.Port, cancellationToken);
        _started = true;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_started)
        {
            await _edge.StopAsync(cancellationToken);
            _started = false;
        }

        _faultyBus.Flush();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        await _edge.DisposeAsync();
        await _bus.DisposeAsync();
        Upstreams.Dispose();
    }
}
