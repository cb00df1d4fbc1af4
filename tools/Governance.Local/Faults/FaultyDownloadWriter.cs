using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Governance.Local.Faults;

/// <summary>
/// Copies an asset to the response in bounded chunks, applying an injected download fault: a reset aborts the
/// connection after <c>Offset</c> bytes (the client sees a truncated body), a corruption flips the byte at
/// <c>Offset</c> (the client sees the full length with wrong bytes).
/// </summary>
public static class FaultyDownloadWriter
{
    private const int ChunkSize = 81920;

    public static async Task CopyAsync(Stream source, HttpContext context, DownloadFault fault, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(fault);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            long position = 0;
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, ChunkSize), cancellationToken)) > 0)
            {
                if (fault.Kind == DownloadFaultKind.Reset && position + read > fault.Offset)
                {
                    var keep = (int)(fault.Offset - position);
                    await context.Response.Body.WriteAsync(buffer.AsMemory(0, keep), cancellationToken);
                    await context.Response.Body.FlushAsync(cancellationToken);
                    // Let the client take in the headers and the first bytes before the connection drops, so it
                    // sees a body cut short (not a refused request). A reset discards what the client has not read
                    // yet, so the pause must outlast a busy machine's scheduling delay (100 ms did not, once, in CI).
                    await Task.Delay(250, cancellationToken);
                    context.Abort();
                    return;
                }

                if (fault.Kind == DownloadFaultKind.Corrupt && fault.Offset >= position && fault.Offset < position + read)
                {
                    // A zero mask would change nothing: a corruption always changes the byte.
                    buffer[fault.Offset - position] ^= fault.Mask == 0 ? (byte)0x5A : fault.Mask;
                }

                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                position += read;
            }

            if (fault.Kind == DownloadFaultKind.Reset && fault.Offset >= position)
            {
                // An empty asset (or one shorter than it claimed): the loop above never reached the offset, and a
                // reset that does not happen would turn a requested fault into a clean download. Drop the connection
                // before the response is sent.
                context.Abort();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
