using System.Security.Cryptography;
using Amazon.Runtime;
using Governance.Aws.CodeArtifact;
using Governance.Aws.CodeArtifact.Model;
using Governance.Aws.Sns;
using Governance.Core.Packages;
using Governance.Core.Ports;
using Governance.Local.Sns;
using Governance.TestSupport;

namespace Governance.Local.Tests.Conformance;

/// <summary>
/// The product's own clients (Governance.Aws, on AWSSDK.Core: SigV4 with a signed payload hash, standard retries,
/// restJson1 and awsQuery parsing) against the local stack — the pairing the functions use on every local run.
/// </summary>
public sealed class OwnClientsConformanceTests : IAsyncLifetime
{
    private const string Domain = "nextwork";
    private const string Repository = "nextwork-devops-cicd";
    private LocalStackHarness _harness = null!;
    private CodeArtifactClient _client = null!;

    public async Task InitializeAsync()
    {
        _harness = await LocalStackHarness.StartAsync();
        _client = new CodeArtifactClient(new BasicAWSCredentials("test", "test"),
            new CodeArtifactConfig { ServiceURL = _harness.Endpoint, AuthenticationRegion = "us-east-1" });
        await _client.CreateDomainAsync(new CreateDomainRequest { Domain = Domain });
        await _client.CreateRepositoryAsync(new CreateRepositoryRequest { Domain = Domain, Repository = Repository });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task PackageSource_WhenAGenericVersionIsPublishedWithOurClient_ShouldDescribeStreamAndQuarantineIt()
    {
        var bytes = RandomNumberGenerator.GetBytes(300_000);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        using (var content = new MemoryStream(bytes))
        {
            await _client.PublishPackageVersionAsync(new PublishPackageVersionRequest
            {
                Domain = Domain, Repository = Repository, Format = "generic", Namespace = "secret-mission",
                Package = "secret-mission", PackageVersion = "1.0.0", AssetName = "secret-mission.tar.gz",
                AssetContent = content, AssetSHA256 = sha256,
            });
        }

        var source = new CodeArtifactPackageSource(_client);
        var id = new PackageVersionId(Domain, "000000000000", Repository, "generic", "secret-mission", "secret-mission", "1.0.0");
        var facts = await source.DescribeVersionAsync(id, CancellationToken.None);
        Assert.Equal(PackageVersionStatus.Published, facts.Status);
        var asset = Assert.Single(await source.ListAssetsAsync(id, CancellationToken.None));
        Assert.Equal(sha256, asset.Hashes["SHA-256"]);
        Assert.Equal(bytes.Length, asset.Size);

        await using (var stream = await source.OpenAssetAsync(id, asset.Name, facts.Revision, CancellationToken.None))
        {
            Assert.Equal(sha256, Convert.ToHexStringLower(await SHA256.HashDataAsync(stream)));
        }

        Assert.Equal(StatusUpdateOutcome.MismatchedStatus,
            await source.UpdateStatusAsync(id, PackageVersionStatus.Unlisted, facts.Revision, PackageVersionStatus.Archived, CancellationToken.None));
        Assert.Equal(StatusUpdateOutcome.MismatchedRevision,
            await source.UpdateStatusAsync(id, PackageVersionStatus.Published, "bm90LXRoZS1yZXZpc2lvbg==", PackageVersionStatus.Unlisted, CancellationToken.None));
        Assert.Equal(StatusUpdateOutcome.Succeeded,
            await source.UpdateStatusAsync(id, PackageVersionStatus.Published, facts.Revision, PackageVersionStatus.Unlisted, CancellationToken.None));
        Assert.Equal(PackageVersionStatus.Unlisted, (await source.DescribeVersionAsync(id, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Publish_WhenOurClientDeclaresAWrongSha256_ShouldRefuseBeforeSendingAndStoreNothing()
    {
        // The SDK's signer puts its own body hash into x-amz-content-sha256, so the client checks AssetSHA256 itself.
        using var content = new MemoryStream("not what was hashed"u8.ToArray());
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _client.PublishPackageVersionAsync(new PublishPackageVersionRequest
        {
            Domain = Domain, Repository = Repository, Format = "generic", Namespace = "ns", Package = "wrong-hash",
            PackageVersion = "1.0.0", AssetName = "a.bin", AssetContent = content,
            AssetSHA256 = Convert.ToHexStringLower(SHA256.HashData("something else"u8)),
        }));
        Assert.Contains("does not match the SHA-256 of AssetContent", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => _client.DescribePackageAsync(new DescribePackageRequest
        {
            Domain = Domain, Repository = Repository, Format = "generic", Namespace = "ns", Package = "wrong-hash",
        }));
    }

    [Fact]
    public async Task PackageSource_WhenTheVersionDoesNotExist_ShouldSayItIsGone()
    {
        var source = new CodeArtifactPackageSource(_client);
        var id = new PackageVersionId(Domain, "000000000000", Repository, "generic", "nowhere", "nothing", "9.9.9");
        await Assert.ThrowsAsync<PackageVersionNotFoundException>(() => source.DescribeVersionAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task SnsClient_WhenPublishingThroughTheEdge_ShouldReachAnEmailSubscriber()
    {
        using var outbox = new TempFolder();
        await using var sns = new SnsEndpoint(new SnsEndpointOptions { DataDirectory = Path.Combine(outbox.Path, "state"), OutboxDirectory = outbox.Path });
        _harness.Stack.RegisterEndpoint(sns);
        using var client = new SnsClient(new BasicAWSCredentials("test", "test"), new SnsConfig { ServiceURL = _harness.Endpoint, AuthenticationRegion = "us-east-1" });

        var topic = (await client.CreateTopicAsync(new CreateTopicRequest { Name = "governance-verdicts" })).TopicArn!;
        await client.SubscribeAsync(new SubscribeRequest { TopicArn = topic, Protocol = "email", Endpoint = "team@example.com" });
        var publisher = new SnsNotificationPublisher(client, topic);
        var messageId = await publisher.PublishAsync(new NotificationMessage(
            "PASS generic secret-mission 1.0.0", "the readable body", "{\"schema\":\"x\"}",
            new Dictionary<string, string> { ["verdict"] = "Pass" }), CancellationToken.None);
        await sns.WhenIdleAsync(CancellationToken.None);

        Assert.False(string.IsNullOrEmpty(messageId));
        var email = File.ReadAllText(Assert.Single(Directory.GetFiles(outbox.Path, "*.eml")));
        Assert.Contains("Subject: PASS generic secret-mission 1.0.0", email, StringComparison.Ordinal);
        Assert.Contains("the readable body", email, StringComparison.Ordinal);
    }
}
