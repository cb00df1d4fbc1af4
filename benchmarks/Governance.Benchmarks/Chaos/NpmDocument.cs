using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Governance.Benchmarks.Chaos;

/// <summary>An npm publish document as <c>npm publish</c> PUTs it: one version's package.json, and its tarball as base64.</summary>
public static class NpmDocument
{
    public static byte[] Build(string name, string version, string license, byte[] tarball)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("_id", name);
            json.WriteString("name", name);
            json.WriteStartObject("dist-tags");
            json.WriteString("latest", version);
            json.WriteEndObject();
            json.WriteStartObject("versions");
            json.WriteStartObject(version);
            json.WriteString("name", name);
            json.WriteString("version", version);
            json.WriteString("license", license);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartObject("_attachments");
            json.WriteStartObject($"{name}-{version}.tgz");
            json.WriteString("content_type", "application/octet-stream");
            json.WriteBase64String("data", tarball);
            json.WriteNumber("length", tarball.Length);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>A real package tarball: <c>package/package.json</c> and <c>package/index.js</c>, gzipped.</summary>
    public static byte[] Tarball(string name, string version, string license)
    {
        using var gz = new MemoryStream();
        using (var gzip = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            Add(tar, "package/package.json", JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["name"] = name, ["version"] = version, ["license"] = license, ["main"] = "index.js",
            }));
            Add(tar, "package/index.js", $"module.exports = '{version}';\n");
        }

        return gz.ToArray();
    }

    private static void Add(TarWriter tar, string path, string text) =>
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
}
