namespace Governance.Core.Tests.Integrity;

/// <summary>
/// A read-only stream of <c>length</c> deterministic bytes that allocates nothing while read: it fills the caller's
/// buffer from a fixed pattern, so multi-GiB inputs cost no memory. Completes reads synchronously.
/// </summary>
public sealed class PatternStream(long length) : Stream
{
    private static readonly byte[] Pattern = Enumerable.Range(0, 65_521).Select(i => (byte)(i * 31 % 251)).ToArray();
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        // The pattern's length is prime, so consecutive chunks differ: a verifier that hashed one chunk twice or
        // skipped one would produce a different digest.
        var n = (int)Math.Min(buffer.Length, length - _position);
        var written = 0;
        while (written < n)
        {
            var offset = (int)((_position + written) % Pattern.Length);
            var chunk = Math.Min(n - written, Pattern.Length - offset);
            Pattern.AsSpan(offset, chunk).CopyTo(buffer[written..]);
            written += chunk;
        }
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Counts the bytes actually pulled from an inner stream.</summary>
public sealed class CountingStream(Stream inner) : Stream
{
    public long TotalRead { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => TotalRead; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = inner.Read(buffer, offset, count);
        TotalRead += n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken);
        TotalRead += n;
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
