using System.Buffers;
using static Governance.Core.Licenses.Discovery.ArchiveLicenseReader;

namespace Governance.Core.Licenses.Discovery;

/// <summary>Keeps the first bytes of a candidate file, up to a bound.</summary>
internal sealed class CandidateBuffer(int limit)
{
    private byte[] _bytes = new byte[Math.Min(limit, 16 * 1024)];
    private int _length;

    public bool Truncated { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        var room = limit - _length;
        if (data.Length > room)
        {
            Truncated = true;
            data = data[..room];
        }
        if (_length + data.Length > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Min(limit, Math.Max(_bytes.Length * 2, _length + data.Length)));
        }
        data.CopyTo(_bytes.AsSpan(_length));
        _length += data.Length;
    }

    public byte[] ToArray() => _bytes.AsSpan(0, _length).ToArray();

    /// <summary>Reads a candidate file's first bytes (up to <paramref name="limit"/>); the compressed side, when there is one, feeds the ratio bound.</summary>
    public static async Task<(byte[] Bytes, bool Truncated)> ReadAsync(
        Stream source, int limit, LimitedReadStream? compressedSide, ReadBudget budget, string path, CancellationToken cancellationToken)
    {
        var kept = new CandidateBuffer(limit);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long total = 0;
            while (!kept.Truncated)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, 64 * 1024), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                total += read;
                kept.Append(buffer.AsSpan(0, read));
                if (compressedSide is not null)
                {
                    budget.CountInflated(read, total, compressedSide.Consumed, Quote(Sanitize(path)));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return (kept.ToArray(), kept.Truncated);
    }
}
