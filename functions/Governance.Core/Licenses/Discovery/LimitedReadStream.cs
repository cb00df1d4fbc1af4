namespace Governance.Core.Licenses.Discovery;

/// <summary>Exactly <c>length</c> bytes of a <see cref="ForwardReader"/> (an entry whose size the local header gives).</summary>
internal sealed class LimitedReadStream(ForwardReader reader, long length) : ForwardReadStream
{
    private readonly long _length = length;

    public long Remaining { get; private set; } = length;

    public long Consumed => _length - Remaining;

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
}
