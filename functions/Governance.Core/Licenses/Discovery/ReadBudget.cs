using System.Globalization;

namespace Governance.Core.Licenses.Discovery;

/// <summary>A bound stopped reading an archive; <see cref="Exception.Message"/> is the note (which bound, its value).</summary>
internal sealed class ReadBoundException(string message) : Exception(message);

/// <summary>The per-archive counters behind the bounds of <see cref="LicenseDiscoveryOptions"/>.</summary>
internal sealed class ReadBudget(LicenseDiscoveryOptions options, string archive)
{
    public int Entries { get; private set; }

    public long Inflated { get; private set; }

    public int Candidates { get; private set; }

    public void CountEntry()
    {
        if (++Entries > options.MaxEntries)
        {
            throw new ReadBoundException(string.Create(CultureInfo.InvariantCulture,
                $"reading {archive} stopped after {options.MaxEntries:N0} entries (the entry bound)"));
        }
    }

    /// <summary>Counts bytes inflated; <paramref name="compressed"/> is what the decompressor consumed for them so far.</summary>
    public void CountInflated(int bytes, long inflatedInEntry, long compressed, string entry)
    {
        Inflated += bytes;
        if (Inflated > options.MaxUncompressedBytes)
        {
            throw new ReadBoundException(string.Create(CultureInfo.InvariantCulture,
                $"reading {archive} stopped after inflating {Size(options.MaxUncompressedBytes)} (the uncompressed-size bound)"));
        }
        if (inflatedInEntry > options.RatioGraceBytes && inflatedInEntry > options.MaxCompressionRatio * Math.Max(compressed, 1))
        {
            throw new ReadBoundException(string.Create(CultureInfo.InvariantCulture,
                $"reading {archive} stopped at {entry}: it inflates more than {options.MaxCompressionRatio:0.#} times its compressed size (the compression-ratio bound)"));
        }
    }

    /// <summary>True when another candidate file may be read; false (once noted by the caller) when the bound is reached.</summary>
    public bool TakeCandidate()
    {
        if (Candidates >= options.MaxCandidateFiles)
        {
            return false;
        }
        Candidates++;
        return true;
    }

    public static string Size(long bytes) => bytes switch
    {
        >= 1024L * 1024 * 1024 when bytes % (1024L * 1024 * 1024) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024L * 1024 * 1024)} GiB"),
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024)} MiB"),
        >= 1024 when bytes % 1024 == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes"),
    };
}
