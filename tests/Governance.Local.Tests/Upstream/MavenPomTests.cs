using System.Text;
using Governance.Local.CodeArtifact;
using Governance.Local.Maven;

namespace Governance.Local.Tests.Upstream;

public sealed class MavenPomTests
{
    private const string Body = """
        <modelVersion>4.0.0</modelVersion>
        <parent><groupId>org.acme</groupId><artifactId>acme-parent</artifactId><version>7</version></parent>
        <groupId>org.acme.tools</groupId>
        <artifactId>widget</artifactId>
        <version>1.2.3</version>
        <packaging>bundle</packaging>
        <name>Acme Widget</name>
        <description>
          Widgets for everyone.
        </description>
        <url>https://acme.example/widget</url>
        <licenses>
          <license><name>Apache-2.0</name><url>https://www.apache.org/licenses/LICENSE-2.0</url></license>
          <license><name>MIT</name></license>
        </licenses>
        <scm><connection>scm:git:x</connection><url>https://github.com/acme/widget</url></scm>
        """;

    private static MavenPom Read(string xml) => MavenPom.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)));

    [Theory]
    [InlineData("""<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">""")]
    [InlineData("<project>")]
    public void Read_WhenPomIsNamespacedOrNot_ShouldReadTheTopLevelFields(string projectTag)
    {
        var pom = Read($"<?xml version=\"1.0\"?>\n{projectTag}{Body}</project>");

        Assert.Equal(
            ("org.acme.tools", "widget", "1.2.3", "bundle", "Acme Widget", "Widgets for everyone.", "https://acme.example/widget", "https://github.com/acme/widget"),
            (pom.GroupId, pom.ArtifactId, pom.Version, pom.Packaging, pom.Name, pom.Description, pom.Url, pom.ScmUrl));
        Assert.Equal([new LicenseView("Apache-2.0", "https://www.apache.org/licenses/LICENSE-2.0"), new LicenseView("MIT", null)], pom.Licenses);
        Assert.Equal(new MavenCoordinate("org.acme", "acme-parent", "7"), pom.Parent);
    }

    [Fact]
    public void Read_WhenLicensesAndUrlsAreNestedInOtherSections_ShouldIgnoreThem()
    {
        var pom = Read("""
            <project><groupId>g</groupId><artifactId>a</artifactId><version>1</version>
              <dependencies><dependency><url>https://dep.example</url><licenses><license><name>GPL</name></license></licenses></dependency></dependencies>
              <build><plugins><plugin><configuration><licenses><license><name>GPL</name></license></licenses></configuration></plugin></plugins></build>
              <profiles><profile><licenses><license><name>GPL</name></license></licenses><scm><url>https://profile.example</url></scm></profile></profiles>
              <distributionManagement><site><url>https://site.example</url></site></distributionManagement>
            </project>
            """);

        Assert.Equal((null, null, 0, "jar"), (pom.Url, pom.ScmUrl, pom.Licenses.Count, pom.Packaging));
    }

    [Fact]
    public void Read_WhenGroupAndVersionAreOmitted_ShouldInheritThemFromTheParentButNotItsLicenses()
    {
        var pom = Read("""
            <project><parent><groupId>org.acme</groupId><artifactId>p</artifactId><version>9</version></parent>
              <artifactId>child</artifactId><name>Child</name></project>
            """);

        var metadata = pom.ToPublishMetadata();

        Assert.Equal(("org.acme", "child", "9"), (pom.GroupId, pom.ArtifactId, pom.Version));
        // CodeArtifact reads licenses from the POM itself; the summary falls back to the name when there is no description.
        Assert.Equal(("Child", 0), (metadata.Summary, metadata.Licenses.Count));
    }

    [Fact]
    public void ToPublishMetadata_WhenPomHasADescription_ShouldPreferItOverTheName()
    {
        var metadata = Read($"<project>{Body}</project>").ToPublishMetadata();

        Assert.Equal(("Widgets for everyone.", "https://acme.example/widget", "https://github.com/acme/widget", null, null),
            (metadata.Summary, metadata.HomePage, metadata.SourceCodeRepository, metadata.NpmManifestJson, metadata.DistTags));
        Assert.Equal(2, metadata.Licenses.Count);
    }

    [Theory]
    // Billion laughs: an internal DTD that would expand to gigabytes.
    [InlineData("""<!DOCTYPE project [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><project><groupId>&b;</groupId><artifactId>a</artifactId><version>1</version></project>""", "DTD")]
    // XXE: an external entity that would read a local file into the POM.
    [InlineData("""<!DOCTYPE project [<!ENTITY x SYSTEM "file:///etc/passwd">]><project><groupId>&x;</groupId><artifactId>a</artifactId><version>1</version></project>""", "DTD")]
    [InlineData("""<project><groupId>&x;</groupId><artifactId>a</artifactId><version>1</version></project>""", "'x'")]
    public void Read_WhenPomUsesADtdOrEntities_ShouldRefuseIt(string xml, string named)
    {
        var error = Assert.Throws<FormatException>(() => Read(xml));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Read_WhenPomIsLargerThanFourMiB_ShouldRefuseIt(bool seekable)
    {
        var bytes = Encoding.UTF8.GetBytes($"<project>{Body}<!--{new string('x', MavenPom.MaxBytes)}--></project>");
        Stream stream = seekable ? new MemoryStream(bytes) : new NonSeekableStream(bytes);

        var error = Assert.Throws<FormatException>(() => MavenPom.Read(stream));

        Assert.Equal("POM is larger than 4 MiB", error.Message);
    }

    [Theory]
    [InlineData("<project><groupId>g</groupId><version>1</version></project>", "POM has no <artifactId>")]
    [InlineData("<project><artifactId>a</artifactId><version>1</version></project>", "POM has no <groupId> and no <parent> to inherit it from")]
    [InlineData("<project><groupId>g</groupId><artifactId>a</artifactId></project>", "POM has no <version> and no <parent> to inherit it from")]
    [InlineData("<project><parent><groupId>g</groupId><artifactId>p</artifactId></parent><artifactId>a</artifactId></project>", "<parent> has no <version>")]
    [InlineData("<project><groupId>g</groupId><artifactId>a</artifactId><version>1</version><version>2</version></project>", "POM <project> has more than one <version>")]
    [InlineData("<project><groupId><x/></groupId><artifactId>a</artifactId><version>1</version></project>", "POM <groupId> must hold text, not a <x> element")]
    [InlineData("<settings><groupId>g</groupId></settings>", "POM root element must be <project>")]
    [InlineData("<project><groupId>g</groupId>", "POM is not well-formed XML")]
    [InlineData("", "POM is not well-formed XML")]
    public void Read_WhenPomIsMalformed_ShouldSayWhatIsWrong(string xml, string message)
    {
        var error = Assert.Throws<FormatException>(() => Read(xml));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
