using System.Text;
using Governance.Core.Ports;
using Governance.Local.CodeArtifact;
using Governance.Local.Storage;
using Governance.TestSupport;

namespace Governance.Local.Tests.Storage;

/// <summary>Disposed and deleted assets stop being stored, unless another version still holds the same bytes.</summary>
public sealed class AssetReleaseTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly BlobStore _blobs;
    private readonly CodeArtifactService _service;
    private static readonly PackageCoordinate Pkg = new("d1", null, "repo", "generic", "ns", "pkg");

    public AssetReleaseTests()
    {
        _blobs = new BlobStore(_folder.Path);
        _service = new CodeArtifactService(_folder.Path, "us-east-1", SystemClock.Instance, new NullSink(), _blobs);
        _service.CreateDomain("000000000000", "d1", null);
        _service.CreateRepository("d1", null, "repo", null, null);
    }

    public void Dispose() => _folder.Dispose();

    private async Task<string> PublishAsync(string version, string content)
    {
        var hashes = await _blobs.PutAsync(new MemoryStream(Encoding.UTF8.GetBytes(content)), null, CancellationToken.None);
        _service.CommitPublish(Pkg, version, "a.bin", hashes, unfinished: false);
        return hashes.Sha256;
    }

    [Fact]
    public async Task Dispose_WhenNoOtherVersionHoldsTheBytes_ShouldDeleteTheBlob()
    {
        var unique = await PublishAsync("1.0.0", "unique bytes");

        _service.DisposePackageVersions(Pkg, ["1.0.0"], null, null);

        Assert.False(_blobs.Exists(unique));
    }

    [Fact]
    public async Task Delete_WhenAnotherVersionHoldsTheSameBytes_ShouldKeepTheBlob()
    {
        var shared = await PublishAsync("1.0.0", "shared bytes");
        await PublishAsync("2.0.0", "shared bytes");

        _service.DeletePackageVersions(Pkg, ["1.0.0"], null);

        Assert.True(_blobs.Exists(shared));
        Assert.Equal("a.bin", _service.ResolveAsset(Pkg, "2.0.0", "a.bin", null).Asset.Name);
    }

    private sealed class NullSink : IPackageChangeSink
    {
        public void OnChange(PackageVersionChange change)
        {
        }
    }
}
