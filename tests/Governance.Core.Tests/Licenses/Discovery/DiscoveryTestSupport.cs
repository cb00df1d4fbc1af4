using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Governance.Core.Licenses.Discovery;
using Governance.Core.Packages;
using Governance.Core.Ports;

namespace Governance.Core.Tests.Licenses.Discovery;

/// <summary>A forward-only view of bytes that hands out reads of random sizes (1 byte to 64 KiB), asynchronously.</summary>
public sealed class ChoppyStream(byte[] data, int seed = 7) : Stream
{
    private readonly Random _random = new(seed);
    private int _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = Math.Min(Math.Min(buffer.Length, data.Length - _position), _random.Next(1, 64 * 1024));
        data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        return Read(buffer.Span);
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A write-only, non-seekable sink over a MemoryStream: ZipArchive then writes data descriptors (bit 3).</summary>
public sealed class ForwardOnlyWriteStream(MemoryStream inner) : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
}

public static class Archives
{
    public static string Spdx(string id) => SpdxTexts.Value[id];

    public static readonly Lazy<Dictionary<string, string>> SpdxTexts = new(() =>
    {
        using var stream = typeof(LicenseTextMatcher).Assembly.GetManifestResourceStream("Governance.Core.Licenses.spdx-license-texts.json.gz")!;
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return LicenseTextMatcher.ReadTexts(memory.ToArray());
    });

    /// <summary>A zip of the given entries; <paramref name="descriptors"/> writes sizes after the data (bit 3), as java.util.zip does.</summary>
    public static byte[] Zip(IEnumerable<(string Name, byte[] Content)> entries, bool descriptors, CompressionLevel level = CompressionLevel.Optimal)
    {
        var memory = new MemoryStream();
        Stream target = descriptors ? new ForwardOnlyWriteStream(memory) : memory;
        using (var zip = new ZipArchive(target, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                var entry = zip.CreateEntry(name, level);
                using var s = entry.Open();
                s.Write(content);
            }
        }
        return memory.ToArray();
    }

    public static byte[] Zip(IEnumerable<(string Name, string Content)> entries, bool descriptors) =>
        Zip(entries.Select(e => (e.Name, Encoding.UTF8.GetBytes(e.Content))), descriptors);

    public static byte[] TarGz(IEnumerable<(string Name, byte[] Content)> entries)
    {
        var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) };
                tar.WriteEntry(entry);
            }
        }
        return memory.ToArray();
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}

/// <summary>An in-memory repository: versions with CodeArtifact license metadata and assets.</summary>
public sealed class FakePackageSource : IPackageSource
{
    private readonly Dictionary<string, (IReadOnlyList<string> Licenses, Dictionary<string, byte[]> Assets)> _versions = new();

    public List<string> Calls { get; } = [];

    public static PackageVersionId Maven(string group, string artifact, string version) =>
        new("d", "111122223333", "repo", "maven", group, artifact, version);

    public void Add(PackageVersionId id, IReadOnlyList<string> licenses, Dictionary<string, byte[]> assets) =>
        _versions[Key(id)] = (licenses, assets);

    public void AddPom(string group, string artifact, string version, string pom, params string[] metadataLicenses) =>
        Add(Maven(group, artifact, version), metadataLicenses, new() { [$"{artifact}-{version}.pom"] = Encoding.UTF8.GetBytes(pom) });

    private static string Key(PackageVersionId id) => $"{id.Namespace}:{id.Name}:{id.Version}";

    public Task<PackageVersionFacts> DescribeVersionAsync(PackageVersionId id, CancellationToken cancellationToken)
    {
        Calls.Add("describe " + Key(id));
        if (!_versions.TryGetValue(Key(id), out var version))
        {
            throw new PackageVersionNotFoundException(Key(id));
        }
        return Task.FromResult(new PackageVersionFacts(id, PackageVersionStatus.Published, "rev-1", version.Licenses, "EXTERNAL", null));
    }

    public Task<IReadOnlyList<AssetDescriptor>> ListAssetsAsync(PackageVersionId id, CancellationToken cancellationToken)
    {
        Calls.Add("list " + Key(id));
        if (!_versions.TryGetValue(Key(id), out var version))
        {
            throw new PackageVersionNotFoundException(Key(id));
        }
        return Task.FromResult<IReadOnlyList<AssetDescriptor>>(
            [.. version.Assets.Select(a => new AssetDescriptor(a.Key, a.Value.Length, new Dictionary<string, string>()))]);
    }

    public Task<Stream> OpenAssetAsync(PackageVersionId id, string assetName, string revision, CancellationToken cancellationToken)
    {
        Calls.Add("open " + Key(id) + " " + assetName);
        if (!_versions.TryGetValue(Key(id), out var version) || !version.Assets.TryGetValue(assetName, out var bytes))
        {
            throw new PackageVersionNotFoundException(Key(id));
        }
        return Task.FromResult<Stream>(new ChoppyStream(bytes));
    }

    public Task<StatusUpdateOutcome> UpdateStatusAsync(
        PackageVersionId id, PackageVersionStatus? expectedStatus, string? revision, PackageVersionStatus targetStatus, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}
