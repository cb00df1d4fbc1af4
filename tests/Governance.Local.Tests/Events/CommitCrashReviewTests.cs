using System.Net;
using System.Security.Cryptography;
using System.Text;
using Governance.Aws.CodeArtifact;
using Governance.Aws.CodeArtifact.Model;
using Governance.Cli.Local;
using Governance.Local.Faults;
using Governance.Local.Tests.Support;
using Governance.TestSupport;

namespace Governance.Local.Tests.Events;

/// <summary>
/// Issue 15 ("event loss between commit and append"): a real <c>governance local up</c> process is killed (SIGKILL,
/// from its crash point — the one mock) between writing a publish's event and storing the version, or just after
/// both; the stack is restarted on the same data folder with the real review function subscribed, the publisher
/// retries as a client that got no answer does, and the version must be reviewed exactly once: one notification,
/// status Published, nothing dead-lettered. Stored first and journaled second (the old order), the same kill left a
/// version no event named: it stayed installable and was never reviewed (0 notifications).
/// </summary>
public sealed class CommitCrashReviewTests(ReviewFunctionFixture function) : IClassFixture<ReviewFunctionFixture>, IDisposable
{
    private const string Domain = "crash";
    private const string Repository = "repo";
    private const string Package = "crash-reviewed";
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Theory]
    [InlineData(LocalCrashPoint.EventJournaled)]
    [InlineData(LocalCrashPoint.PackageSaved)]
    public async Task KillInCommit_WhenRestartedOnTheSameData_ShouldReviewTheVersionExactlyOnce(string step)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        // The governed stack's first start creates the topic, the subscriptions and the review's durable event journal.
        await using (var first = await StartGovernedAsync(timeout.Token))
        {
            using var client = first.CreateCodeArtifactClient();
            await client.CreateDomainAsync(new CreateDomainRequest { Domain = Domain }, timeout.Token);
            await client.CreateRepositoryAsync(new CreateRepositoryRequest { Domain = Domain, Repository = Repository }, timeout.Token);
        }

        var exitCode = await PublishIntoCrashingStackAsync(step, timeout.Token);
        Assert.Equal(128 + 9, exitCode); // SIGKILL: the process died at the crash point, not by an answer or an exception

        await using (var restarted = await StartGovernedAsync(timeout.Token))
        {
            using var client = restarted.CreateCodeArtifactClient();
            // The publisher never got an answer, so it retries; a Conflict means its first attempt was stored.
            try
            {
                await client.PublishPackageVersionAsync(PublishRequest(), timeout.Token);
            }
            catch (ConflictException)
            {
            }

            await restarted.WaitForQuietAsync(TimeSpan.FromMinutes(2), timeout.Token);
            var version = await client.DescribePackageVersionAsync(new DescribePackageVersionRequest
            {
                Domain = Domain, Repository = Repository, Format = "generic", Namespace = "ns", Package = Package, PackageVersion = "1.0.0",
            }, timeout.Token);
            Assert.Equal("Published", version.PackageVersion!.Status);
            Assert.Equal(1, Notifications(restarted.EmailOutbox));
            Assert.False(File.Exists(restarted.ReviewDeadLetterFile) && new FileInfo(restarted.ReviewDeadLetterFile).Length > 0,
                "a review was dead-lettered: " + (File.Exists(restarted.ReviewDeadLetterFile) ? File.ReadAllText(restarted.ReviewDeadLetterFile) : ""));
        }
    }

    private Task<GovernedStack> StartGovernedAsync(CancellationToken cancellationToken) => GovernedStack.StartAsync(new GovernedStackOptions
    {
        DataFolder = _data.Path,
        FunctionAssembly = function.Assembly,
        Lease = TimeSpan.FromSeconds(1),
    }, cancellationToken);

    /// <summary>Runs the stack alone as <c>governance local up</c> on the governed stack's folder, armed to die at <paramref name="step"/>; publishes once.</summary>
    private async Task<int> PublishIntoCrashingStackAsync(string step, CancellationToken cancellationToken)
    {
        await using var stack = await LocalUpProcess.StartAsync(
            Path.Combine(_data.Path, "stack"), environment: new Dictionary<string, string> { [LocalCrashPoint.Variable] = step });
        using var client = new RawAwsClient(new Uri(stack.Endpoint));
        var content = Content();
        var path = $"/v1/package/version/publish?domain={Domain}&repository={Repository}&format=generic&namespace=ns&package={Package}&version=1.0.0&asset=a.bin";
        await Assert.ThrowsAnyAsync<HttpRequestException>(async () =>
        {
            using var response = await client.SendAsync(HttpMethod.Post, path, new ByteArrayContent(content), Sha(content), cancellationToken: cancellationToken);
            Assert.Fail($"the publish was answered ({(int)response.StatusCode}) instead of killing the stack at {step}");
        });
        return await stack.Process.WaitForExitAsync(TimeSpan.FromMinutes(2));
    }

    private static PublishPackageVersionRequest PublishRequest()
    {
        var content = Content();
        return new PublishPackageVersionRequest
        {
            Domain = Domain, Repository = Repository, Format = "generic", Namespace = "ns", Package = Package, PackageVersion = "1.0.0",
            AssetName = "a.bin", AssetContent = new MemoryStream(content), AssetSHA256 = Sha(content),
        };
    }

    private static byte[] Content() => Encoding.UTF8.GetBytes("a version published into a stack that dies mid-commit\n");

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static int Notifications(string outbox) =>
        Directory.Exists(outbox) ? Directory.GetFiles(outbox, "*.eml").Count(f => File.ReadAllText(f).Contains(Package, StringComparison.Ordinal)) : 0;
}

/// <summary>The review function program, built once for the class as <c>sam build</c> builds it.</summary>
public sealed class ReviewFunctionFixture : IAsyncLifetime
{
    private readonly TempFolder _output = new();

    public string Assembly { get; private set; } = "";

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        Assembly = await FunctionArtifact.BuildAsync(RepositoryRoot.Path, Path.Combine(_output.Path, "function"), TextWriter.Null, timeout.Token);
    }

    public Task DisposeAsync()
    {
        _output.Dispose();
        return Task.CompletedTask;
    }
}
