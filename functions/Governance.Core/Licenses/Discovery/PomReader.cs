using System.Xml;

namespace Governance.Core.Licenses.Discovery;

/// <summary>The parts of a POM the license chain needs.</summary>
/// <param name="Licenses">Each <c>&lt;license&gt;</c>'s name (or URL when it has no name) as written.</param>
internal sealed record PomLicenses(IReadOnlyList<(string? Name, string? Url)> Licenses, MavenCoordinate? Parent);

internal sealed record MavenCoordinate(string GroupId, string ArtifactId, string Version)
{
    public override string ToString() => $"{GroupId}:{ArtifactId}:{Version}";
}

/// <summary>Reads the <c>&lt;licenses&gt;</c> and <c>&lt;parent&gt;</c> of a POM, for <see cref="MavenParentChain"/>.</summary>
internal static class PomReader
{
    /// <summary>Reads a POM namespace-agnostically; null (with a note) when it is not XML the chain can trust.</summary>
    internal static PomLicenses? Parse(byte[] pom, string what, List<string> notes)
    {
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(pom), SafeXml.Settings);
            var licenses = new List<(string?, string?)>();
            MavenCoordinate? parent = null;
            if (!reader.ReadToFollowing("project") && reader.NodeType != XmlNodeType.Element)
            {
                notes.Add($"{what} has no <project> element");
                return null;
            }
            if (reader.LocalName != "project")
            {
                notes.Add($"{what} has no <project> element");
                return null;
            }
            var projectDepth = reader.Depth;
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == projectDepth)
                {
                    break;
                }
                if (reader.NodeType != XmlNodeType.Element || reader.Depth != projectDepth + 1)
                {
                    continue;
                }
                if (reader.LocalName == "parent")
                {
                    var fields = ReadChildren(reader);
                    parent = new MavenCoordinate(
                        fields.GetValueOrDefault("groupId", ""), fields.GetValueOrDefault("artifactId", ""), fields.GetValueOrDefault("version", ""));
                }
                else if (reader.LocalName == "licenses" && !reader.IsEmptyElement)
                {
                    var depth = reader.Depth;
                    while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
                    {
                        if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "license" && reader.Depth == depth + 1)
                        {
                            var fields = ReadChildren(reader);
                            var name = fields.GetValueOrDefault("name");
                            var url = fields.GetValueOrDefault("url");
                            if (!string.IsNullOrWhiteSpace(name) || !string.IsNullOrWhiteSpace(url))
                            {
                                licenses.Add((name, url));
                            }
                        }
                    }
                }
            }
            return new PomLicenses(licenses, parent);
        }
        catch (XmlException e)
        {
            notes.Add(e.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase)
                ? $"{what} declares a DTD, which is refused (entities could expand or reach outside the document)"
                : $"{what} is not readable XML ({e.Message})");
            return null;
        }
    }

    /// <summary>The text of each child element of the current element (which it consumes).</summary>
    private static Dictionary<string, string> ReadChildren(XmlReader reader)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (reader.IsEmptyElement)
        {
            return fields;
        }
        var depth = reader.Depth;
        reader.Read();
        while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth) && !reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Depth == depth + 1)
            {
                var name = reader.LocalName;
                var isEmpty = reader.IsEmptyElement;
                var text = isEmpty ? "" : reader.ReadInnerXml();
                if (isEmpty)
                {
                    reader.Read();
                }
                fields.TryAdd(name, System.Net.WebUtility.HtmlDecode(text).Trim());
                continue;
            }
            reader.Read();
        }
        return fields;
    }
}
