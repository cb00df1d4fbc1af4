using System.Text;
using System.Text.Json;
using Governance.Local.Npm;
using Governance.TestSupport;

namespace Governance.Local.Tests.Npm;

public sealed class NpmPublishDocumentReaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<NpmPublishDocument> ReadAsync(string json) =>
        await NpmPublishDocumentReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), _folder.File(Guid.NewGuid().ToString("N")), CancellationToken.None);

    [Fact]
    public async Task ReadAsync_WhenTheDocumentCarriesATarball_ShouldDecodeItToAFileAndBlankItInTheMetadata()
    {
        var tarball = new byte[300_000];
        new Random(1).NextBytes(tarball);
        var base64 = Convert.ToBase64String(tarball).Replace("/", "\\/", StringComparison.Ordinal);
        var json = """{"name":"x","versions":{"1.0.0":{"name":"x","data":"not-the-tarball","license":"MIT"}},"_attachments":{ "x-1.0.0.tgz" : {"content_type":"application/octet-stream","data": """ + "\""
            + base64 + "\",\"length\":" + tarball.Length + "}}}";

        using var document = await ReadAsync(json);

        Assert.Equal(tarball, await File.ReadAllBytesAsync(document.TarballPath!));
        var root = document.Metadata.RootElement;
        Assert.Equal("not-the-tarball", root.GetProperty("versions").GetProperty("1.0.0").GetProperty("data").GetString());
        Assert.Equal(string.Empty, root.GetProperty("_attachments").GetProperty("x-1.0.0.tgz").GetProperty("data").GetString());
        Assert.Equal("MIT", root.GetProperty("versions").GetProperty("1.0.0").GetProperty("license").GetString());
    }

    [Fact]
    public async Task ReadAsync_WhenThereIsNoAttachment_ShouldReturnNoTarball()
    {
        using var document = await ReadAsync("""{"name":"x","dist-tags":{"beta":"1.0.0"}}""");

        Assert.Null(document.TarballPath);
        Assert.Equal("1.0.0", document.Metadata.RootElement.GetProperty("dist-tags").GetProperty("beta").GetString());
    }

    [Fact]
    public async Task ReadAsync_WhenTheDocumentIsCutShort_ShouldThrowAndLeaveNoScratchFile()
    {
        await Assert.ThrowsAnyAsync<JsonException>(() => ReadAsync("""{"_attachments":{"x.tgz":{"data":"AAAA"""));

        Assert.Empty(Directory.EnumerateFiles(_folder.Path));
    }
}
