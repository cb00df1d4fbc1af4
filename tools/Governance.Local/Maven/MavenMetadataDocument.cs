using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Governance.Local.Maven;

/// <summary>
/// <c>maven-metadata.xml</c>: written for an artifact from the versions a repository lists, and read when a client
/// uploads one (the upload names the versions whose publish it completes).
/// </summary>
public static class MavenMetadataDocument
{
    /// <summary>Real metadata files are a few KiB; an upload bigger than this is refused, not parsed.</summary>
    public const int MaxUploadBytes = 1024 * 1024;

    private static readonly XmlReaderSettings ReaderSettings = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };

    /// <summary>The artifact-level document; <paramref name="versions"/> in publication order, the last one newest.</summary>
    public static byte[] Write(string groupId, string artifactId, IReadOnlyList<string> versions, DateTimeOffset lastUpdated)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var release = versions.LastOrDefault(v => !v.EndsWith("-SNAPSHOT", StringComparison.Ordinal));
        var versioning = new XElement("versioning");
        if (versions.Count > 0)
        {
            versioning.Add(new XElement("latest", versions[^1]));
        }

        if (release is not null)
        {
            versioning.Add(new XElement("release", release));
        }

        versioning.Add(
            new XElement("versions", versions.Select(v => new XElement("version", v))),
            new XElement("lastUpdated", lastUpdated.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)));
        var document = new XDocument(
            new XDeclaration("1.0", "UTF-8", null),
            new XElement("metadata", new XElement("groupId", groupId), new XElement("artifactId", artifactId), versioning));
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            document.Save(writer);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The versions an uploaded document names: <c>versioning/versions</c>, <c>latest</c> and <c>release</c> of an
    /// artifact-level file, or the <c>version</c> of a snapshot's version-level file.
    /// </summary>
    /// <exception cref="FormatException">Not well-formed, too large, or not a <c>metadata</c> document.</exception>
    public static IReadOnlyList<string> ReadVersions(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length > MaxUploadBytes)
        {
            throw new FormatException($"maven-metadata.xml is larger than {MaxUploadBytes} bytes");
        }

        XElement root;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(content), ReaderSettings);
            root = XDocument.Load(reader).Root!;
        }
        catch (XmlException bad)
        {
            throw new FormatException($"maven-metadata.xml is not well-formed XML: {bad.Message}", bad);
        }

        if (root.Name.LocalName != "metadata")
        {
            throw new FormatException($"maven-metadata.xml has root element <{root.Name.LocalName}>, expected <metadata>");
        }

        var versioning = Child(root, "versioning");
        var named = new List<string?> { Child(root, "version")?.Value, Child(versioning, "latest")?.Value, Child(versioning, "release")?.Value };
        named.AddRange(Child(versioning, "versions")?.Elements().Where(e => e.Name.LocalName == "version").Select(e => e.Value) ?? []);
        return named.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).Distinct(StringComparer.Ordinal).ToList();
    }

    private static XElement? Child(XElement? parent, string name) => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name);
}
