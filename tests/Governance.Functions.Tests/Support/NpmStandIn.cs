using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Governance.Local.Upstream;

namespace Governance.Functions.Tests.Support;

/// <summary>Fills the local stack's <c>public:npmjs</c> stand-in with versions packed the way npm packs them.</summary>
public static class NpmStandIn
{
    /// <summary>Packs package/package.json and package/index.js into a tarball under <paramref name="work"/> and adds it to the stand-in at <paramref name="root"/>.</summary>
    public static void AddVersion(string root, string work, string name, string version, string license, DateTimeOffset publishedAt)
    {
        var manifest = $$"""{"name":"{{name}}","version":"{{version}}","license":"{{license}}","main":"index.js"}""";
        Directory.CreateDirectory(root);
        Directory.CreateDirectory(work);
        var tarball = Path.Combine(work, $"{name}-{version}.tgz");
        using (var file = File.Create(tarball))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Ustar))
        {
            foreach (var (path, text) in new[] { ("package/package.json", manifest), ("package/index.js", $"module.exports = '{version}';\n") })
            {
                tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
            }
        }

        NpmRegistryDirectory.AddVersion(root, manifest, tarball, publishedAt);
    }
}
