using System.Globalization;

namespace Governance.Core.Licenses.Discovery;

/// <summary>
/// Watches the tar headers passing from the decompressor to <see cref="System.Formats.Tar.TarReader"/> and stops the
/// read before the reader sees a metadata entry (pax attributes, a GNU long name) larger than a bound: TarReader
/// allocates such an entry whole, so a forged size would otherwise cost that much memory.
/// </summary>
/// <remarks>
/// It follows the tar layout: a 512-byte header, then the entry's data rounded up to 512 bytes. A pax header's
/// <c>size</c> attribute overrides the next header's size field, so pax data (at most the bound) is parsed too.
/// </remarks>
internal sealed class TarHeaderGuard(Stream inner, int maxMetadataBytes, string archive) : ForwardReadStream
{
    private const int Block = 512;
    private readonly byte[] _header = new byte[Block];
    private int _headerFill;
    private long _dataRemaining;
    private long _paddingRemaining;
    private MemoryStream? _pax;
    private long? _paxSize;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Observe(buffer.Span[..read]);
        return read;
    }

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
            throw new ReadBoundException(string.Create(CultureInfo.InvariantCulture,
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
            if (space <= 0 || !int.TryParse(records[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                || length <= space || length > records.Length)
            {
                return null;
            }
            var record = records[(space + 1)..length];
            if (record.StartsWith("size="u8) && long.TryParse(record[5..].TrimEnd((byte)'\n'), NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                return size;
            }
            records = records[length..];
        }
        return null;
    }
}
