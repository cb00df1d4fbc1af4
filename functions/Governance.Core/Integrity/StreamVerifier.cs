using System.Buffers;
using System.Security.Cryptography;

namespace Governance.Core.Integrity;

/// <summary>
/// Reads a stream once and computes every requested digest in the same pass, in constant memory: one pooled buffer
/// and one <see cref="IncrementalHash"/> per algorithm, whatever the stream's length.
/// </summary>
public static class StreamVerifier
{
    /// <summary>
    /// Large enough that per-read and per-AppendData costs vanish next to hashing (1 MiB measured 0.89x openssl on a
    /// 1 GiB file, 64 KiB 0.79x); rented from the shared pool, so the two buffers are allocated once per process.
    /// </summary>
    internal const int BufferSize = 1024 * 1024;

    /// <summary>
    /// Reads <paramref name="stream"/> to its end (or until more than <paramref name="maxBytes"/> bytes were seen)
    /// and returns the digests of what was read.
    /// </summary>
    /// <param name="kinds">The algorithms to compute; at least one.</param>
    /// <param name="maxBytes">When set, reading stops as soon as the stream proves longer, and the result says so.</param>
    public static async Task<StreamVerification> VerifyAsync(
        Stream stream,
        IReadOnlyCollection<HashKind> kinds,
        long? maxBytes,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(kinds);
        if (kinds.Count == 0)
        {
            throw new ArgumentException("at least one hash kind is required", nameof(kinds));
        }
        if (maxBytes is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxBytes), maxBytes, "the size limit cannot be negative");
        }
        var distinct = kinds.Distinct().ToArray();
        var hashes = new IncrementalHash[distinct.Length];
        // Two buffers: while one chunk is hashed, the next is already being read (a download, or the disk), so the
        // I/O and the hashing overlap instead of taking turns. Memory stays two buffers whatever the stream's size.
        var current = ArrayPool<byte>.Shared.Rent(BufferSize);
        var next = ArrayPool<byte>.Shared.Rent(BufferSize);
        ValueTask<int> pending = default;
        var reading = false;
        try
        {
            for (var i = 0; i < distinct.Length; i++)
            {
                hashes[i] = IncrementalHash.CreateHash(AlgorithmOf(distinct[i]));
            }
            long total = 0;
            var read = await stream.ReadAsync(current.AsMemory(0, BufferSize), cancellationToken);
            while (read > 0)
            {
                total += read;
                if (maxBytes is { } limit && total > limit)
                {
                    // Stop at once: the asset is over the limit whatever its digest, and reading on would cost time
                    // and bandwidth for nothing.
                    return new StreamVerification(new Dictionary<HashKind, string>(), total, SizeLimitExceeded: true, maxBytes);
                }
                pending = stream.ReadAsync(next.AsMemory(0, BufferSize), cancellationToken);
                reading = true;
                foreach (var hash in hashes)
                {
                    hash.AppendData(current, 0, read);
                }
                // Cleared before the await: a failed read must not be awaited a second time in finally.
                reading = false;
                read = await pending;
                (current, next) = (next, current);
            }
            var digests = new Dictionary<HashKind, string>(distinct.Length);
            Span<byte> digest = stackalloc byte[64];
            for (var i = 0; i < distinct.Length; i++)
            {
                var written = hashes[i].GetHashAndReset(digest);
                digests[distinct[i]] = Convert.ToHexStringLower(digest[..written]);
            }
            return new StreamVerification(digests, total, SizeLimitExceeded: false, maxBytes);
        }
        finally
        {
            if (reading)
            {
                // A read still in flight writes into a pooled buffer: let it finish before the buffer goes back.
                try
                {
                    await pending;
                }
                catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or HttpRequestException)
                {
                    // The original failure is the one that propagates.
                }
            }
            foreach (var hash in hashes)
            {
                hash?.Dispose();
            }
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
        }
    }

    private static HashAlgorithmName AlgorithmOf(HashKind kind) => kind switch
    {
        HashKind.Sha256 => HashAlgorithmName.SHA256,
        HashKind.Sha512 => HashAlgorithmName.SHA512,
        HashKind.Sha1 => HashAlgorithmName.SHA1,
        HashKind.Md5 => HashAlgorithmName.MD5,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown hash kind"),
    };
}
