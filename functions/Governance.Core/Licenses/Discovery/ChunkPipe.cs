using System.Buffers;
using System.Threading.Channels;
using Governance.Core.Integrity;

namespace Governance.Core.Licenses.Discovery;

/// <summary>
/// The bounded pipe between the hashing loop (writer: <see cref="IChunkSink"/>) and one archive reader (reader:
/// <see cref="ChunkPipeReadStream"/>). Chunks are copied into pooled arrays that the reader returns.
/// </summary>
internal sealed class ChunkPipe : IChunkSink
{
    private readonly Channel<(byte[] Buffer, int Length)> _channel;
    private volatile bool _readerDone;
    private volatile bool _interrupted;
    private int _completed;

    public ChunkPipe(int capacity) =>
        _channel = Channel.CreateBounded<(byte[], int)>(new BoundedChannelOptions(Math.Max(1, capacity))
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

    public bool Interrupted => _interrupted;

    internal ChannelReader<(byte[] Buffer, int Length)> Reader => _channel.Reader;

    public async ValueTask OnChunkAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        if (_readerDone || chunk.IsEmpty)
        {
            return;
        }
        var copy = ArrayPool<byte>.Shared.Rent(chunk.Length);
        chunk.CopyTo(copy);
        try
        {
            while (!_channel.Writer.TryWrite((copy, chunk.Length)))
            {
                if (!await _channel.Writer.WaitToWriteAsync(cancellationToken).ConfigureAwait(false))
                {
                    // The reader is done (or the attempt abandoned): the chunk is not needed.
                    ArrayPool<byte>.Shared.Return(copy);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            ArrayPool<byte>.Shared.Return(copy);
            throw;
        }
    }

    /// <summary>The first call decides: a later "stopped early" (the scan finishing, an abandoned attempt) does not undo an end reached.</summary>
    public void OnCompleted(bool reachedEnd)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return;
        }
        if (!reachedEnd)
        {
            _interrupted = true;
        }
        _channel.Writer.TryComplete();
    }

    /// <summary>The reader finished or stopped: later chunks are dropped, queued ones go back to the pool.</summary>
    public void CloseFromReader()
    {
        _readerDone = true;
        _channel.Writer.TryComplete();
        while (_channel.Reader.TryRead(out var item))
        {
            ArrayPool<byte>.Shared.Return(item.Buffer);
        }
    }
}

/// <summary>The reading end of a <see cref="ChunkPipe"/> as a forward-only stream.</summary>
internal sealed class ChunkPipeReadStream(ChunkPipe pipe) : ForwardReadStream
{
    private byte[]? _current;
    private int _offset;
    private int _length;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }
        while (_current is null || _offset == _length)
        {
            Release();
            if (!await pipe.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (pipe.Interrupted)
                {
                    throw new EndOfStreamException("the download stopped before the end of the asset");
                }
                return 0;
            }
            if (pipe.Reader.TryRead(out var item))
            {
                (_current, _offset, _length) = (item.Buffer, 0, item.Length);
            }
        }
        var count = Math.Min(buffer.Length, _length - _offset);
        _current.AsMemory(_offset, count).CopyTo(buffer);
        _offset += count;
        return count;
    }

    protected override void Dispose(bool disposing)
    {
        Release();
        base.Dispose(disposing);
    }

    private void Release()
    {
        if (_current is not null)
        {
            ArrayPool<byte>.Shared.Return(_current);
            _current = null;
        }
    }
}
