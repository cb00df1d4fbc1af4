using System.Buffers.Binary;

namespace Governance.Core.Licenses.Discovery;

/// <summary>
/// The input of an entry whose sizes follow its data (general-purpose bit 3): hands the decompressor bytes in small
/// reads and remembers the last of them, so that once the deflate stream ends the data descriptor can be found among
/// the bytes it read ahead, and the rest given back.
/// </summary>
internal sealed class RecordingReadStream(ForwardReader reader) : ForwardReadStream
{
    /// <summary>The most a single read hands out: bounds how far past its end the decompressor can have read.</summary>
    public const int MaxRead = 16 * 1024;
    private const int TailCapacity = 4 * MaxRead;

    private readonly byte[] _tail = new byte[TailCapacity + 64];
    private int _tailLength;

    /// <summary>Bytes handed out since the entry's data started.</summary>
    public long HandedOut { get; private set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }
        var read = await reader.ReadAsync(buffer[..Math.Min(buffer.Length, MaxRead)], cancellationToken).ConfigureAwait(false);
        Remember(buffer.Span[..read]);
        HandedOut += read;
        return read;
    }

    /// <summary>
    /// After the decompressor ended: finds the data descriptor (signature optional, 32- or 64-bit sizes) whose CRC-32,
    /// compressed size (its own distance from the data start) and uncompressed size all agree, gives back every byte
    /// read past it, and returns the compressed size; null when no such descriptor is there.
    /// </summary>
    public async ValueTask<long?> FindDescriptorAsync(uint crc, long uncompressed, CancellationToken cancellationToken)
    {
        // The descriptor may lie partly beyond what the decompressor read: look up to 24 bytes further.
        var extra = new byte[24];
        var got = 0;
        while (got < extra.Length)
        {
            var read = await reader.ReadAsync(extra.AsMemory(got), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }
            got += read;
        }
        var window = new byte[_tailLength + got];
        _tail.AsSpan(0, _tailLength).CopyTo(window);
        extra.AsSpan(0, got).CopyTo(window.AsSpan(_tailLength));
        var windowStart = HandedOut - _tailLength;
        for (var offset = 0; offset < window.Length; offset++)
        {
            var compressed = windowStart + offset;
            var length = DescriptorLength(window.AsSpan(offset), crc, compressed, uncompressed);
            if (length > 0)
            {
                reader.Unread(window.AsSpan(offset + length));
                return compressed;
            }
        }
        reader.Unread(extra.AsSpan(0, got));
        return null;
    }

    private static int DescriptorLength(ReadOnlySpan<byte> at, uint crc, long compressed, long uncompressed)
    {
        const uint Signature = 0x08074b50;
        if (at.Length >= 16 && U32(at) == Signature && U32(at[4..]) == crc && U32(at[8..]) == (uint)compressed
            && U32(at[12..]) == (uint)uncompressed && compressed <= uint.MaxValue && uncompressed <= uint.MaxValue)
        {
            return 16;
        }
        if (at.Length >= 24 && U32(at) == Signature && U32(at[4..]) == crc && U64(at[8..]) == (ulong)compressed
            && U64(at[16..]) == (ulong)uncompressed)
        {
            return 24;
        }
        if (at.Length >= 12 && U32(at) == crc && U32(at[4..]) == (uint)compressed && U32(at[8..]) == (uint)uncompressed
            && compressed <= uint.MaxValue && uncompressed <= uint.MaxValue)
        {
            return 12;
        }
        if (at.Length >= 20 && U32(at) == crc && U64(at[4..]) == (ulong)compressed && U64(at[12..]) == (ulong)uncompressed)
        {
            return 20;
        }
        return 0;
    }

    private static uint U32(ReadOnlySpan<byte> b) => BinaryPrimitives.ReadUInt32LittleEndian(b);

    private static ulong U64(ReadOnlySpan<byte> b) => BinaryPrimitives.ReadUInt64LittleEndian(b);

    private void Remember(ReadOnlySpan<byte> bytes)
    {
        if (_tailLength + bytes.Length > TailCapacity)
        {
            var keep = TailCapacity - bytes.Length;
            Buffer.BlockCopy(_tail, _tailLength - keep, _tail, 0, keep);
            _tailLength = keep;
        }
        bytes.CopyTo(_tail.AsSpan(_tailLength));
        _tailLength += bytes.Length;
    }
}
