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

/// <summary>Counts what passes through (the compressed side of a tar.gz), for the ratio bound.</summary>
internal sealed class CountingReadStream(Stream inner) : Stream
{
    public long Count { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Count += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("read asynchronously");
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>The inflated side of a tar.gz: every byte counts against the budget (total and ratio).</summary>
internal sealed class BudgetedReadStream(Stream inflated, CountingReadStream compressed, ReadBudget budget, string what) : Stream
{
    private long _inflated;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inflated.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _inflated += read;
        budget.CountInflated(read, _inflated, compressed.Count, what);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("read asynchronously");
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>
/// Watches the tar headers passing from the decompressor to <see cref="System.Formats.Tar.TarReader"/> and stops the
/// read before the reader sees a metadata entry (pax attributes, a GNU long name) larger than a bound: TarReader
/// allocates such an entry whole, so a forged size would otherwise cost that much memory.
/// </summary>
/// <remarks>
/// It follows the tar layout: a 512-byte header, then the entry's data rounded up to 512 bytes. A pax header's
/// <c>size</c> attribute overrides the next header's size field, so pax data (at most the bound) is parsed too.
/// </remarks>
internal sealed class TarHeaderGuard(Stream inner, int maxMetadataBytes, string archive) : Stream
{
    private const int Block = 512;
    private readonly byte[] _header = new byte[Block];
    private int _headerFill;
    private long _dataRemaining;
    private long _paddingRemaining;
    private MemoryStream? _pax;
    private long? _paxSize;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Observe(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private void Observe(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            if (_dataRemaining > 0)
            {
                var step = (int)Math.Min(_dataRemaining, bytes.Length);
                _pax?.Write(bytes[..step]);
                _dataRemaining -= step;
                bytes = bytes[step..];
                if (_dataRemaining == 0 && _pax is not null)
                {
                    _paxSize = PaxSize(_pax.GetBuffer().AsSpan(0, (int)_pax.Length));
                    _pax = null;
                }
                continue;
            }
            if (_paddingRemaining > 0)
            {
                var step = (int)Math.Min(_paddingRemaining, bytes.Length);
                _paddingRemaining -= step;
                bytes = bytes[step..];
                continue;
            }
            var take = Math.Min(Block - _headerFill, bytes.Length);
            bytes[..take].CopyTo(_header.AsSpan(_headerFill));
            _headerFill += take;
            bytes = bytes[take..];
            if (_headerFill == Block)
            {
                _headerFill = 0;
                OnHeader();
            }
        }
    }

    private void OnHeader()
    {
        var type = (char)_header[156];
        var size = HeaderSize(_header.AsSpan(124, 12));
        if (type is not ('x' or 'g' or 'L' or 'K') && _paxSize is { } overridden)
        {
            size = overridden;
            _paxSize = null;
        }
        if (type is 'x' or 'g' or 'L' or 'K' && size > maxMetadataBytes)
        {
            throw new ReadBoundException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"reading {archive} stopped at a tar header carrying {size:N0} bytes of names or attributes (the bound is {ReadBudget.Size(maxMetadataBytes)})"));
        }
        if (size < 0)
        {
            throw new InvalidDataException("a tar header has a negative size");
        }
        _dataRemaining = size;
        _paddingRemaining = (Block - (size % Block)) % Block;
        _pax = type is 'x' && size > 0 ? new MemoryStream((int)size) : null;
    }

    private static long HeaderSize(ReadOnlySpan<byte> field)
    {
        if ((field[0] & 0x80) != 0)
        {
            // Base-256: big-endian, the first byte's high bit is the marker.
            long value = field[0] & 0x7F;
            for (var i = 1; i < field.Length; i++)
            {
                if (value > (long.MaxValue >> 8))
                {
                    return long.MaxValue;
                }
                value = (value << 8) | field[i];
            }
            return value;
        }
        long octal = 0;
        foreach (var b in field)
        {
            if (b is (byte)' ' or 0)
            {
                if (octal > 0)
                {
                    break;
                }
                continue;
            }
            if (b is < (byte)'0' or > (byte)'7')
            {
                break;
            }
            octal = (octal * 8) + (b - '0');
        }
        return octal;
    }

    /// <summary>The <c>size</c> record of pax extended attributes (<c>"NN size=123\n"</c>), when there is one.</summary>
    private static long? PaxSize(ReadOnlySpan<byte> records)
    {
        while (!records.IsEmpty)
        {
            var space = records.IndexOf((byte)' ');
            if (space <= 0 || !int.TryParse(records[..space], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length)
                || length <= space || length > records.Length)
            {
                return null;
            }
            var record = records[(space + 1)..length];
            if (record.StartsWith("size="u8) && long.TryParse(record[5..].TrimEnd((byte)'\n'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size))
            {
                return size;
            }
            records = records[length..];
        }
        return null;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("read asynchronously");
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
