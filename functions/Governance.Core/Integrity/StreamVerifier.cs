using System.Buffers;
using System.Security.Cryptography;

namespace Governance.Core.Integrity;

/// <summary>
/// Reads a stream once and computes every requested digest in the same pass, in constant memory: one pooled buffer
/// and one <see cref="IncrementalHash"/> per algorithm, whatever the stream's length.
/// </summary>
public static class StreamVerifier
{
    /// <summary>Large enough to amortise the per-read cost, small enough to stay out of the large-object heap.</summary>
    internal const int BufferSize = 64 * 1024;

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
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            for (var i = 0; i < distinct.Length; i++)
            {
                hashes[i] = IncrementalHash.CreateHash(AlgorithmOf(distinct[i]));
            }
            long total = 0;
            while (true)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken);
                if (read == 0)
                {
                    break;
                }
                total += read;
                if (maxBytes is { } limit && total > limit)
                {
                    // Stop at once: the asset is over the limit whatever its digest, and reading on would cost time
                    // and bandwidth for nothing.
                    return new StreamVerification(new Dictionary<HashKind, string>(), total, SizeLimitExceeded: true, maxBytes);
                }
                foreach (var hash in hashes)
                {
                    hash.AppendData(buffer, 0, read);
                }
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
            foreach (var hash in hashes)
            {
                hash?.Dispose();
            }
            ArrayPool<byte>.Shared.Return(buffer);
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
