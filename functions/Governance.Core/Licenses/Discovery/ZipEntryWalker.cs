using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using static Governance.Core.Licenses.Discovery.ArchiveLicenseReader;

namespace Governance.Core.Licenses.Discovery;

/// <summary>
/// Walks a zip forward by its local file headers (the central directory is at the end of a stream that cannot seek),
/// handing candidate entries to the <see cref="ArchiveScan"/> and stepping over the rest. An entry whose sizes follow
/// its data (general-purpose bit 3) is left to <see cref="ZipDescribedLaterEntry"/>.
/// </summary>
internal static class ZipEntryWalker
{
    internal const uint LocalHeader = 0x04034b50;
    private const int LocalHeaderLength = 30;
    private const int MaxHeaderLength = 60 * 1024;

    public static async Task WalkAsync(Stream stream, ArchiveScan scan, CancellationToken cancellationToken)
    {
        var reader = new ForwardReader(stream);
        var budget = new ReadBudget(scan.Options, Quote(scan.Archive));
        var first = true;
        while (true)
        {
            if (!await reader.EnsureAsync(4, cancellationToken).ConfigureAwait(false))
            {
                if (first)
                {
                    scan.Notes.Add($"{Quote(scan.Archive)} is not a zip archive (it is empty)");
                }
                else
                {
                    scan.Notes.Add($"{Quote(scan.Archive)} ends before its central directory: the archive is truncated");
                }
                return;
            }
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(reader.Peek(4));
            if (first && signature == 0x08074b50)
            {
                // A spanned-archive marker before the first header.
                reader.Advance(4);
                continue;
            }
            if (signature is 0x02014b50 or 0x06054b50 or 0x06064b50 or 0x08064b50 or 0x05054b50)
            {
                if (first && signature != 0x06054b50)
                {
                    scan.Notes.Add($"{Quote(scan.Archive)} is not a zip archive");
                }
                return;
            }
            if (signature != LocalHeader)
            {
                scan.Notes.Add(first
                    ? $"{Quote(scan.Archive)} is not a zip archive"
                    : string.Create(CultureInfo.InvariantCulture,
                        $"reading {Quote(scan.Archive)} stopped at byte {reader.Position:N0}: no zip header there (the archive is damaged)"));
                return;
            }
            first = false;
            budget.CountEntry();
            if (!await ReadEntryAsync(reader, scan, budget, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>Reads one local entry; false when the walk cannot go on (the note is added).</summary>
    private static async Task<bool> ReadEntryAsync(ForwardReader reader, ArchiveScan scan, ReadBudget budget, CancellationToken cancellationToken)
    {
        if (!await reader.EnsureAsync(LocalHeaderLength, cancellationToken).ConfigureAwait(false))
        {
            scan.Notes.Add($"{Quote(scan.Archive)} is truncated inside a zip header");
            return false;
        }
        var header = reader.Peek(LocalHeaderLength);
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(header[6..]);
        var method = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
        long compressed = BinaryPrimitives.ReadUInt32LittleEndian(header[18..]);
        long uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(header[22..]);
        var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[26..]);
        var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
        var variable = nameLength + extraLength;
        if (LocalHeaderLength + variable > MaxHeaderLength)
        {
            scan.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"reading {Quote(scan.Archive)} stopped at byte {reader.Position:N0}: a zip header of {LocalHeaderLength + variable:N0} bytes (names and extra fields over {MaxHeaderLength / 1024} KiB are not read)"));
            return false;
        }
        if (!await reader.EnsureAsync(LocalHeaderLength + variable, cancellationToken).ConfigureAwait(false))
        {
            scan.Notes.Add($"{Quote(scan.Archive)} is truncated inside a zip header");
            return false;
        }
        var all = reader.Peek(LocalHeaderLength + variable);
        var nameBytes = all.Slice(LocalHeaderLength, nameLength);
        var name = (flags & 0x0800) != 0 ? Encoding.UTF8.GetString(nameBytes) : Encoding.Latin1.GetString(nameBytes);
        if (compressed == uint.MaxValue || uncompressed == uint.MaxValue)
        {
            ReadZip64Sizes(all.Slice(LocalHeaderLength + nameLength, extraLength), ref compressed, ref uncompressed);
        }
        reader.Advance(LocalHeaderLength + variable);

        var path = NormalizePath(name);
        var candidate = path.EndsWith('/') ? null : scan.Classify(path);
        var describedLater = (flags & 0x0008) != 0;
        var encrypted = (flags & 0x0001) != 0;
        if (candidate is not null && !budget.TakeCandidate())
        {
            scan.NoteCandidateBound(scan.Options.MaxCandidateFiles);
            candidate = null;
        }
        if (!describedLater)
        {
            if (candidate is null || encrypted || method is not (0 or 8))
            {
                if (candidate is not null)
                {
                    scan.Notes.Add($"{scan.Location(path)} is {(encrypted ? "encrypted" : $"compressed with method {method}")}: not read");
                }
                var skipped = await reader.SkipAsync(compressed, cancellationToken).ConfigureAwait(false);
                if (skipped < compressed)
                {
                    scan.Notes.Add($"{Quote(scan.Archive)} is truncated inside {Quote(Sanitize(path))}");
                    return false;
                }
                return true;
            }
            var limited = new LimitedReadStream(reader, compressed);
            var source = method == 8 ? new DeflateStream(limited, CompressionMode.Decompress, leaveOpen: true) : (Stream)limited;
            await using (source.ConfigureAwait(false))
            {
                var content = await CandidateBuffer.ReadAsync(source, scan.Options.MaxCandidateBytes, method == 8 ? limited : null, budget, path, cancellationToken).ConfigureAwait(false);
                await scan.ProcessAsync(path, content.Bytes, content.Truncated, cancellationToken).ConfigureAwait(false);
            }
            await limited.SkipRestAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }

        // Sizes after the data: the end of the entry is known only by inflating it.
        return await ZipDescribedLaterEntry.ReadAsync(reader, scan, budget, path, candidate, method, encrypted, compressed, uncompressed, cancellationToken)
            .ConfigureAwait(false);
    }

    private static void ReadZip64Sizes(ReadOnlySpan<byte> extra, ref long compressed, ref long uncompressed)
    {
        while (extra.Length >= 4)
        {
            var id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            var size = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            if (size > extra.Length - 4)
            {
                return;
            }
            var data = extra.Slice(4, size);
            if (id == 0x0001)
            {
                if (uncompressed == uint.MaxValue && data.Length >= 8)
                {
                    uncompressed = (long)BinaryPrimitives.ReadUInt64LittleEndian(data);
                    data = data[8..];
                }
                if (compressed == uint.MaxValue && data.Length >= 8)
                {
                    compressed = (long)BinaryPrimitives.ReadUInt64LittleEndian(data);
                }
                if (compressed < 0)
                {
                    throw new InvalidDataException("a zip64 size is out of range");
                }
                return;
            }
            extra = extra[(4 + size)..];
        }
    }
}
