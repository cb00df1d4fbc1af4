using System.Xml;
using System.Xml.Linq;
using Governance.Local.CodeArtifact;

namespace Governance.Local.Maven;

/// <summary>A Maven coordinate as a POM's <c>&lt;parent&gt;</c> names it.</summary>
public sealed record MavenCoordinate(string GroupId, string ArtifactId, string Version);

/// <summary>
/// The top-level facts of a POM that CodeArtifact records. Values are taken as written: properties
/// (<c>${...}</c>) are not interpolated and parents are not fetched, as CodeArtifact does on ingestion.
/// </summary>
/// <param name="Packaging">The declared packaging, or <c>jar</c> (Maven's default) when absent.</param>
public sealed record MavenPom(
    string GroupId,
    string ArtifactId,
    string Version,
    string Packaging,
    string? Name,
    string? Description,
    string? Url,
    string? ScmUrl,
    IReadOnlyList<LicenseView> Licenses,
    MavenCoordinate? Parent)
{
    /// <summary>POMs come from untrusted registries; anything bigger than this is refused, not parsed.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    private const string PomNamespace = "http://maven.apache.org/POM/4.0.0";

    private static readonly XmlReaderSettings Settings = new()
    {
        // An entity-expansion or external-entity attack is one DOCTYPE away; POMs never need a DTD.
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    public PublishMetadata ToPublishMetadata() => new(Licenses, Description ?? Name, Url, ScmUrl, NpmManifestJson: null, DistTags: null);

    public static MavenPom ReadFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Read(stream);
    }

    /// <exception cref="FormatException">The POM is too large, not well-formed XML, or lacks its coordinates.</exception>
    public static MavenPom Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        XElement project;
        using (var bounded = ReadBounded(stream))
        {
            try
            {
                using var reader = XmlReader.Create(bounded, Settings);
                // The whole document is at most MaxBytes, so holding it as a tree is cheap and keeps the rules readable.
                project = XDocument.Load(reader).Root!;
            }
            catch (XmlException e)
            {
                throw new FormatException($"POM is not well-formed XML: {e.Message}", e);
            }
        }

        if (project.Name.LocalName != "project" || (project.Name.NamespaceName.Length > 0 && project.Name.NamespaceName != PomNamespace))
        {
            throw new FormatException($"POM root element must be <project> (namespace none or {PomNamespace}), not <{project.Name}>");
        }

        // Only direct children of <project> count: <url> or <licenses> nested in dependencies, build, profiles or
        // distributionManagement describe something else.
        var parent = Child(project, "parent") is { } p
            ? new MavenCoordinate(Required(p, "groupId", "<parent>"), Required(p, "artifactId", "<parent>"), Required(p, "version", "<parent>"))
            : null;
        var licenses = (Child(project, "licenses")?.Elements() ?? [])
            .Where(license => license.Name.LocalName == "license")
            .Select(license => new LicenseView(Text(license, "name"), Text(license, "url")))
            .Where(license => license.Name is not null || license.Url is not null)
            .ToList();
        return new MavenPom(
            Text(project, "groupId") ?? parent?.GroupId ?? throw new FormatException("POM has no <groupId> and no <parent> to inherit it from"),
            Required(project, "artifactId", "POM"),
            Text(project, "version") ?? parent?.Version ?? throw new FormatException("POM has no <version> and no <parent> to inherit it from"),
            Text(project, "packaging") ?? "jar",
            Text(project, "name"),
            Text(project, "description"),
            Text(project, "url"),
            Child(project, "scm") is { } scm ? Text(scm, "url") : null,
            licenses,
            parent);
    }

    private static XElement? Child(XElement element, string name)
    {
        var matches = element.Elements().Where(child => child.Name.LocalName == name).Take(2).ToList();
        // Maven itself rejects a duplicated tag; picking either copy would silently misreport the POM.
        return matches.Count > 1 ? throw new FormatException($"POM <{element.Name.LocalName}> has more than one <{name}>") : matches.FirstOrDefault();
    }

    private static string? Text(XElement element, string name)
    {
        if (Child(element, name) is not { } child)
        {
            return null;
        }

        if (child.HasElements)
        {
            throw new FormatException($"POM <{name}> must hold text, not a <{child.Elements().First().Name.LocalName}> element");
        }

        var text = child.Value.Trim();
        return text.Length == 0 ? null : text;
    }

    private static string Required(XElement element, string name, string owner) =>
        Text(element, name) ?? throw new FormatException($"{owner} has no <{name}>");

    private static MemoryStream ReadBounded(Stream stream)
    {
        if (stream.CanSeek && stream.Length - stream.Position > MaxBytes)
        {
            throw TooLarge();
        }

        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        return buffer;

        static FormatException TooLarge() => new($"POM is larger than {MaxBytes / (1024 * 1024)} MiB");
    }
}
