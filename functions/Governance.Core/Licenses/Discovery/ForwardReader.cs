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
