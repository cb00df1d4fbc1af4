using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Governance.Aws.CodeArtifact;
using Governance.Aws.CodeArtifact.Model;
using Governance.Aws.Sns;
using Governance.Cli.Local;
using Governance.Cli.Scan;
using Governance.Local;
using Governance.Local.Sns;

namespace Governance.Cli.Tests.Scan;

/// <summary>
/// A local stack (CodeArtifact and SNS on one loopback port) over a copy of the seeded repository
/// (<see cref="ScanSeed"/>): each test scans its own copy, so statuses and ledgers never leak between tests. An email
/// subscription on the topic turns every notification published into an .eml file in <see cref="Outbox"/>.
/// </summary>
public sealed class ScanHarness : IAsyncDisposable
{
    private readonly TempFolder _root;
    private readonly LocalStackHarness _local;

    private ScanHarness(TempFolder root, LocalStackHarness local, SnsEndpoint sns)
    {
        _root = root;
        _local = local;
        Sns = sns;
    }

    public LocalStack Stack => _local.Stack;

    public SnsEndpoint Sns { get; }

    public string TopicArn { get; private set; } = "";

    public string Outbox => _root.File("outbox");

    /// <summary>A folder for the scan's checkpoint and ledger (the scan's working directory in real use).</summary>
    public string Work => _root.File("work");

    public string StatePath => Path.Combine(Work, "scan.json");

    public string LedgerFolder => Path.Combine(Work, "ledger", "decisions");

    public string Endpoint => _local.Endpoint;

    /// <summary>Starts a stack on a copy of <paramref name="seedFolder"/> (null: an empty stack).</summary>
    public static async Task<ScanHarness> StartAsync(string? seedFolder)
    {
        var root = new TempFolder("governance-scan");
        var data = root.File("stack");
        if (seedFolder is not null)
        {
            Copy(seedFolder, data);
        }

        var local = await LocalStackHarness.StartAsync(data);
        var sns = new SnsEndpoint(new SnsEndpointOptions { DataDirectory = root.File("sns"), OutboxDirectory = root.File("outbox") });
        local.Stack.RegisterEndpoint(sns);
        var scanStack = new ScanHarness(root, local, sns);
        Directory.CreateDirectory(scanStack.Work);
        using var client = scanStack.CreateSnsClient();
        scanStack.TopicArn = (await client.CreateTopicAsync(new CreateTopicRequest { Name = "scan-verdicts" })).TopicArn!;
        await client.SubscribeAsync(new SubscribeRequest { TopicArn = scanStack.TopicArn, Protocol = "email", Endpoint = "platform@example.com" });
        return scanStack;
    }

    public CodeArtifactClient CodeArtifact() =>
        new(Credentials, new CodeArtifactConfig { ServiceURL = Endpoint, AuthenticationRegion = Stack.Options.Region });

    /// <summary>The scan's services bound to this stack (no process-wide environment variables: tests run in parallel).</summary>
    internal ScanServices Services(Action<string>? crashPoint = null, TimeSpan? checkpointInterval = null) => new()
    {
        CodeArtifact = CodeArtifact,
        Sns = CreateSnsClient,
        CrashPoint = crashPoint,
        CheckpointInterval = checkpointInterval ?? TimeSpan.FromSeconds(1),
        ProgressInterval = TimeSpan.FromMilliseconds(20),
    };

    /// <summary>The notifications the topic delivered (one .eml per publish to the one email subscription).</summary>
    public int NotificationCount() => Directory.Exists(Outbox) ? Directory.GetFiles(Outbox, "*.eml", SearchOption.AllDirectories).Length : 0;

    /// <summary>The decision records in the scan's file ledger.</summary>
    public IReadOnlyList<string> LedgerRecords() =>
        Directory.Exists(LedgerFolder) ? Directory.GetFiles(LedgerFolder, "*.json").Select(File.ReadAllText).ToList() : [];

    /// <summary>The status of every version of the repository, by the real aws CLI (an independent client).</summary>
    public async Task<Dictionary<string, string>> StatusesAsync()
    {
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var package in ScanSeed.Packages)
        {
            List<string> args = ["codeartifact", "list-package-versions", "--domain", ScanSeed.Domain, "--repository", ScanSeed.Repository,
                "--format", package.Format, "--package", package.Name];
            if (package.Namespace is not null)
            {
                args.AddRange(["--namespace", package.Namespace]);
            }

            var json = await _local.AwsJsonAsync([.. args]);
            foreach (var version in json.GetProperty("versions").EnumerateArray())
            {
                statuses[package.Key + "@" + version.GetProperty("version").GetString()] = version.GetProperty("status").GetString()!;
            }
        }

        return statuses;
    }

    public async ValueTask DisposeAsync()
    {
        await _local.DisposeAsync();
        await Sns.DisposeAsync();
        _root.Dispose();
    }

    private BasicAWSCredentials Credentials => new(Stack.Options.Credentials.AccessKeyId, Stack.Options.Credentials.SecretAccessKey);

    private SnsClient CreateSnsClient() => new(Credentials, new SnsConfig { ServiceURL = Endpoint, AuthenticationRegion = Stack.Options.Region });

    internal static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.GetDirectories(from))
        {
            Copy(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }

    internal static (MemoryStream Content, string Sha256) Content(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return (new MemoryStream(bytes, writable: false), Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }
}
