using System.Buffers;
using System.Buffers.Binary;
using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Governance.Core.Evidence;

namespace Governance.Core.Licenses.Discovery;

/// <summary>How an asset is read for licenses, decided by its name.</summary>
public enum ArchiveKind
{
    /// <summary>Not read.</summary>
    None,
    /// <summary>jar, war, aar, ear, zip, whl, nupkg, egg: a zip read by its local headers.</summary>
    Zip,
    /// <summary>tgz, tar.gz: a gzip-compressed tar.</summary>
    TarGz,
    /// <summary>A Maven POM, kept (bounded) for the parent chain.</summary>
    Pom,
}

/// <summary>What one asset said: licenses, notes, and (for a POM) its bytes.</summary>
public sealed record ArchiveScanResult(IReadOnlyList<DiscoveredLicense> Found, IReadOnlyList<string> Notes, byte[]? Pom);

/// <summary>
/// Reads the licenses an archive carries from a forward-only stream, in bounded memory, never touching the disk:
/// LICENSE / LICENCE / COPYING files (any extension, any case, at the root or one directory down), META-INF/LICENSE*,
/// npm package.json, Python PKG-INFO / METADATA, NuGet .nuspec. License texts are identified with
/// <see cref="LicenseTextMatcher"/>; manifests are reported as declared.
/// </summary>
/// <remarks>
/// Zip is walked by its local file headers (the central directory is at the end of a stream that cannot seek). An
/// entry whose sizes follow its data (general-purpose bit 3, what java.util.zip writes) is inflated to find its end,
/// then its data descriptor is located exactly (CRC-32, compressed and uncompressed size must all agree) and the
/// bytes the decompressor read past it are given back. A stored entry with bit 3 cannot be delimited: the read stops
/// with a note. Never throws for bad content; only cancellation propagates.
/// </remarks>
public sealed class ArchiveLicenseReader(LicenseTextMatcher matcher, LicenseDiscoveryOptions options)
{
    private readonly LicenseTextMatcher _matcher = matcher;
    private readonly LicenseDiscoveryOptions _options = options;

    private const uint LocalHeader = 0x04034b50;
    private const int LocalHeaderLength = 30;
    private const int MaxLocationLength = 200;
    private const int MaxHeaderLength = 60 * 1024;
    private const int MaxTarMetadataBytes = 1024 * 1024;

    public static ArchiveLicenseReader Default { get; } = new(LicenseTextMatcher.Default, LicenseDiscoveryOptions.Default);

    /// <summary>How an asset of this name is read; <see cref="ArchiveKind.None"/> for everything not worth reading.</summary>
    public static ArchiveKind KindOf(string assetName)
    {
        ArgumentNullException.ThrowIfNull(assetName);
        var name = assetName.ToLowerInvariant();
        if (name.EndsWith(".pom", StringComparison.Ordinal))
        {
            return ArchiveKind.Pom;
        }
        // Sources, javadoc and symbol packages repeat the binary's license files at the cost of another full read.
        if (name.EndsWith("-sources.jar", StringComparison.Ordinal) || name.EndsWith("-javadoc.jar", StringComparison.Ordinal)
            || name.EndsWith(".snupkg", StringComparison.Ordinal))
        {
            return ArchiveKind.None;
        }
        if (name.EndsWith(".tgz", StringComparison.Ordinal) || name.EndsWith(".tar.gz", StringComparison.Ordinal))
        {
            return ArchiveKind.TarGz;
        }
        string[] zips = [".jar", ".war", ".aar", ".ear", ".zip", ".whl", ".nupkg", ".egg"];
        return zips.Any(e => name.EndsWith(e, StringComparison.Ordinal)) ? ArchiveKind.Zip : ArchiveKind.None;
    }

    /// <summary>Reads <paramref name="stream"/> (forward only) as the asset named <paramref name="assetName"/>.</summary>
    public async Task<ArchiveScanResult> ReadAsync(Stream stream, string assetName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(assetName);
        var scan = new Scan(this, assetName);
        try
        {
            switch (KindOf(assetName))
            {
                case ArchiveKind.Pom:
                    return await ReadPomAsync(stream, assetName, cancellationToken).ConfigureAwait(false);
                case ArchiveKind.Zip:
                    await ReadZipAsync(stream, scan, cancellationToken).ConfigureAwait(false);
                    break;
                case ArchiveKind.TarGz:
                    await ReadTarGzAsync(stream, scan, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    break;
            }
        }
        catch (ReadBoundException bound)
        {
            scan.Notes.Add(bound.Message);
        }
        catch (Exception e) when (IsContentFault(e) && !cancellationToken.IsCancellationRequested)
        {
            scan.Notes.Add($"{Quote(assetName)} could not be read to its end: {e.Message}");
        }
        return new ArchiveScanResult(scan.Found, scan.Notes, null);
    }

    internal static bool IsContentFault(Exception e) =>
        e is InvalidDataException or IOException or FormatException or ArgumentException or OverflowException
            or NotSupportedException or InvalidOperationException or System.Xml.XmlException or System.Text.Json.JsonException;

    private async Task<ArchiveScanResult> ReadPomAsync(Stream stream, string assetName, CancellationToken cancellationToken)
    {
        var (bytes, complete) = await ReadBoundedAsync(stream, _options.MaxPomBytes, cancellationToken).ConfigureAwait(false);
        if (!complete)
        {
            return new ArchiveScanResult([], [string.Create(CultureInfo.InvariantCulture,
                $"{Quote(assetName)} is larger than {ReadBudget.Size(_options.MaxPomBytes)} (the POM bound): not read")], null);
        }
        return new ArchiveScanResult([], [], bytes);
    }

    /// <summary>Reads up to <paramref name="limit"/> bytes; complete is false when there was more.</summary>
    internal static async Task<(byte[] Bytes, bool Complete)> ReadBoundedAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Min(limit + 1, 64 * 1024)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length > limit)
                {
                    return (buffer.AsSpan(0, limit).ToArray(), false);
                }
                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, limit + 1L));
            }
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return (buffer.AsSpan(0, length).ToArray(), true);
            }
            length += read;
        }
    }

    private async Task ReadZipAsync(Stream stream, Scan scan, CancellationToken cancellationToken)
    {
        var reader = new ForwardReader(stream);
        var budget = new ReadBudget(_options, Quote(scan.Archive));
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
            if (!await ReadZipEntryAsync(reader, scan, budget, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>Reads one local entry; false when the walk cannot go on (the note is added).</summary>
    private async Task<bool> ReadZipEntryAsync(ForwardReader reader, Scan scan, ReadBudget budget, CancellationToken cancellationToken)
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
            scan.NoteCandidateBound(_options.MaxCandidateFiles);
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
                var content = await ReadCandidateAsync(source, method == 8 ? limited : null, budget, path, cancellationToken).ConfigureAwait(false);
                await scan.ProcessAsync(path, content.Bytes, content.Truncated, cancellationToken).ConfigureAwait(false);
            }
            await limited.SkipRestAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }

        // Sizes after the data: the end of the entry is known only by inflating it.
        if (method == 0 && !encrypted && compressed > 0 && compressed == uncompressed)
        {
            // A stored entry whose writer also put the sizes in the local header: trust them, then step over the
            // descriptor (with or without its signature) and check that a header follows.
            return await ReadStoredWithDescriptorAsync(reader, scan, path, candidate, compressed, cancellationToken).ConfigureAwait(false);
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
        var kept = candidate is null ? null : new CandidateBuffer(_options.MaxCandidateBytes);
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

    private async Task<bool> ReadStoredWithDescriptorAsync(
        ForwardReader reader, Scan scan, string path, CandidateKind? candidate, long size, CancellationToken cancellationToken)
    {
        var limited = new LimitedReadStream(reader, size);
        if (candidate is not null)
        {
            var content = await ReadCandidateAsync(limited, null, new ReadBudget(_options, Quote(scan.Archive)), path, cancellationToken).ConfigureAwait(false);
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
            && BinaryPrimitives.ReadUInt32LittleEndian(reader.Peek(descriptor + 4)[descriptor..]) is LocalHeader or 0x02014b50)
        {
            reader.Advance(descriptor);
            return true;
        }
        scan.Notes.Add($"reading {Quote(scan.Archive)} stopped after {Quote(Sanitize(path))}: no data descriptor and next header where its local sizes say (the archive is damaged)");
        return false;
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

    private async Task<(byte[] Bytes, bool Truncated)> ReadCandidateAsync(
        Stream source, LimitedReadStream? compressedSide, ReadBudget budget, string path, CancellationToken cancellationToken)
    {
        var kept = new CandidateBuffer(_options.MaxCandidateBytes);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long total = 0;
            while (!kept.Truncated)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, 64 * 1024), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                total += read;
                kept.Append(buffer.AsSpan(0, read));
                if (compressedSide is not null)
                {
                    budget.CountInflated(read, total, compressedSide.Consumed, Quote(Sanitize(path)));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return (kept.ToArray(), kept.Truncated);
    }

    private async Task ReadTarGzAsync(Stream stream, Scan scan, CancellationToken cancellationToken)
    {
        var reader = new ForwardReader(stream);
        if (!await reader.EnsureAsync(2, cancellationToken).ConfigureAwait(false) || reader.Peek(2)[0] != 0x1f || reader.Peek(2)[1] != 0x8b)
        {
            scan.Notes.Add($"{Quote(scan.Archive)} is not a gzip-compressed tar");
            return;
        }
        var budget = new ReadBudget(_options, Quote(scan.Archive));
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
                        scan.NoteCandidateBound(_options.MaxCandidateFiles);
                        continue;
                    }
                    var content = await ReadCandidateAsync(entry.DataStream, null, budget, path, cancellationToken).ConfigureAwait(false);
                    await scan.ProcessAsync(path, content.Bytes, content.Truncated, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Forward slashes, no leading <c>./</c> or <c>/</c>: only for classifying and naming, never a file-system path.</summary>
    internal static string NormalizePath(string name)
    {
        var path = name.Replace('\\', '/');
        while (path.StartsWith("./", StringComparison.Ordinal) || path.StartsWith('/'))
        {
            path = path.StartsWith('/') ? path[1..] : path[2..];
        }
        return path;
    }

    /// <summary>A name safe to show: no control characters, bounded length.</summary>
    internal static string Sanitize(string name)
    {
        var builder = new StringBuilder(Math.Min(name.Length, MaxLocationLength));
        foreach (var c in name)
        {
            if (builder.Length >= MaxLocationLength)
            {
                builder.Append('…');
                break;
            }
            builder.Append(char.IsControl(c) ? '?' : c);
        }
        return builder.ToString();
    }

    private static string Quote(string name) => Sanitize(name);

    /// <summary>Keeps the first bytes of a candidate file, up to a bound.</summary>
    private sealed class CandidateBuffer(int limit)
    {
        private byte[] _bytes = new byte[Math.Min(limit, 16 * 1024)];
        private int _length;

        public bool Truncated { get; private set; }

        public void Append(ReadOnlySpan<byte> data)
        {
            var room = limit - _length;
            if (data.Length > room)
            {
                Truncated = true;
                data = data[..room];
            }
            if (_length + data.Length > _bytes.Length)
            {
                Array.Resize(ref _bytes, Math.Min(limit, Math.Max(_bytes.Length * 2, _length + data.Length)));
            }
            data.CopyTo(_bytes.AsSpan(_length));
            _length += data.Length;
        }

        public byte[] ToArray() => _bytes.AsSpan(0, _length).ToArray();
    }

    /// <summary>One archive's findings, and what counts as a candidate in it.</summary>
    private sealed class Scan(ArchiveLicenseReader owner, string archive)
    {
        private readonly HashSet<string> _declaredFiles = new(StringComparer.OrdinalIgnoreCase);
        private bool _candidateBoundNoted;

        public string Archive { get; } = archive;

        public List<DiscoveredLicense> Found { get; } = [];

        public List<string> Notes { get; } = [];

        public string Location(string path) => $"{Sanitize(path)} in {Sanitize(Archive)}";

        public void NoteCandidateBound(int bound)
        {
            if (!_candidateBoundNoted)
            {
                _candidateBoundNoted = true;
                Notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{Sanitize(Archive)} holds more than {bound} license and manifest files (the candidate bound): the rest were not read"));
            }
        }

        public CandidateKind? Classify(string path)
        {
            if (_declaredFiles.Contains(path))
            {
                return CandidateKind.LicenseText;
            }
            return CandidateFiles.Classify(path);
        }

        public Task ProcessAsync(string path, byte[] content, bool truncated, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var kind = Classify(path);
            var location = Location(path);
            var text = Decode(content);
            switch (kind)
            {
                case CandidateKind.LicenseText:
                    MatchText(text, location, truncated);
                    break;
                case CandidateKind.PackageJson:
                    AddDeclared(ManifestParsers.FromPackageJson(content), location);
                    break;
                case CandidateKind.PythonMetadata:
                    var python = ManifestParsers.FromPythonMetadata(text);
                    AddDeclared(python.Declared, location);
                    if (python.LicenseText is { } embedded)
                    {
                        MatchText(embedded, location + " (its License field)", truncated: false);
                    }
                    break;
                case CandidateKind.Nuspec:
                    var nuspec = ManifestParsers.FromNuspec(content);
                    AddDeclared(nuspec.Declared, location);
                    if (nuspec.LicenseFile is { } file)
                    {
                        _declaredFiles.Add(NormalizePath(file));
                    }
                    foreach (var note in nuspec.Notes)
                    {
                        Notes.Add($"{location}: {note}");
                    }
                    break;
                default:
                    break;
            }
            return Task.CompletedTask;
        }

        private void MatchText(string text, string location, bool truncated)
        {
            var match = owner._matcher.Match(text);
            var cut = truncated
                ? string.Create(CultureInfo.InvariantCulture, $" (only its first {ReadBudget.Size(owner._options.MaxCandidateBytes)} were read: the candidate-size bound)")
                : "";
            if (match.Id is { } id)
            {
                Found.Add(new DiscoveredLicense(LicenseSource.LicenseFile, id, location, Math.Round(match.Score, 4)));
                if (match.SameTextIds.Count > 0)
                {
                    Notes.Add($"{location} is the text of {id}, which it shares with {string.Join(", ", match.SameTextIds)}: the text alone cannot tell them apart (an \"or later\" grant or an exception is a notice, not the text), so the narrowest, {id}, is reported{cut}");
                }
                else if (cut.Length > 0)
                {
                    Notes.Add(location + cut);
                }
                if (match.TrailingWords > 0)
                {
                    Notes.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{location} begins with the text of {id} and goes on for {match.TrailingWords:N0} more words (bundled components' licenses, notices): only {id} is identified"));
                }
            }
            else
            {
                Notes.Add(match.BestId is null
                    ? $"{location} holds no license text{cut}"
                    : string.Create(CultureInfo.InvariantCulture,
                        $"{location} matches no SPDX license text: the closest is {match.BestId} at {match.Score:0.00} (below the {owner._matcher.Threshold:0.00} threshold){cut}"));
            }
        }

        private void AddDeclared(IReadOnlyList<string> declared, string location)
        {
            foreach (var license in declared)
            {
                Found.Add(new DiscoveredLicense(LicenseSource.PackageManifest, license, location, null));
            }
        }

        private static string Decode(byte[] content)
        {
            var span = content.AsSpan();
            if (span.StartsWith("\xEF\xBB\xBF"u8))
            {
                span = span[3..];
            }
            if (span.Length >= 2 && (span[0] == 0xFF && span[1] == 0xFE || span[0] == 0xFE && span[1] == 0xFF))
            {
                return (span[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode).GetString(span[2..]);
            }
            return Encoding.UTF8.GetString(span);
        }
    }
}

internal enum CandidateKind
{
    LicenseText,
    PackageJson,
    PythonMetadata,
    Nuspec,
}

/// <summary>Which archive entries are worth reading.</summary>
internal static class CandidateFiles
{
    public static CandidateKind? Classify(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
        {
            return null;
        }
        var file = segments[^1];
        var depth = segments.Length;
        if (IsLicenseName(file))
        {
            // At the root or one directory down (npm's package/LICENSE, META-INF/LICENSE.txt, x.dist-info/LICENSE);
            // PEP 639 wheels keep them under x.dist-info/licenses/.
            if (depth <= 2)
            {
                return CandidateKind.LicenseText;
            }
            if (depth <= 4 && segments[0].EndsWith(".dist-info", StringComparison.OrdinalIgnoreCase)
                && segments[1].Equals("licenses", StringComparison.OrdinalIgnoreCase))
            {
                return CandidateKind.LicenseText;
            }
            return null;
        }
        if (depth == 2 && file.Equals("package.json", StringComparison.Ordinal))
        {
            return CandidateKind.PackageJson;
        }
        if (depth <= 2 && file.Equals("PKG-INFO", StringComparison.Ordinal))
        {
            return CandidateKind.PythonMetadata;
        }
        if (depth == 2 && file.Equals("METADATA", StringComparison.Ordinal)
            && segments[0].EndsWith(".dist-info", StringComparison.OrdinalIgnoreCase))
        {
            return CandidateKind.PythonMetadata;
        }
        if (depth == 1 && file.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase))
        {
            return CandidateKind.Nuspec;
        }
        return null;
    }

    /// <summary>LICENSE, LICENCE, COPYING in any case, alone or followed by an extension or a suffix (.txt, .md, -MIT, _APACHE).</summary>
    internal static bool IsLicenseName(string file)
    {
        foreach (var stem in (ReadOnlySpan<string>)["license", "licence", "copying"])
        {
            if (file.StartsWith(stem, StringComparison.OrdinalIgnoreCase)
                && (file.Length == stem.Length || file[stem.Length] is '.' or '-' or '_'))
            {
                return true;
            }
        }
        return false;
    }
}
