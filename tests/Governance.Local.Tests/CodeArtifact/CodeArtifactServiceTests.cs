using System.Net;
using Governance.Core.Ports;
using Governance.Local.CodeArtifact;
using Governance.Local.Storage;
using Governance.Local.Tests.Support;
using Governance.TestSupport;

namespace Governance.Local.Tests.CodeArtifact;

/// <summary>The state machine on its own: status rules, revisions, batch semantics, sequence numbers.</summary>
public sealed class CodeArtifactServiceTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly RecordingChangeSink _sink = new();
    private readonly CodeArtifactService _service;
    private static readonly PackageCoordinate Pkg = new("nextwork", null, "repo", "generic", "ns", "pkg");

    public CodeArtifactServiceTests()
    {
        _service = new CodeArtifactService(_folder.Path, "us-east-1", SystemClock.Instance, _sink);
        _service.CreateDomain("000000000000", "nextwork", null);
        _service.CreateRepository("nextwork", null, "repo", null, null);
    }

    public void Dispose() => _folder.Dispose();

    private static AssetHashes Hashes(char c) => new(3, new string(c, 32), new string(c, 40), new string(c, 64), new string(c, 128));

    private PublishResult Publish(string version, string asset = "a.bin", char content = 'a', bool unfinished = false) =>
        _service.CommitPublish(Pkg, version, asset, Hashes(content), unfinished);

    [Fact]
    public void CommitPublish_WhenTheVersionIsNew_ShouldBePublishedWithA44CharacterRevisionAndEmitCreated()
    {
        var result = Publish("1.0.0");

        Assert.Equal("Published", result.Version.Status);
        Assert.Equal(44, result.Version.Revision.Length);
        var change = Assert.Single(_sink.Changes);
        Assert.Equal(("Created", 1, true, 1L), (change.OperationType, change.AssetsAdded, change.StatusChanged, change.SequenceNumber));
    }

    [Fact]
    public void CommitPublish_WhenTheSameAssetIsRepublishedWithTheSameBytes_ShouldChangeNothing()
    {
        var first = Publish("1.0.0");

        var again = Publish("1.0.0");

        Assert.Equal(first.Version.Revision, again.Version.Revision);
        Assert.Single(_sink.Changes);
    }

    [Fact]
    public void CommitPublish_WhenTheSameAssetNameGetsOtherBytes_ShouldConflict()
    {
        Publish("1.0.0", unfinished: true);

        var error = Assert.Throws<CodeArtifactException>(() => Publish("1.0.0", content: 'b', unfinished: true));

        Assert.Equal(HttpStatusCode.Conflict, error.Status);
    }

    [Fact]
    public void CommitPublish_WhenANewAssetGoesToAPublishedVersion_ShouldConflict()
    {
        Publish("1.0.0");

        Assert.Equal("ConflictException", Assert.Throws<CodeArtifactException>(() => Publish("1.0.0", asset: "b.bin", content: 'b')).ErrorCode);
    }

    [Fact]
    public void CommitPublish_WhenAnAssetIsAddedToAnUnfinishedVersion_ShouldEmitUpdatedWithANewRevision()
    {
        var first = Publish("1.0.0", unfinished: true);

        var second = Publish("1.0.0", asset: "b.bin", content: 'b', unfinished: true);

        Assert.NotEqual(first.Version.Revision, second.Version.Revision);
        Assert.Equal("Unfinished", second.Version.Status);
        Assert.Equal(("Updated", 1, false, 2L), (_sink.Changes[1].OperationType, _sink.Changes[1].AssetsAdded, _sink.Changes[1].StatusChanged, _sink.Changes[1].SequenceNumber));
    }

    [Fact]
    public void UpdateStatus_WhenUnfinishedToPublished_ShouldSucceedKeepTheRevisionAndEmitStatusChanged()
    {
        var published = Publish("1.0.0", unfinished: true);

        var result = _service.UpdatePackageVersionsStatus(Pkg, ["1.0.0"], null, "Unfinished", "Published");

        Assert.Equal(new SuccessfulVersion(published.Version.Revision, "Published"), result.Successful["1.0.0"]);
        Assert.True(_sink.Changes[^1].StatusChanged);
        Assert.Equal(0, _sink.Changes[^1].AssetsAdded);
    }

    [Theory]
    [InlineData("Unfinished")]
    [InlineData("Disposed")]
    [InlineData("Deleted")]
    public void UpdateStatus_WhenTheTargetIsNotPublishedUnlistedOrArchived_ShouldBeAValidationError(string target)
    {
        Publish("1.0.0");

        var error = Assert.Throws<CodeArtifactException>(() => _service.UpdatePackageVersionsStatus(Pkg, ["1.0.0"], null, null, target));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Contains("targetStatus", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UpdateStatus_WhenOneVersionFails_ShouldSkipTheOthersAndChangeNothing()
    {
        Publish("1.0.0");
        Publish("2.0.0");
        var before = _sink.Changes.Count;

        var result = _service.UpdatePackageVersionsStatus(Pkg, ["1.0.0", "2.0.0"], new Dictionary<string, string> { ["2.0.0"] = "stale" }, null, "Archived");

        Assert.Empty(result.Successful);
        Assert.Equal("SKIPPED", result.Failed["1.0.0"].ErrorCode);
        Assert.Equal("version 1.0.0 is skipped", result.Failed["1.0.0"].ErrorMessage);
        Assert.Equal("MISMATCHED_REVISION", result.Failed["2.0.0"].ErrorCode);
        Assert.StartsWith("current revision: ", result.Failed["2.0.0"].ErrorMessage, StringComparison.Ordinal);
        Assert.Equal("Published", _service.DescribePackageVersion(Pkg, "1.0.0").Status);
        Assert.Equal(before, _sink.Changes.Count);
    }

    [Fact]
    public void UpdateStatus_WhenTheVersionIsDisposed_ShouldBeNotAllowed()
    {
        Publish("1.0.0");
        _service.DisposePackageVersions(Pkg, ["1.0.0"], null, null);

        var result = _service.UpdatePackageVersionsStatus(Pkg, ["1.0.0"], null, null, "Published");

        Assert.Equal("NOT_ALLOWED", result.Failed["1.0.0"].ErrorCode);
    }

    [Fact]
    public void DisposePackageVersions_WhenPublished_ShouldRemoveTheAssetsAndReportThemRemoved()
    {
        Publish("1.0.0");

        _service.DisposePackageVersions(Pkg, ["1.0.0"], null, "Published");

        var version = _service.DescribePackageVersion(Pkg, "1.0.0");
        Assert.Equal("Disposed", version.Status);
        Assert.Empty(version.Assets);
        Assert.Equal((1, "Disposed"), (_sink.Changes[^1].AssetsRemoved, _sink.Changes[^1].PackageVersionState));
    }

    [Fact]
    public void DeletePackageVersions_WhenTheExpectedStatusDiffers_ShouldReportMismatchedStatus()
    {
        Publish("1.0.0");

        var result = _service.DeletePackageVersions(Pkg, ["1.0.0"], "Archived");

        Assert.Equal("current status: Published, expected status: Archived", result.Failed["1.0.0"].ErrorMessage);
    }

    [Fact]
    public void DeletePackageVersions_WhenDeleted_ShouldEmitDeletedAndAllowRepublishing()
    {
        Publish("1.0.0");

        _service.DeletePackageVersions(Pkg, ["1.0.0"], null);
        var again = Publish("1.0.0", content: 'z');

        Assert.Equal(("Deleted", "Deleted"), (_sink.Changes[1].OperationType, _sink.Changes[1].PackageVersionState));
        Assert.Equal("Created", _sink.Changes[2].OperationType);
        Assert.Equal(3, _sink.Changes[2].SequenceNumber);
        Assert.Equal("Published", again.Version.Status);
    }

    [Fact]
    public void ResolveAsset_WhenArchived_ShouldRefuseTheDownload()
    {
        Publish("1.0.0");
        _service.UpdatePackageVersionsStatus(Pkg, ["1.0.0"], null, null, "Archived");

        Assert.Equal(HttpStatusCode.Conflict, Assert.Throws<CodeArtifactException>(() => _service.ResolveAsset(Pkg, "1.0.0", "a.bin", null)).Status);
    }

    [Fact]
    public void ResolveAsset_WhenUnlisted_ShouldStillServeTheAsset()
    {
        Publish("1.0.0");
        _service.UpdatePackageVersionsStatus(Pkg, ["1.0.0"], null, null, "Unlisted");

        Assert.Equal("a.bin", _service.ResolveAsset(Pkg, "1.0.0", "a.bin", null).Asset.Name);
    }

    [Fact]
    public void PutPackageOriginConfiguration_WhenPublishIsBlocked_ShouldRefusePublishing()
    {
        _service.PutPackageOriginConfiguration(Pkg, "BLOCK", "ALLOW");

        Assert.Equal("AccessDeniedException", Assert.Throws<CodeArtifactException>(() => Publish("1.0.0")).ErrorCode);
    }

    [Fact]
    public void CreateDomain_WhenTheNameBreaksThePattern_ShouldNameTheFieldAndPattern()
    {
        var error = Assert.Throws<CodeArtifactException>(() => _service.CreateDomain("000000000000", "Bad_Name", null));

        Assert.Contains("at 'domain' failed to satisfy constraint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Service_WhenReopenedOnTheSameFolder_ShouldSeeEveryCommittedVersion()
    {
        Publish("1.0.0");
        Publish("2.0.0", unfinished: true);

        var reopened = new CodeArtifactService(_folder.Path, "us-east-1", SystemClock.Instance, new RecordingChangeSink());

        var versions = reopened.ListPackageVersions(Pkg, null, null, null, null).Versions;
        Assert.Equal(["1.0.0", "2.0.0"], versions.Select(v => v.Version).ToArray());
        Assert.Equal(_service.DescribePackageVersion(Pkg, "1.0.0").Revision, versions[0].Revision);
    }
}
