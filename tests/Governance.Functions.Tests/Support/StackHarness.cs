using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Governance.Aws.CodeArtifact.Model;
using Governance.Aws.Ledger;
using Governance.Cli.Local;
using Governance.Core.Packages;
using Governance.Core.Ports;
using Governance.Core.Review;

namespace Governance.Functions.Tests.Support;

/// <summary>
/// One governed local stack for a test, with the moves a test makes through real protocols: publish (generic with our
/// CodeArtifact client, npm with the real npm CLI), alter an asset at rest, re-deliver an event, and read the
/// results (status via DescribePackageVersion, the decision from the file ledger, the emails in the outbox, the
/// Slack payloads the capture endpoint accepted).
/// </summary>
public sealed class StackHarness : IAsyncDisposable
{
    public const string Domain = "e2e-domain";
    public const string Repository = "governed";

    private StackHarness(GovernedStack stack, string dataFolder)
    {
        Stack = stack;
        DataFolder = dataFolder;
    }

    public GovernedStack Stack { get; }

    public string DataFolder { get; }

    public string Account => Stack.Stack.Options.Credentials.AccountId;

    public static async Task<StackHarness> StartAsync(string dataFolder, string functionAssembly, Func<GovernedStackOptions, GovernedStackOptions>? configure)
    {
        // No scheduled sweep: a test that needs one runs it (SweepAsync) when it has moved the clock.
        var options = new GovernedStackOptions { DataFolder = dataFolder, FunctionAssembly = functionAssembly, Port = 0, ReevaluationInterval = null };
        options = configure?.Invoke(options) ?? options;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stack = await GovernedStack.StartAsync(options, timeout.Token);
        var harness = new StackHarness(stack, dataFolder);
        try
        {
            using var client = stack.CreateCodeArtifactClient();
            await client.CreateDomainAsync(new CreateDomainRequest { Domain = Domain }, timeout.Token);
            await client.CreateRepositoryAsync(new CreateRepositoryRequest { Domain = Domain, Repository = Repository, Description = "end-to-end tests" }, timeout.Token);
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }

        return harness;
    }

    public static CancellationToken Bounded(int seconds = 120) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    /// <summary>Small, unique bytes for an asset (unique so that the content-addressed store never shares blobs between tests).</summary>
    public static byte[] AssetBytes(string name, string version, string asset) =>
        Encoding.UTF8.GetBytes($"{name} {version} {asset} {Guid.NewGuid():N}\n");

    /// <summary>publish-package-version of one generic asset with its SHA-256, as the walkthrough does.</summary>
    public async Task<PublishPackageVersionResponse> PublishGenericAsync(string ns, string name, string version, string assetName, byte[] content, bool unfinished = false)
    {
        using var client = Stack.CreateCodeArtifactClient();
        await using var stream = new MemoryStream(content);
        return await client.PublishPackageVersionAsync(new PublishPackageVersionRequest
        {
            Domain = Domain,
            Repository = Repository,
            Format = "generic",
            Namespace = ns,
            Package = name,
            PackageVersion = version,
            AssetName = assetName,
            AssetContent = stream,
            AssetSHA256 = Convert.ToHexStringLower(SHA256.HashData(content)),
            Unfinished = unfinished ? true : null,
        }, Bounded());
    }

    /// <summary>Flips stored bytes of one asset while CodeArtifact keeps the recorded hashes: tampering at rest.</summary>
    public async Task CorruptAssetAsync(string format, string? ns, string name, string version, string assetName)
    {
        using var http = new HttpClient { BaseAddress = Stack.Stack.BaseUrl };
        Governance.Local.Faults.ControlEndpoints.AddGuardHeader(http);
        using var response = await http.PostAsJsonAsync("_local/corrupt-asset", new JsonObject
        {
            ["domain"] = Domain,
            ["repository"] = Repository,
            ["format"] = format,
            ["namespace"] = ns,
            ["package"] = name,
            ["version"] = version,
            ["asset"] = assetName,
        }, Bounded());
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// <c>npm publish</c> with the real npm client against the repository's npm endpoint; the local CodeArtifact takes
    /// the license from package.json as CodeArtifact does.
    /// </summary>
    public async Task PublishNpmAsync(string? scope, string name, string version, string license, string description = "end-to-end test package")
    {
        using var client = Stack.CreateCodeArtifactClient();
        await NpmPackagePublisher.PublishAsync(client, Domain, Repository, new NpmPackageSpec(scope, name, version, license, description),
            Path.Combine(DataFolder, "npm-work"), Bounded(180));
    }

    public async Task<PackageVersionDescription> DescribeAsync(string format, string? ns, string name, string version, string repository = Repository)
    {
        using var client = Stack.CreateCodeArtifactClient();
        var described = await client.DescribePackageVersionAsync(new DescribePackageVersionRequest
        {
            Domain = Domain,
            Repository = repository,
            Format = format,
            Namespace = ns,
            Package = name,
            PackageVersion = version,
        }, Bounded());
        return described.PackageVersion!;
    }

    public PackageVersionId VersionId(string format, string? ns, string name, string version, string repository = Repository) =>
        new(Domain, Account, repository, format, ns, name, version);

    /// <summary>The decision the review function recorded for one version and revision, from the file ledger.</summary>
    public async Task<DecisionRecord?> DecisionAsync(string format, string? ns, string name, string version, string revision, string repository = Repository)
    {
        using var ledger = new FileDecisionLedger(Stack.LedgerFolder, SystemClock.Instance);
        return await ledger.GetAsync(new DecisionKey(PackageIdentity.VersionKey(VersionId(format, ns, name, version, repository)), revision), Bounded());
    }

    /// <summary>The decision and its verdict document for the version's current revision.</summary>
    public async Task<(PackageVersionDescription Described, DecisionRecord Decision, Verdict Verdict)> CurrentVerdictAsync(
        string format, string? ns, string name, string version, string repository = Repository)
    {
        var described = await DescribeAsync(format, ns, name, version, repository);
        var decision = await DecisionAsync(format, ns, name, version, described.Revision!, repository);
        Assert.True(decision is not null, $"no decision recorded for {format} {ns}/{name} {version} at revision {described.Revision}; function log:\n{ReviewLogTail()}");
        var verdict = VerdictDocument.Parse(decision!.VerdictJson!, out var error);
        Assert.True(verdict is not null, error);
        return (described, decision, verdict!);
    }

    /// <summary>
    /// The walkthrough's chain: <paramref name="governed"/> has <paramref name="store"/> as its upstream, which holds the
    /// external connection. Returns the governed repository's endpoint for <paramref name="format"/> and a token.
    /// </summary>
    public async Task<(string Endpoint, string Token)> CreateUpstreamChainAsync(string store, string governed, string connection, string format)
    {
        using var client = Stack.CreateCodeArtifactClient();
        var ct = Bounded();
        await client.CreateRepositoryAsync(new CreateRepositoryRequest { Domain = Domain, Repository = store }, ct);
        await client.AssociateExternalConnectionAsync(new AssociateExternalConnectionRequest
        {
            Domain = Domain, Repository = store, ExternalConnection = connection,
        }, ct);
        await client.CreateRepositoryAsync(new CreateRepositoryRequest
        {
            Domain = Domain, Repository = governed, Upstreams = [new UpstreamRepository { RepositoryName = store }],
        }, ct);
        var token = (await client.GetAuthorizationTokenAsync(new GetAuthorizationTokenRequest { Domain = Domain }, ct)).AuthorizationToken!;
        var endpoint = (await client.GetRepositoryEndpointAsync(new GetRepositoryEndpointRequest
        {
            Domain = Domain, Repository = governed, Format = format,
        }, ct)).RepositoryEndpoint!;
        return (endpoint, token);
    }

    public Task WaitForQuietAsync(int seconds = 120) => Stack.WaitForQuietAsync(TimeSpan.FromSeconds(seconds), CancellationToken.None);

    /// <summary>Every email in the outbox whose decoded text mentions <paramref name="needle"/>.</summary>
    public IReadOnlyList<EmailMessage> EmailsMentioning(string needle) =>
        !Directory.Exists(Stack.EmailOutbox) ? []
        : [.. Directory.GetFiles(Stack.EmailOutbox, "*.eml").Order(StringComparer.Ordinal).Select(EmailMessage.Read).Where(m => m.Mentions(needle))];

    /// <summary>Every Slack payload the capture endpoint accepted (validated as Block Kit) that mentions <paramref name="needle"/>.</summary>
    public IReadOnlyList<string> SlackPayloadsMentioning(string needle) =>
        [.. Stack.Slack.Records.Where(r => r.StatusCode == 200 && r.FilePath is not null)
            .Select(r => File.ReadAllText(r.FilePath!))
            .Where(json => json.Contains(needle, StringComparison.Ordinal))];

    /// <summary>The events the stack emitted for one package (from its EventBridge log), in order.</summary>
    public IReadOnlyList<JsonObject> EmittedEvents(string name)
    {
        var events = new List<JsonObject>();
        using var stream = new FileStream(Stack.Stack.EventLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            JsonNode? parsed;
            try
            {
                parsed = JsonNode.Parse(line);
            }
            catch (JsonException)
            {
                continue; // a malformed event a test published on purpose
            }

            if (parsed is JsonObject evt && evt["detail"] is JsonObject detail && detail["packageName"] is JsonValue value
                && value.TryGetValue<string>(out var packageName) && packageName == name)
            {
                events.Add(evt);
            }
        }

        return events;
    }

    /// <summary>
    /// Status changes that actually happened: emitted events whose change is the status alone (our updates), once per
    /// event id (the log also holds the copies tests re-delivered).
    /// </summary>
    public IReadOnlyList<JsonObject> StatusOnlyChanges(string name) =>
        [.. EmittedEvents(name).Where(e =>
            e["detail"]!["changes"]!["statusChanged"]!.GetValue<bool>()
            && e["detail"]!["changes"]!["assetsAdded"]!.GetValue<int>() == 0
            && !e["detail"]!["changes"]!["metadataUpdated"]!.GetValue<bool>())
            .DistinctBy(e => e["id"]!.GetValue<string>())];

    /// <summary>Publishes an event JSON into the same delivery path CodeArtifact's events take.</summary>
    public void Redeliver(JsonNode evt) => Stack.Stack.Events.Publish(evt.ToJsonString());

    public string ReviewLog => ReadShared(Path.Combine(Stack.FunctionLogFolder, "governance-review.log"));

    public string NotifyLog => ReadShared(Path.Combine(Stack.FunctionLogFolder, "governance-notify.log"));

    public string ReviewLogTail() => ReviewLog is { Length: > 4000 } log ? log[^4000..] : ReviewLog;

    private static string ReadShared(string path)
    {
        if (!File.Exists(path))
        {
            return "";
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public ValueTask DisposeAsync() => Stack.DisposeAsync();
}

/// <summary>Reads the review function's structured log lines (JSON objects; START/END/REPORT lines are skipped).</summary>
public static class FunctionLogLines
{
    public static IReadOnlyList<JsonElement> Parse(string log) =>
        [.. log.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    public static IReadOnlyList<JsonElement> WithMessage(string log, string message) =>
        [.. Parse(log).Where(l => l.TryGetProperty("message", out var m) && m.GetString() == message)];

    public static IReadOnlyList<JsonElement> ReviewsOfEvent(string log, string eventId) =>
        [.. Parse(log).Where(l => l.TryGetProperty("message", out var m) && m.GetString() == "review finished"
            && l.TryGetProperty("eventId", out var id) && id.GetString() == eventId)];
}
