using Governance.Local.Upstream;
using Governance.TestSupport;

namespace Governance.Local.Tests.Upstream;

public sealed class ExternalRegistrySettingsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Data => _folder.File("data");

    private string NewDirectory(string name) => Directory.CreateDirectory(_folder.File(name)).FullName;

    [Fact]
    public void Resolve_WhenOverridesWereGivenOnce_ShouldRecordThemForTheNextStart()
    {
        var maven = NewDirectory("maven");
        var npm = NewDirectory("npm");

        var first = ExternalRegistrySettings.Resolve(Data, maven, npm);
        var restarted = ExternalRegistrySettings.Resolve(Data, null, null);

        Assert.Equal(new ExternalRegistrySettings(maven, npm), first);
        Assert.Equal(first, restarted);
        Assert.True(File.Exists(Path.Combine(Data, ExternalRegistrySettings.FileName)));
    }

    [Fact]
    public void Resolve_WhenAnOverrideDiffersFromTheRecord_ShouldWinAndBeRecorded()
    {
        var npm = NewDirectory("npm");
        ExternalRegistrySettings.Resolve(Data, NewDirectory("maven-a"), npm);
        var mavenB = NewDirectory("maven-b");

        var changed = ExternalRegistrySettings.Resolve(Data, mavenB, null);

        Assert.Equal(new ExternalRegistrySettings(mavenB, npm), changed);
        Assert.Equal(changed, ExternalRegistrySettings.Resolve(Data, null, null));
    }

    [Fact]
    public void Resolve_WhenNothingIsGivenOrRecorded_ShouldBackOnlyMavenCentralWithDebiansRepo()
    {
        var settings = ExternalRegistrySettings.Resolve(Data, null, null);
        var registries = settings.CreateRegistries();

        Assert.Equal(new ExternalRegistrySettings("/usr/share/maven-repo", null), settings);
        Assert.Equal(["public:maven-central"], registries.Keys);
        Assert.Equal(("maven", "/usr/share/maven-repo"), (registries["public:maven-central"].Format, ((MavenRepositoryDirectory)registries["public:maven-central"]).Root));
    }

    [Fact]
    public void Resolve_WhenAnOverrideIsRelative_ShouldRecordItsFullPath()
    {
        var npm = NewDirectory("npm");
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, npm);

        var settings = ExternalRegistrySettings.Resolve(Data, null, relative);

        Assert.Equal(npm, settings.Npmjs);
        Assert.Equal(("npm", npm), (settings.CreateRegistries()["public:npmjs"].Format, ((NpmRegistryDirectory)settings.CreateRegistries()["public:npmjs"]).Root));
    }

    [Theory]
    [InlineData(true, "--maven-central DIR: directory not found")]
    [InlineData(false, "--npmjs DIR: directory not found")]
    public void Resolve_WhenAnOverrideDirectoryIsMissing_ShouldFailNamingTheOptionAndRecordNothing(bool maven, string message)
    {
        var missing = _folder.File("missing");

        var error = Assert.Throws<ArgumentException>(() => ExternalRegistrySettings.Resolve(Data, maven ? missing : null, maven ? null : missing));

        Assert.Equal($"{message}: {missing}", error.Message);
        Assert.False(File.Exists(Path.Combine(Data, ExternalRegistrySettings.FileName)));
    }

    [Fact]
    public void Resolve_WhenARecordedDirectoryHasVanished_ShouldYieldARegistryThatFindsNothing()
    {
        var maven = NewDirectory("maven");
        ExternalRegistrySettings.Resolve(Data, maven, null);
        Directory.Delete(maven);

        var registry = ExternalRegistrySettings.Resolve(Data, null, null).CreateRegistries()["public:maven-central"];

        Assert.Null(registry.FindVersion("org.apache.commons", "commons-lang3", "3.12.0"));
    }
}
