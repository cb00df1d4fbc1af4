using Governance.Local.Upstream;
using Governance.TestSupport;

namespace Governance.Local.Tests.Upstream;

public sealed class MavenRepositoryDirectoryTests : IDisposable
{
    private static readonly DateTime PomTime = new(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc);

    private readonly TempFolder _folder = new();
    private readonly MavenRepositoryDirectory _registry;

    public MavenRepositoryDirectoryTests()
    {
        _registry = new MavenRepositoryDirectory(_folder.File("repo"));
        AddVersion("repo/com/acme/widget/1.0", "widget", "1.0", "widget-1.0.jar", "widget-1.0-sources.jar", "widget-1.0.jar.sha1", "widget-1.0.jar.md5",
            "widget-1.0.jar.asc", "widget-1.0.pom.sha512", "widget-1.0.pom.sha256", "maven-metadata-local.xml");
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void FindVersion_WhenTheVersionHasSideFiles_ShouldListOnlyItsAssetsSortedByName()
    {
        var found = _registry.FindVersion("com.acme", "widget", "1.0");

        Assert.NotNull(found);
        Assert.Equal(["widget-1.0-sources.jar", "widget-1.0.jar", "widget-1.0.pom"], found.Assets.Select(asset => asset.Name));
        Assert.Equal(("com.acme", "widget", "1.0"), (found.Namespace, found.Name, found.Version));
        Assert.Equal(new DateTimeOffset(PomTime), found.PublishedTime);
        Assert.Equal(("Widget widget", "MIT"), (found.Metadata.Summary, Assert.Single(found.Metadata.Licenses).Name));
        using var jar = new StreamReader(found.Assets[1].OpenRead());
        Assert.Equal("widget-1.0.jar", jar.ReadToEnd());
    }

    [Fact]
    public void FindVersion_WhenAnAssetIsASymlink_ShouldServeTheTargetAndSkipDanglingLinks()
    {
        var shared = _folder.File("shared.jar");
        File.WriteAllText(shared, "shared bytes");
        var folder = AddVersion("repo/com/acme/linked/2.0", "linked", "2.0");
        File.CreateSymbolicLink(Path.Combine(folder, "linked-2.0.jar"), "../../../../../shared.jar");
        File.CreateSymbolicLink(Path.Combine(folder, "linked-2.0-javadoc.jar"), _folder.File("gone.jar"));

        var found = _registry.FindVersion("com.acme", "linked", "2.0");

        Assert.NotNull(found);
        Assert.Equal(["linked-2.0.jar", "linked-2.0.pom"], found.Assets.Select(asset => asset.Name));
        using var jar = new StreamReader(found.Assets[0].OpenRead());
        Assert.Equal("shared bytes", jar.ReadToEnd());
    }

    [Theory]
    [InlineData("com.acme", "widget", "..")]
    [InlineData("com/acme", "widget", "1.0")]
    [InlineData("com..acme", "widget", "1.0")]
    [InlineData(".com.acme", "widget", "1.0")]
    [InlineData("com.acme.", "widget", "1.0")]
    [InlineData("com.acme", "widget\0", "1.0")]
    [InlineData("com.acme", "widget", "..\\1.0")]
    [InlineData(null, "widget", "1.0")]
    public void FindVersion_WhenANameCouldLeaveTheLayout_ShouldFindNothing(string? groupId, string artifactId, string version)
    {
        // Without the name checks each of these resolves to a real POM (version ".." to this planted one).
        AddVersion("repo/com/acme", "widget", "..");

        Assert.Null(_registry.FindVersion(groupId, artifactId, version));
    }

    [Theory]
    [InlineData(".com.acme", "widget")]
    [InlineData("com/acme", "widget")]
    [InlineData("com..acme", "widget")]
    public void ListVersions_WhenANameCouldLeaveTheLayout_ShouldListNothing(string groupId, string artifactId)
    {
        Assert.Empty(_registry.ListVersions(groupId, artifactId));
    }

    [Fact]
    public void FindVersion_WhenTheVersionOrItsPomIsMissing_ShouldReturnNull()
    {
        var folder = Directory.CreateDirectory(_folder.File("repo/com/acme/widget/2.0")).FullName;
        File.WriteAllText(Path.Combine(folder, "widget-2.0.jar"), "jar without a pom");

        Assert.Null(_registry.FindVersion("com.acme", "widget", "2.0"));
        Assert.Null(_registry.FindVersion("com.acme", "widget", "3.0"));
        Assert.Null(new MavenRepositoryDirectory(_folder.File("no-such-root")).FindVersion("com.acme", "widget", "1.0"));
    }

    [Fact]
    public void ListVersions_ShouldNameOnlyVersionFoldersHoldingTheirPom()
    {
        AddVersion("repo/com/acme/widget/1.10", "widget", "1.10");
        Directory.CreateDirectory(_folder.File("repo/com/acme/widget/2.0"));

        Assert.Equal(["1.0", "1.10"], _registry.ListVersions("com.acme", "widget"));
    }

    [Fact]
    public void FindVersion_OnDebiansMavenRepo_ShouldServeTheInstalledCommonsLang3Jar()
    {
        var registry = new MavenRepositoryDirectory(MavenRepositoryDirectory.DefaultRoot);
        if (!Directory.Exists(Path.Combine(registry.Root, "org/apache/commons/commons-lang3/3.12.0")))
        {
            Assert.Fail("Debian's commons-lang3 3.12.0 is not in /usr/share/maven-repo: run `make prerequisites`");
        }

        var found = registry.FindVersion("org.apache.commons", "commons-lang3", "3.12.0");

        Assert.NotNull(found);
        Assert.Equal(["commons-lang3-3.12.0.jar", "commons-lang3-3.12.0.pom"], found.Assets.Select(asset => asset.Name));
        using var jar = new MemoryStream();
        using (var stream = found.Assets[0].OpenRead())
        {
            stream.CopyTo(jar);
        }

        Assert.Equal(File.ReadAllBytes("/usr/share/java/commons-lang3.jar"), jar.ToArray());
        Assert.StartsWith("Apache Commons Lang", found.Metadata.Summary, StringComparison.Ordinal);
    }

    /// <summary>Writes a POM (and each named file, holding its own name) in <paramref name="relativeFolder"/>.</summary>
    private string AddVersion(string relativeFolder, string artifactId, string version, params string[] files)
    {
        var folder = Directory.CreateDirectory(_folder.File(relativeFolder)).FullName;
        var pom = Path.Combine(folder, $"{artifactId}-{version}.pom");
        File.WriteAllText(pom, $"""
            <project xmlns="http://maven.apache.org/POM/4.0.0"><groupId>com.acme</groupId><artifactId>{artifactId}</artifactId>
            <version>{version}</version><name>Widget {artifactId}</name><licenses><license><name>MIT</name></license></licenses></project>
            """);
        File.SetLastWriteTimeUtc(pom, PomTime);
        foreach (var file in files)
        {
            File.WriteAllText(Path.Combine(folder, file), file);
        }

        return folder;
    }
}
