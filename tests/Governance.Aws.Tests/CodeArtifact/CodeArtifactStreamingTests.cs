using System.Security.Cryptography;
using Governance.Aws.CodeArtifact;
using Governance.Aws.CodeArtifact.Model;
using Governance.Aws.Tests.Support;

namespace Governance.Aws.Tests.CodeArtifact;

/// <summary>
/// Large streamed downloads with allocations measured process-wide, so this runs alone (no parallel tests adding
/// their allocations to the count).
/// </summary>
[Collection(EnvironmentMutatingGroup.Name)]
public sealed class CodeArtifactStreamingTests
{
    private static CodeArtifactClient Client(Uri endpoint) => new(TestEnvironment.Credentials, new CodeArtifactConfig().AtLoopback(endpoint));

    private static CancellationToken Bounded(int seconds = 30) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    [Fact]
    public async Task GetAsset_WhenDownloadingOneGibibyte_ShouldStreamWithBoundedAllocations()
    {
        const int block = 1024 * 1024;
        const int blocks = 1024;
        var pattern = RandomNumberGenerator.GetBytes(block);
        using var expectedHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var i = 0; i < blocks; i++)
        {
            expectedHash.AppendData(pattern);
        }

        var expected = expectedHash.GetHashAndReset();
        await using var server = new LoopbackHttpServer(e => e.RespondStreamAsync(200, (long)block * blocks, async body =>
        {
            for (var i = 0; i < blocks; i++)
            {
                await body.WriteAsync(pattern);
            }
        }, ("Content-Type", "application/octet-stream"), ("X-AssetName", "big.bin"), ("X-PackageVersion", "1.0.0"), ("X-PackageVersionRevision", "REV")));
        using var client = Client(server.BaseUri);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long total = 0;
        using (var response = await client.GetPackageVersionAssetAsync(new GetPackageVersionAssetRequest
        {
            Domain = "d1", Repository = "r1", Format = "generic", Namespace = "ns", Package = "p", PackageVersion = "1.0.0", Asset = "big.bin",
        }, Bounded(300)))
        {
            Assert.Equal("REV", response.PackageVersionRevision);
            Assert.Equal("1.0.0", response.PackageVersion);
            var buffer = new byte[81920];
            int read;
            while ((read = await response.Asset.ReadAsync(buffer, Bounded(300))) > 0)
            {
                hash.AppendData(buffer, 0, read);
                total += read;
            }
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal((long)block * blocks, total);
        Assert.Equal(expected, hash.GetHashAndReset());
        // The whole process (client, and the loopback server writing from one reused buffer) stays far below the
        // asset size: the bytes are streamed, never held.
        Assert.True(allocated < 32L * 1024 * 1024, $"allocated {allocated:N0} bytes for a 1 GiB download");
    }
}
