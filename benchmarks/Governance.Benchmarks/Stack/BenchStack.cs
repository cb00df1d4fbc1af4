using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Governance.Aws.CodeArtifact;
using Governance.Aws.CodeArtifact.Model;
using Governance.Cli.Demo;
using Governance.Cli.Local;
using Governance.Local.Faults;

namespace Governance.Benchmarks.Stack;

/// <summary>
/// The governed local stack (the real review and notify function program under the Runtime API host) plus what the
/// end-to-end benchmarks need around it: the walkthrough's domain and repository, publishing through the
/// CodeArtifact API, and reading the notifications that came out the other end.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "\"Stack\" is the product's name for the local emulator.")]
public sealed partial class BenchStack : IAsyncDisposable
{
    public const string Namespace = "bench";
    private static readonly SemaphoreSlim BuildGate = new(1, 1);
    private static readonly Dictionary<string, string> BuiltArtifacts = [];
    private readonly CodeArtifactClient _client;

    private BenchStack(GovernedStack governed, string workFolder)
    {
        Governed = governed;
        WorkFolder = workFolder;
        Publisher = new DemoPublisher(governed, workFolder);
        _client = governed.CreateCodeArtifactClient();
    }

    public GovernedStack Governed { get; }

    public DemoPublisher Publisher { get; }

    public string WorkFolder { get; }

    /// <summary>Builds the function program once per process (as <c>sam build</c> does) and returns its assembly.</summary>
    public static async Task<string> BuildFunctionAsync(string repositoryRoot, string workFolder, CancellationToken cancellationToken)
    {
        await BuildGate.WaitAsync(cancellationToken);
        try
        {
            if (!BuiltArtifacts.TryGetValue(repositoryRoot, out var built))
            {
                var output = Path.Combine(workFolder, "function-jit");
                Console.WriteLine($"building the function program into {output} …");
                built = await FunctionArtifact.BuildAsync(repositoryRoot, output, Console.Out, cancellationToken);
                BuiltArtifacts[repositoryRoot] = built;
            }

            return built;
        }
        finally
        {
            BuildGate.Release();
        }
    }

    public static async Task<BenchStack> StartAsync(string functionAssembly, string dataFolder, FaultSettings faults, TimeSpan lease, CancellationToken cancellationToken,
        Action<string>? onFunctionLog = null, bool deliveryReceipts = true)
    {
        var governed = await GovernedStack.StartAsync(new GovernedStackOptions
        {
            DataFolder = dataFolder,
            FunctionAssembly = functionAssembly,
            Faults = faults,
            Lease = lease,
            OnFunctionLog = onFunctionLog,
            DeliveryReceipts = deliveryReceipts,
        }, cancellationToken);
        var work = Path.Combine(dataFolder, "work");
        Directory.CreateDirectory(work);
        var stack = new BenchStack(governed, work);
        // Repositories are created fault-free; the faults are for the review traffic.
        var settings = governed.Stack.Faults.Settings;
        governed.Stack.Faults.Configure(FaultSettings.None);
        await stack.Publisher.CreateRepositoriesAsync(cancellationToken);
        governed.Stack.Faults.Configure(settings);
        return stack;
    }

    /// <summary>
    /// Publishes one generic asset, SHA-256 checked on upload, as the walkthrough does. Under injected faults a
    /// request can fail even after the SDK's retries: it is repeated, and a conflict on a repeat means the earlier
    /// attempt landed.
    /// </summary>
    public async Task PublishAsync(string package, string version, Stream content, string sha256, bool unfinished, CancellationToken cancellationToken,
        string? assetName = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            content.Position = 0;
            try
            {
                await _client.PublishPackageVersionAsync(new PublishPackageVersionRequest
                {
                    Domain = DemoPublisher.Domain,
                    Repository = DemoPublisher.Repository,
                    Format = "generic",
                    Namespace = Namespace,
                    Package = package,
                    PackageVersion = version,
                    AssetName = assetName ?? package + ".bin",
                    AssetContent = content,
                    AssetSHA256 = sha256,
                    Unfinished = unfinished ? true : null,
                }, cancellationToken);
                return;
            }
            catch (ConflictException) when (attempt > 1)
            {
                return;
            }
            catch (CodeArtifactException e) when (attempt < 6 && e is not ConflictException and not ValidationException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken);
            }
        }
    }

    /// <summary>
    /// A version whose first asset is altered at rest between upload and review (the demo's tampering path): the
    /// publish stays open (Unfinished) for the first asset, the stored bytes are flipped, a second asset completes it.
    /// </summary>
    public async Task PublishTamperedAsync(string package, string version, CancellationToken cancellationToken)
    {
        var (content, sha) = SmallContent(package, version);
        await PublishAsync(package, version, content, sha, unfinished: true, cancellationToken);
        using (var http = new HttpClient { BaseAddress = Governed.Stack.BaseUrl })
        {
            Governance.Local.Faults.ControlEndpoints.AddGuardHeader(http);
            var body = $"{{\"domain\":\"{DemoPublisher.Domain}\",\"repository\":\"{DemoPublisher.Repository}\",\"format\":\"generic\",\"namespace\":\"{Namespace}\",\"package\":\"{package}\",\"version\":\"{version}\",\"asset\":\"{package}.bin\"}}";
            using var request = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri("_local/corrupt-asset", UriKind.Relative), request, cancellationToken);
            response.EnsureSuccessStatusCode();
        }

        var sums = new MemoryStream(System.Text.Encoding.UTF8.GetBytes($"{sha}  {package}.bin\n"), writable: false);
        await PublishAsync(package, version, sums, Convert.ToHexStringLower(SHA256.HashData(sums.ToArray())), unfinished: false, cancellationToken, "SHA256SUMS");
    }

    public async Task<bool> ExistsAsync(string package, string version, CancellationToken cancellationToken)
    {
        try
        {
            await DescribeAsync(package, version, cancellationToken);
            return true;
        }
        catch (CodeArtifactException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async Task<PackageVersionDescription> DescribeAsync(string package, string version, CancellationToken cancellationToken, string ns = Namespace)
    {
        var response = await _client.DescribePackageVersionAsync(new DescribePackageVersionRequest
        {
            Domain = DemoPublisher.Domain,
            Repository = DemoPublisher.Repository,
            Format = "generic",
            Namespace = ns,
            Package = package,
            PackageVersion = version,
        }, cancellationToken);
        return response.PackageVersion!;
    }

    public static (MemoryStream Content, string Sha256) SmallContent(string package, string version)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes($"{package} {version}: a small governed artifact\n");
        return (new MemoryStream(bytes, writable: false), Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    /// <summary>Every notification in the outboxes, per package name: e-mails (SNS) and Slack posts (notify function).</summary>
    public NotificationIndex ReadNotifications() => new(Scan(Governed.EmailOutbox, "*.eml"), Scan(Governed.SlackOutbox, "*.json"));

    public int SlackCount() => Directory.Exists(Governed.SlackOutbox) ? Directory.GetFiles(Governed.SlackOutbox, "*.json").Length : 0;

    private static Dictionary<string, List<DateTime>> Scan(string folder, string pattern)
    {
        var index = new Dictionary<string, List<DateTime>>(StringComparer.Ordinal);
        if (!Directory.Exists(folder))
        {
            return index;
        }

        foreach (var file in Directory.GetFiles(folder, pattern))
        {
            var text = File.ReadAllText(file);
            var time = File.GetLastWriteTimeUtc(file);
            foreach (var name in PackageNames().Matches(text).Select(m => m.Value).Distinct(StringComparer.Ordinal))
            {
                if (!index.TryGetValue(name, out var list))
                {
                    index[name] = list = [];
                }

                list.Add(time);
            }
        }

        return index;
    }

    // Benchmark packages are named <kind>-<5 digits>, so one name is never a prefix of another.
    [GeneratedRegex(@"\b(?:small|large|chaos|tamper|manual)-\d{5}\b")]
    private static partial Regex PackageNames();

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await Governed.DisposeAsync();
    }
}

/// <summary>Notifications found per package name, with the time each one was written.</summary>
public sealed record NotificationIndex(Dictionary<string, List<DateTime>> Emails, Dictionary<string, List<DateTime>> Slack)
{
    public int EmailsFor(string package) => Emails.TryGetValue(package, out var list) ? list.Count : 0;

    public int SlackFor(string package) => Slack.TryGetValue(package, out var list) ? list.Count : 0;

    public DateTime? LastSlack(string package) => Slack.TryGetValue(package, out var list) ? list.Max() : null;
}
