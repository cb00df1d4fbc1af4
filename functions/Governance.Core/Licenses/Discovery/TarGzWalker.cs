using System.Formats.Tar;
using System.IO.Compression;
using static Governance.Core.Licenses.Discovery.ArchiveLicenseReader;

namespace Governance.Core.Licenses.Discovery;

/// <summary>
/// Walks a gzip-compressed tar forward: every byte inflated counts against the <see cref="ReadBudget"/>, oversized
/// metadata entries are refused before <see cref="TarReader"/> allocates them (<see cref="TarHeaderGuard"/>), and
/// candidate files are handed to the <see cref="ArchiveScan"/>.
/// </summary>
internal static class TarGzWalker
{
    private const int MaxTarMetadataBytes = 1024 * 1024;

    public static async Task WalkAsync(Stream stream, ArchiveScan scan, CancellationToken cancellationToken)
    {
        var reader = new ForwardReader(stream);
        if (!await reader.EnsureAsync(2, cancellationToken).ConfigureAwait(false) || reader.Peek(2)[0] != 0x1f || reader.Peek(2)[1] != 0x8b)
        {
            scan.Notes.Add($"{Quote(scan.Archive)} is not a gzip-compressed tar");
            return;
        }
        var budget = new ReadBudget(scan.Options, Quote(scan.Archive));
        var counted = new CountingReadStream(new LimitedReadStream(reader, long.MaxValue));
        var gzip = new GZipStream(counted, CompressionMode.Decompress, leaveOpen: true);
        await using (gzip.ConfigureAwait(false))
        {
            var inflated = new BudgetedReadStream(gzip, counted, budget, "its tar");
            var guarded = new TarHeaderGuard(inflated, MaxTarMetadataBytes, Quote(scan.Archive));
            var tar = new TarReader(guarded, leaveOpen: true);
            await using (tar.ConfigureAwait(false))
            {
                while (await tar.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                {
                    budget.CountEntry();
                    if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
                    {
                        continue;
                    }
                    var path = NormalizePath(entry.Name);
                    if (scan.Classify(path) is null)
                    {
                        continue;
                    }
                    if (!budget.TakeCandidate())
                    {
                        scan.NoteCandidateBound(scan.Options.MaxCandidateFiles);
                        continue;
                    }
                    var content = await CandidateBuffer.ReadAsync(entry.DataStream, scan.Options.MaxCandidateBytes, null, budget, path, cancellationToken).ConfigureAwait(false);
                    await scan.ProcessAsync(path, content.Bytes, content.Truncated, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}
