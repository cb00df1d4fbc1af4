using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using static Governance.Core.Licenses.Discovery.ArchiveLicenseReader;

namespace Governance.Core.Licenses.Discovery;

/// <summary>
/// A zip entry whose sizes follow its data (general-purpose bit 3, what java.util.zip writes): it is inflated to find
/// its end, then its data descriptor is located exactly (CRC-32, compressed and uncompressed size must all agree) and
/// the bytes the decompressor read past it are given back (<see cref="RecordingReadStream"/>). A stored entry with
/// bit 3 cannot be delimited unless its local header also carries the sizes: otherwise the read stops with a note.
/// </summary>
internal static class ZipDescribedLaterEntry
{
    /// <summary>Reads one entry whose sizes follow its data, from the start of its data; false when the walk cannot go on (the note is added).</summary>
    public static async Task<bool> ReadAsync(
        ForwardReader reader, ArchiveScan scan, ReadBudget budget, string path, CandidateKind? candidate, ushort method, bool encrypted,
        long compressed, long uncompressed, CancellationToken cancellationToken)
    {
        if (method == 0 && !encrypted && compressed > 0 && compressed == uncompressed)
        {
            // A stored entry whose writer also put the sizes in the local header: trust them, then step over the
            // descriptor (with or without its signature) and check that a header follows.
            return await ReadStoredAsync(reader, scan, path, candidate, compressed, cancellationToken).ConfigureAwait(false);
        }
        if (method != 8 || encrypted)
        {
            scan.Notes.Add($"reading {Quote(scan.Archive)} stopped at {Quote(Sanitize(path))}: a {(encrypted ? "encrypted" : method == 0 ? "stored" : $"method-{method}")} entry whose size follows its data cannot be delimited in a stream");
            return false;
        }
        var recorder = new RecordingReadStream(reader);
        var inflate = new DeflateStream(recorder, CompressionMode.Decompress, leaveOpen: true);
        uint crc = 0;
        long total = 0;
        var kept = candidate is null ? null : new CandidateBuffer(scan.Options.MaxCandidateBytes);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            await using (inflate.ConfigureAwait(false))
            {
                while (true)
                {
                    var read = await inflate.ReadAsync(buffer.AsMemory(0, 64 * 1024), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }
                    total += read;
                    crc = Crc32.Append(crc, buffer.AsSpan(0, read));
                    kept?.Append(buffer.AsSpan(0, read));
                    budget.CountInflated(read, total, recorder.HandedOut, Quote(Sanitize(path)));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        var found = await recorder.FindDescriptorAsync(crc, total, cancellationToken).ConfigureAwait(false);
        if (kept is not null)
        {
            await scan.ProcessAsync(path, kept.ToArray(), kept.Truncated, cancellationToken).ConfigureAwait(false);
        }
        if (found is null)
        {
            scan.Notes.Add($"reading {Quote(scan.Archive)} stopped after {Quote(Sanitize(path))}: no data descriptor matches its content (the archive is damaged)");
            return false;
        }
        return true;
    }

    private static async Task<bool> ReadStoredAsync(
        ForwardReader reader, ArchiveScan scan, string path, CandidateKind? candidate, long size, CancellationToken cancellationToken)
    {
        var limited = new LimitedReadStream(reader, size);
        if (candidate is not null)
        {
            var content = await CandidateBuffer.ReadAsync(limited, scan.Options.MaxCandidateBytes, null, new ReadBudget(scan.Options, Quote(scan.Archive)), path, cancellationToken).ConfigureAwait(false);
            await scan.ProcessAsync(path, content.Bytes, content.Truncated, cancellationToken).ConfigureAwait(false);
        }
        await limited.SkipRestAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.EnsureAsync(16, cancellationToken).ConfigureAwait(false))
        {
            scan.Notes.Add($"{Quote(scan.Archive)} ends before its central directory: the archive is truncated");
            return false;
        }
        var descriptor = BinaryPrimitives.ReadUInt32LittleEndian(reader.Peek(4)) == 0x08074b50 ? 16 : 12;
        if (await reader.EnsureAsync(descriptor + 4, cancellationToken).ConfigureAwait(false)
            && BinaryPrimitives.ReadUInt32LittleEndian(reader.Peek(descriptor + 4)[descriptor..]) is ZipEntryWalker.LocalHeader or 0x02014b50)
        {
            reader.Advance(descriptor);
            return true;
        }
        scan.Notes.Add($"reading {Quote(scan.Archive)} stopped after {Quote(Sanitize(path))}: no data descriptor and next header where its local sizes say (the archive is damaged)");
        return false;
    }
}
