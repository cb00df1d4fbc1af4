using System.Buffers;

namespace Governance.Local.Storage;

/// <summary>The claimed SHA-256 of an upload did not match the bytes received.</summary>
public sealed class BlobHashMismatchException(string expectedSha256, string actualSha256)
    : Exception($"expected SHA-256 {expectedSha256}, calculated {actualSha256}")
{
    public string ExpectedSha256 { get; } = expectedSha256;

    public string ActualSha256 { get; } = actualSha256;
}

/// <summary>
/// Content-addressed asset bytes: each blob lives at <c>blobs/ab/abcdef…</c> named by its SHA-256. A blob is
/// streamed to a temp file while all four digests are computed, flushed, and only then renamed into place, so a
/// blob path either holds complete bytes or does not exist; the metadata that references a blob commits after it.
/// </summary>
public sealed class BlobStore : CodeArtifact.IAssetContentStore
{
    private const int BufferSize = 81920;
    private readonly string _root;

    public BlobStore(string dataFolder)
    {
        _root = Path.Combine(dataFolder, "blobs");
        Directory.CreateDirectory(_root);
        AtomicFile.DeleteLeftoverTempFiles(_root);
    }

    public string PathFor(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(Uri.IsHexDigit))
        {
            throw new ArgumentException("a blob is named by a 64-character hex SHA-256", nameof(sha256));
        }

        return Path.Combine(_root, sha256[..2], sha256);
    }

    /// <summary>
    /// Streams <paramref name="source"/> into the store. When <paramref name="expectedSha256"/> is given and the
    /// bytes hash differently, nothing is stored and <see cref="BlobHashMismatchException"/> is thrown.
    /// </summary>
    public async Task<AssetHashes> PutAsync(Stream source, string? expectedSha256, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var staging = Path.Combine(_root, $"incoming-{Guid.NewGuid():N}{AtomicFile.TempSuffix}");
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            AssetHashes hashes;
            using (var hasher = new MultiHasher())
            {
                await using (var target = new FileStream(staging, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
                {
                    int read;
                    while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
                    {
                        hasher.Append(buffer.AsSpan(0, read));
                        await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    }

                    await target.FlushAsync(cancellationToken);
                    target.Flush(flushToDisk: true);
                }

                hashes = hasher.Finish();
            }

            if (expectedSha256 is not null && !string.Equals(expectedSha256, hashes.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new BlobHashMismatchException(expectedSha256, hashes.Sha256);
            }

            var final = PathFor(hashes.Sha256);
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            if (File.Exists(final))
            {
                // Same content is already stored; identical bytes need no second copy.
                AtomicFile.TryDelete(staging);
            }
            else
            {
                File.Move(staging, final, overwrite: true);
            }

            return hashes;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (File.Exists(staging))
            {
                AtomicFile.TryDelete(staging);
            }
        }
    }

    /// <summary>A scratch file path inside the store (same file system, removed at the next start if left behind).</summary>
    public string NewScratchPath() => Path.Combine(_root, $"scratch-{Guid.NewGuid():N}{AtomicFile.TempSuffix}");

    public bool Exists(string sha256) => File.Exists(PathFor(sha256));

    /// <summary>Deletes a blob no version references any more.</summary>
    public void Release(string sha256) => AtomicFile.TryDelete(PathFor(sha256));

    public Stream OpenRead(string sha256) =>
        new FileStream(PathFor(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>
    /// Simulates tampering at rest for the demo: flips bytes of the stored blob in place while every recorded
    /// hash stays as it was, so a reviewer that re-hashes the download sees the mismatch.
    /// </summary>
    public void CorruptInPlace(string sha256)
    {
        using var stream = new FileStream(PathFor(sha256), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        if (stream.Length == 0)
        {
            stream.WriteByte(0xFF);
            return;
        }

        long[] positions = [0, stream.Length / 2, stream.Length - 1];
        foreach (var position in positions.Distinct())
        {
            stream.Position = position;
            var value = stream.ReadByte();
            stream.Position = position;
            stream.WriteByte((byte)(value ^ 0xFF));
        }

        stream.Flush(flushToDisk: true);
    }
}
