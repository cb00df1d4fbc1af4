using System.Security.Cryptography;

namespace Governance.Local.Edge;

/// <summary>
/// Passes a request body through unchanged while hashing it; at the end of the body it compares the SHA-256 with
/// the signed <c>x-amz-content-sha256</c> and throws <see cref="PayloadHashMismatchException"/> on a difference,
/// so a large signed body is verified without being buffered.
/// </summary>
public sealed class PayloadHashVerifyingStream(Stream inner, string declaredSha256) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _checked;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Observe(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Observe(buffer.Span[..read]);
        return read;
    }

    private void Observe(ReadOnlySpan<byte> data)
    {
        if (data.Length > 0)
        {
            _hash.AppendData(data);
            return;
        }

        if (_checked)
        {
            return;
        }

        _checked = true;
        var calculated = Convert.ToHexStringLower(_hash.GetHashAndReset());
        if (!string.Equals(calculated, declaredSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new PayloadHashMismatchException(declaredSha256, calculated);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
