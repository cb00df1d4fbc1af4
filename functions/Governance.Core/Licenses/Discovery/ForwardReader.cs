using System.Runtime.CompilerServices;
namespace Governance.Core.Licenses.Discovery;

/// <summary>
/// A forward-only reader over a non-seekable stream with a small buffer that can look ahead (headers) and take bytes
/// back (what a decompressor read past the end of its entry).
/// </summary>
internal sealed class ForwardReader(Stream inner)
{
    private const int FillSize = 64 * 1024;
    private readonly byte[] _buffer = new byte[FillSize * 2];
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>Bytes handed to the caller so far, less those given back.</summary>
    public long Position { get; private set; }

    public int Buffered => _end - _start;

    /// <summary>Buffers at least <paramref name="count"/> bytes (at most 64 KiB); false when the stream ends first.</summary>
    public async ValueTask<bool> EnsureAsync(int count, CancellationToken cancellationToken)
    {
        while (Buffered < count)
        {
            if (_eof)
            {
                return false;
            }
            Compact();
            var read = await inner.ReadAsync(_buffer.AsMemory(_end, Math.Min(FillSize, _buffer.Length - _end)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _eof = true;
                return false;
            }
            _end += read;
        }
        return true;
    }

    public ReadOnlySpan<byte> Peek(int count) => _buffer.AsSpan(_start, count);

    public void Advance(int count)
    {
        _start += count;
        Position += count;
    }

    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }
        if (Buffered == 0 && !await EnsureAsync(1, cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }
        var count = Math.Min(destination.Length, Buffered);
        _buffer.AsMemory(_start, count).CopyTo(destination);
        Advance(count);
        return count;
    }

    /// <summary>Reads and discards <paramref name="count"/> bytes; returns how many there were.</summary>
    public async ValueTask<long> SkipAsync(long count, CancellationToken cancellationToken)
    {
        long skipped = 0;
        while (skipped < count)
        {
            if (Buffered == 0 && !await EnsureAsync(1, cancellationToken).ConfigureAwait(false))
            {
                break;
            }
            var step = (int)Math.Min(Buffered, count - skipped);
            Advance(step);
            skipped += step;
        }
        return skipped;
    }

    /// <summary>Gives back bytes the caller read but did not use; they are read again next, in order.</summary>
    public void Unread(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _start)
        {
            var length = Buffered;
            if (length + bytes.Length > _buffer.Length)
            {
                throw new InvalidOperationException("cannot give back more bytes than the look-ahead buffer holds");
            }
            Buffer.BlockCopy(_buffer, _start, _buffer, bytes.Length, length);
            _start = bytes.Length;
            _end = bytes.Length + length;
        }
        _start -= bytes.Length;
        bytes.CopyTo(_buffer.AsSpan(_start));
        Position -= bytes.Length;
    }

    private void Compact()
    {
        if (_start == 0)
        {
            return;
        }
        if (_end > _start && _buffer.Length - _end < FillSize)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, Buffered);
            _end -= _start;
            _start = 0;
        }
        else if (_end == _start)
        {
            _start = _end = 0;
        }
    }
}

/// <summary>Exactly <c>length</c> bytes of a <see cref="ForwardReader"/> (an entry whose size the local header gives).</summary>
internal sealed class LimitedReadStream(ForwardReader reader, long length) : Stream
{
    private readonly long _length = length;

    public long Remaining { get; private set; } = length;

    public long Consumed => _length - Remaining;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Remaining == 0 || buffer.IsEmpty)
        {
            return 0;
        }
        var read = await reader.ReadAsync(buffer[..(int)Math.Min(buffer.Length, Remaining)], cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            throw new EndOfStreamException("the archive ends inside an entry");
        }
        Remaining -= read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public async ValueTask SkipRestAsync(CancellationToken cancellationToken)
    {
        var skipped = await reader.SkipAsync(Remaining, cancellationToken).ConfigureAwait(false);
        if (skipped < Remaining)
        {
            Remaining -= skipped;
            throw new EndOfStreamException("the archive ends inside an entry");
        }
        Remaining = 0;
    }

    // Only the asynchronous path is used: the archive reader never blocks a thread on the download.
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("read asynchronously");
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>
/// The input of an entry whose sizes follow its data (general-purpose bit 3): hands the decompressor bytes in small
/// reads and remembers the last of them, so that once the deflate stream ends the data descriptor can be found among
/// the bytes it read ahead, and the rest given back.
/// </summary>
internal sealed class RecordingReadStream(ForwardReader reader) : Stream
{
    /// <summary>The most a single read hands out: bounds how far past its end the decompressor can have read.</summary>
    public const int MaxRead = 16 * 1024;
    private const int TailCapacity = 4 * MaxRead;

    private readonly byte[] _tail = new byte[TailCapacity + 64];
    private int _tailLength;

    /// <summary>Bytes handed out since the entry's data started.</summary>
    public long HandedOut { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

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

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

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

    private static uint U32(ReadOnlySpan<byte> b) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(b);

    private static ulong U64(ReadOnlySpan<byte> b) => System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(b);

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

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("read asynchronously");
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>CRC-32 (IEEE 802.3, the zip checksum), slicing by 8.</summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var c = ~crc;
        var table = Table;
        while (data.Length >= 8)
        {
            var one = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(data) ^ c;
            var two = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            c = table[(7 * 256) + (one & 0xFF)] ^ table[(6 * 256) + ((one >> 8) & 0xFF)]
                ^ table[(5 * 256) + ((one >> 16) & 0xFF)] ^ table[(4 * 256) + (one >> 24)]
                ^ table[(3 * 256) + (two & 0xFF)] ^ table[(2 * 256) + ((two >> 8) & 0xFF)]
                ^ table[256 + ((two >> 16) & 0xFF)] ^ table[two >> 24];
            data = data[8..];
        }
        foreach (var b in data)
        {
            c = table[(c ^ b) & 0xFF] ^ (c >> 8);
        }
        return ~c;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }
            table[i] = c;
        }
        for (var i = 0; i < 256; i++)
        {
            for (var s = 1; s < 8; s++)
            {
                var previous = table[((s - 1) * 256) + i];
                table[(s * 256) + i] = table[previous & 0xFF] ^ (previous >> 8);
            }
        }
        return table;
    }
}
