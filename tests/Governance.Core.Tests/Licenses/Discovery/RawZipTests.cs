using System.IO.Compression;
using Governance.Core.Licenses.Discovery;

namespace Governance.Core.Tests.Licenses.Discovery;

/// <summary>Zips written byte by byte, for the descriptor layouts the .NET writer does not produce.</summary>
public sealed class RawZipTests
{
    public enum Layout { StoredSizesAndSignature, StoredSizesNoSignature, DeflateZip64Signature, DeflateZip64NoSignature, Deflate32NoSignature }

    private static byte[] Build(Layout layout, string name, byte[] content, bool trailingEntry = true)
    {
        var output = new MemoryStream();
        var w = new BinaryWriter(output);
        var deflate = layout is not (Layout.StoredSizesAndSignature or Layout.StoredSizesNoSignature);
        var zip64 = layout is Layout.DeflateZip64Signature or Layout.DeflateZip64NoSignature;
        var data = content;
        if (deflate)
        {
            var compressed = new MemoryStream();
            using (var d = new DeflateStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                d.Write(content);
            }
            data = compressed.ToArray();
        }
        var crc = Crc32.Append(0, content);
        var nameBytes = System.Text.Encoding.UTF8.GetBytes(name);
        w.Write(0x04034b50u);
        w.Write((ushort)45);
        w.Write((ushort)0x0008);
        w.Write((ushort)(deflate ? 8 : 0));
        w.Write(0u);
        w.Write(deflate ? 0u : crc);
        w.Write(deflate ? (zip64 ? uint.MaxValue : 0u) : (uint)data.Length);
        w.Write(deflate ? (zip64 ? uint.MaxValue : 0u) : (uint)content.Length);
        w.Write((ushort)nameBytes.Length);
        w.Write((ushort)(zip64 ? 20 : 0));
        w.Write(nameBytes);
        if (zip64)
        {
            w.Write((ushort)1);
            w.Write((ushort)16);
            w.Write(0UL);
            w.Write(0UL);
        }
        w.Write(data);
        if (layout is Layout.StoredSizesAndSignature or Layout.DeflateZip64Signature)
        {
            w.Write(0x08074b50u);
        }
        w.Write(crc);
        if (zip64)
        {
            w.Write((ulong)data.Length);
            w.Write((ulong)content.Length);
        }
        else
        {
            w.Write((uint)data.Length);
            w.Write((uint)content.Length);
        }
        if (trailingEntry)
        {
            // A second, ordinary entry proves the walk resumed at the right byte.
            var second = System.Text.Encoding.UTF8.GetBytes(Archives.Spdx("ISC"));
            w.Write(0x04034b50u);
            w.Write((ushort)20);
            w.Write((ushort)0);
            w.Write((ushort)0);
            w.Write(0u);
            w.Write(Crc32.Append(0, second));
            w.Write((uint)second.Length);
            w.Write((uint)second.Length);
            w.Write((ushort)"COPYING".Length);
            w.Write((ushort)0);
            w.Write("COPYING"u8);
            w.Write(second);
        }
        w.Write(0x02014b50u);
        w.Write(new byte[42]);
        return output.ToArray();
    }

    [Theory]
    [InlineData(Layout.StoredSizesAndSignature)]
    [InlineData(Layout.StoredSizesNoSignature)]
    [InlineData(Layout.DeflateZip64Signature)]
    [InlineData(Layout.DeflateZip64NoSignature)]
    [InlineData(Layout.Deflate32NoSignature)]
    public async Task Every_descriptor_layout_is_delimited_and_the_next_entry_read(Layout layout)
    {
        var zip = Build(layout, "META-INF/LICENSE", Archives.Utf8(Archives.Spdx("MIT")));
        var result = await ArchiveLicenseReader.Default.ReadAsync(new ChoppyStream(zip, (int)layout), "raw.jar", CancellationToken.None);
        Assert.True(result.Notes.Count == 0, string.Join("\n", result.Notes));
        Assert.Equal(["ISC", "MIT"], result.Found.Select(f => f.License).Order());
    }

    [Fact]
    public void Crc32_is_the_zip_checksum()
    {
        Assert.Equal(0xCBF43926u, Crc32.Append(0, "123456789"u8));
        var data = new byte[1000];
        new Random(1).NextBytes(data);
        Assert.Equal(Crc32.Append(0, data), Crc32.Append(Crc32.Append(0, data.AsSpan(0, 333)), data.AsSpan(333)));
        var zip = Archives.Zip([("x", data)], descriptors: false);
        using var archive = new ZipArchive(new MemoryStream(zip));
        Assert.Equal(archive.Entries[0].Crc32, Crc32.Append(0, data));
    }
}
