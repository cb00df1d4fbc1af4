using System.Security.Cryptography;
using Governance.Local.Storage;
using Governance.TestSupport;

namespace Governance.Local.Tests.Storage;

public sealed class BlobStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task PutAsync_WhenTheHashMatches_ShouldStoreUnderTheSha256WithAllFourDigests()
    {
        var store = new BlobStore(_folder.Path);
        var bytes = "hello blobs"u8.ToArray();

        var hashes = await store.PutAsync(new MemoryStream(bytes), Convert.ToHexStringLower(SHA256.HashData(bytes)), CancellationToken.None);

        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(bytes)), hashes.Md5);
        Assert.Equal(Convert.ToHexStringLower(SHA1.HashData(bytes)), hashes.Sha1);
        Assert.Equal(Convert.ToHexStringLower(SHA512.HashData(bytes)), hashes.Sha512);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(store.PathFor(hashes.Sha256)));
    }

    [Fact]
    public async Task PutAsync_WhenTheHashDiffers_ShouldThrowAndLeaveNoFileBehind()
    {
        var store = new BlobStore(_folder.Path);

        var error = await Assert.ThrowsAsync<BlobHashMismatchException>(() => store.PutAsync(new MemoryStream("x"u8.ToArray()), new string('0', 64), CancellationToken.None));

        Assert.Equal(new string('0', 64), error.ExpectedSha256);
        Assert.Empty(Directory.EnumerateFiles(_folder.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task PutAsync_WhenTheSourceFailsMidway_ShouldLeaveNoVisibleBlob()
    {
        var store = new BlobStore(_folder.Path);

        await Assert.ThrowsAsync<IOException>(() => store.PutAsync(new FailingStream(), null, CancellationToken.None));

        Assert.Empty(Directory.EnumerateFiles(_folder.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task CorruptInPlace_WhenCalled_ShouldChangeTheStoredBytesButNotTheName()
    {
        var store = new BlobStore(_folder.Path);
        var hashes = await store.PutAsync(new MemoryStream("pristine content"u8.ToArray()), null, CancellationToken.None);

        store.CorruptInPlace(hashes.Sha256);

        var stored = await File.ReadAllBytesAsync(store.PathFor(hashes.Sha256));
        Assert.Equal(16, stored.Length);
        Assert.NotEqual(hashes.Sha256, Convert.ToHexStringLower(SHA256.HashData(stored)));
    }

    [Fact]
    public void Constructor_WhenACrashLeftTempFiles_ShouldRemoveThem()
    {
        var leftover = Path.Combine(_folder.Path, "blobs", "incoming-dead" + AtomicFile.TempSuffix);
        Directory.CreateDirectory(Path.GetDirectoryName(leftover)!);
        File.WriteAllText(leftover, "half an asset");

        _ = new BlobStore(_folder.Path);

        Assert.False(File.Exists(leftover));
    }

    private sealed class FailingStream : MemoryStream
    {
        private int _reads;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (++_reads > 1)
            {
                throw new IOException("connection reset by peer");
            }

            buffer.Span[..10].Fill(7);
            return ValueTask.FromResult(10);
        }
    }
}
