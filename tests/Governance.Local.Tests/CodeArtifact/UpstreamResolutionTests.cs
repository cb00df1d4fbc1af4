using System.Net;
using Governance.Core.Ports;
using Governance.Local.CodeArtifact;
using Governance.Local.Storage;
using Governance.Local.Tests.Support;
using Governance.Local.Upstream;
using Governance.TestSupport;

namespace Governance.Local.Tests.CodeArtifact;

/// <summary>
/// Upstream resolution on the service and resolver alone (no HTTP), against a real Maven-layout stand-in: the search
/// order, the status rules and origin controls, the 25-repository bound, and what is kept where. User guide pages:
/// "Requesting a package version with upstream repositories", "Upstream repository priority order", "Editing package
/// origin controls", "Packages overview" (publishing with upstream repositories).
/// </summary>
public sealed class UpstreamResolutionTests : IDisposable
{
    private const string Domain = "nextwork";
    private readonly TempFolder _data = new();
    private readonly TempFolder _central = new();
    private readonly RecordingChangeSink _sink = new();
    private readonly BlobStore _blobs;
    private readonly CodeArtifactService _service;
    private readonly UpstreamResolver _resolver;

    public UpstreamResolutionTests()
    {
        _blobs = new BlobStore(_data.Path);
        _service = new CodeArtifactService(_data.Path, "us-east-1", SystemClock.Instance, _sink, _blobs)
        {
            ExternalRegistries = new Dictionary<string, IExternalRegistry> { ["public:maven-central"] = new MavenRepositoryDirectory(_central.Path) },
        };
        _resolver = new UpstreamResolver(_service, _blobs);
        _service.CreateDomain("000000000000", Domain, null);
    }

    public void Dispose()
    {
        _resolver.Dispose();
        _data.Dispose();
        _central.Dispose();
    }

    private static PackageCoordinate Lib(string repository, string artifact = "lib") => new(Domain, null, repository, "maven", "com.acme", artifact);

    private void Repository(string name, params string[] upstreams) => _service.CreateRepository(Domain, null, name, null, upstreams);

    private void Store(string name)
    {
        Repository(name);
        _service.AssociateExternalConnection(Domain, null, name, "public:maven-central");
    }

    private void Central(string version)
    {
        var folder = Path.Combine(_central.Path, "com", "acme", "lib", version);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, $"lib-{version}.pom"),
            $"<project><groupId>com.acme</groupId><artifactId>lib</artifactId><version>{version}</version><licenses><license><name>MIT</name></license></licenses></project>");
        File.WriteAllText(Path.Combine(folder, $"lib-{version}.jar"), "jar " + version);
    }

    /// <summary>Stores the bytes (the service checks they are there) and publishes them as the version's jar; returns their SHA-256.</summary>
    private async Task<string> PublishDirectlyAsync(string repository, string version, string content, bool unfinished = false, string artifact = "lib")
    {
        var hashes = await StoreAsync(content);
        _service.CommitPublish(Lib(repository, artifact), version, $"{artifact}-{version}.jar", hashes, unfinished);
        return hashes.Sha256;
    }

    private Task<AssetHashes> StoreAsync(string content) =>
        _blobs.PutAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)), null, CancellationToken.None);

    private Task<bool> ResolveAsync(string repository, string version) => _resolver.EnsureAvailableAsync(Lib(repository), version, CancellationToken.None);

    [Fact]
    public async Task Resolve_WhenTheStoreHasTheExternalConnection_ShouldIngestIntoTheStoreAndKeepACopyInTheAskedRepositoryOnly()
    {
        Central("1.0");
        Store("store");
        Repository("middle", "store");
        Repository("app", "middle");

        Assert.True(await ResolveAsync("app", "1.0"));

        foreach (var repository in new[] { "store", "app" })
        {
            var version = _service.DescribePackageVersion(Lib(repository), "1.0");
            Assert.Equal(("Published", "EXTERNAL", "public:maven-central", (string?)null), (version.Status, version.OriginType, version.EntryPointExternalConnection, version.EntryPointRepository));
            Assert.Equal(["lib-1.0.jar", "lib-1.0.pom"], version.Assets.Select(a => a.Name).Order(StringComparer.Ordinal));
            Assert.Equal("MIT", Assert.Single(version.Licenses).Name);
            Assert.Equal(("BLOCK", "ALLOW"), (_service.DescribePackage(Lib(repository)).Publish, _service.DescribePackage(Lib(repository)).Upstream));
        }

        Assert.Empty(_service.PackageVersions(Lib("middle")));
        Assert.Equal([("store", "Created", 2), ("app", "Created", 2)], _sink.Changes.Select(c => (c.RepositoryName, c.OperationType, c.AssetsAdded)));
    }

    [Fact]
    public async Task Resolve_WhenTwoUpstreamsHoldTheVersion_ShouldTakeItFromTheFirstInPriorityOrder()
    {
        Repository("first");
        Repository("second");
        var first = await PublishDirectlyAsync("first", "2.0", "from first");
        await PublishDirectlyAsync("second", "2.0", "from second");
        Repository("app", "first", "second");

        Assert.True(await ResolveAsync("app", "2.0"));

        var kept = _service.DescribePackageVersion(Lib("app"), "2.0");
        Assert.Equal(first, Assert.Single(kept.Assets).Hashes.Sha256);
        Assert.Equal(("INTERNAL", "first"), (kept.OriginType, kept.EntryPointRepository));
    }

    [Theory]
    [InlineData("Archived")]
    [InlineData("Unlisted")]
    public async Task Resolve_WhenTheFirstUpstreamsCopyHasAStatus_ShouldServeItOnlyIfThatStatusDownloads(string status)
    {
        Repository("first");
        Repository("second");
        var first = await PublishDirectlyAsync("first", "2.0", "from first");
        var second = await PublishDirectlyAsync("second", "2.0", "from second");
        _service.UpdatePackageVersionsStatus(Lib("first"), ["2.0"], null, null, status);
        Repository("app", "first", "second");

        Assert.True(await ResolveAsync("app", "2.0"));

        var expected = status == "Archived" ? second : first;
        Assert.Equal(expected, Assert.Single(_service.DescribePackageVersion(Lib("app"), "2.0").Assets).Hashes.Sha256);
    }

    [Fact]
    public async Task Resolve_WhenOnlyAnArchivedCopyExists_ShouldFindNothingAndKeepNothing()
    {
        Repository("upstream");
        await PublishDirectlyAsync("upstream", "2.0", "archived soon");
        _service.UpdatePackageVersionsStatus(Lib("upstream"), ["2.0"], null, null, "Archived");
        Repository("app", "upstream");
        var changes = _sink.Changes.Count;

        Assert.False(await ResolveAsync("app", "2.0"));
        Assert.Empty(_service.PackageVersions(Lib("app")));
        Assert.Equal(changes, _sink.Changes.Count);
    }

    [Fact]
    public async Task Resolve_WhenAnIntermediateRepositoryBlocksUpstreamsForThePackage_ShouldNotSearchBeyondIt()
    {
        Central("1.0");
        Store("store");
        Repository("middle", "store");
        Repository("app", "middle");
        _service.PutPackageOriginConfiguration(Lib("middle"), "ALLOW", "BLOCK");

        Assert.False(await ResolveAsync("app", "1.0"));
        Assert.Empty(_service.PackageVersions(Lib("store")));
        Assert.Empty(_sink.Changes);
    }

    [Fact]
    public async Task Resolve_WhenUpstreamsFormACycle_ShouldEndWithNotFound()
    {
        Repository("ra");
        Repository("rb", "ra");
        _service.UpdateRepository(Domain, null, "ra", null, ["rb"]);

        Assert.False(await ResolveAsync("ra", "1.0"));
    }

    [Theory]
    [InlineData(24, true)]
    [InlineData(25, false)]
    public async Task Resolve_WhenTheVersionIsDeepInAChain_ShouldSearchAtMost25Repositories(int depth, bool found)
    {
        // r0 (asked) → r1 → … → r{depth}; the version is only in the last one. r0 counts as searched.
        Repository($"r{depth}");
        await PublishDirectlyAsync($"r{depth}", "3.0", "deep");
        for (var i = depth - 1; i >= 0; i--)
        {
            Repository($"r{i}", $"r{i + 1}");
        }

        Assert.Equal(found, await ResolveAsync("r0", "3.0"));
    }

    [Fact]
    public async Task Publish_WhenAReachableUpstreamHasTheVersion_ShouldConflictUntilThePackageBlocksUpstreams()
    {
        Central("1.0");
        Store("store");
        Repository("app", "store");
        var hashes = await StoreAsync("a substitute jar");

        var refused = Assert.Throws<CodeArtifactException>(() => _service.CommitPublish(Lib("app"), "1.0", "lib-1.0.jar", hashes, unfinished: true));
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("public:maven-central", refused.Message, StringComparison.Ordinal);
        Assert.Empty(_service.PackageVersions(Lib("app")));

        _service.PutPackageOriginConfiguration(Lib("app"), "ALLOW", "BLOCK");
        Assert.Equal("Unfinished", _service.CommitPublish(Lib("app"), "1.0", "lib-1.0.jar", hashes, unfinished: true).Version.Status);
    }

    [Fact]
    public async Task CompleteUnfinished_WhenMetadataNamesAnUnfinishedVersion_ShouldPublishItWithAStatusOnlyChange()
    {
        Repository("app");
        var first = _service.CommitPublish(Lib("app", "team"), "1.0", "team-1.0.jar", await StoreAsync("team jar"), unfinished: true);

        Assert.Equal(["1.0"], _service.CompleteUnfinished(Lib("app", "team"), ["1.0", "9.9"]));

        var published = _service.DescribePackageVersion(Lib("app", "team"), "1.0");
        Assert.Equal(("Published", first.Version.Revision), (published.Status, published.Revision));
        var last = _sink.Changes[^1];
        Assert.Equal(("Updated", true, 0), (last.OperationType, last.StatusChanged, last.AssetsAdded));
        Assert.Equal(("ALLOW", "BLOCK"), (_service.DescribePackage(Lib("app", "team")).Publish, _service.DescribePackage(Lib("app", "team")).Upstream));
        Assert.Empty(_service.CompleteUnfinished(Lib("app", "team"), ["1.0"]));
    }
}
