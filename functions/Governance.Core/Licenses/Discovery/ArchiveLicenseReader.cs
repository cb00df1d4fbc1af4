using System.Globalization;
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
/// with a note. Never throws for bad content; only cancellation propagates. The walks are <see cref="ZipEntryWalker"/>
/// (with <see cref="ZipDescribedLaterEntry"/>) and <see cref="TarGzWalker"/>; what a candidate says is <see cref="ArchiveScan"/>'s.
/// </remarks>
public sealed class ArchiveLicenseReader(LicenseTextMatcher matcher, LicenseDiscoveryOptions options)
{
    private readonly LicenseTextMatcher _matcher = matcher;
    private readonly LicenseDiscoveryOptions _options = options;

    private const int MaxLocationLength = 200;

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
        var scan = new ArchiveScan(_matcher, _options, assetName);
        try
        {
            switch (KindOf(assetName))
            {
                case ArchiveKind.Pom:
                    return await ReadPomAsync(stream, assetName, cancellationToken).ConfigureAwait(false);
                case ArchiveKind.Zip:
                    await ZipEntryWalker.WalkAsync(stream, scan, cancellationToken).ConfigureAwait(false);
                    break;
                case ArchiveKind.TarGz:
                    await TarGzWalker.WalkAsync(stream, scan, cancellationToken).ConfigureAwait(false);
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

    internal static string Quote(string name) => Sanitize(name);
}
