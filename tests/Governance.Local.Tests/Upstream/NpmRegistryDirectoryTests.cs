using System.Text;
using System.Text.Json;
using Governance.Local.Upstream;
using Governance.TestSupport;

namespace Governance.Local.Tests.Upstream;

public sealed class NpmRegistryDirectoryTests : IDisposable
{
    private static readonly DateTimeOffset Published = new(2023, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Root => _folder.File("registry");

    [Theory]
    [InlineData(null, "left-pad", "left-pad.json", "left-pad/-/left-pad-1.0.0.tgz")]
    [InlineData("acme", "ui-kit", "@acme/ui-kit.json", "@acme/ui-kit/-/ui-kit-1.0.0.tgz")]
    public void AddVersion_ThenFindVersion_ShouldServeTheTarballAndManifestAtTheRegistryPaths(string? scope, string name, string packument, string tarball)
    {
        var fullName = scope is null ? name : $"@{scope}/{name}";
        var bytes = AddVersion(fullName, "1.0.0", """ "license":"MIT","description":"Pads things","homepage":"https://pad.example" """);

        var found = new NpmRegistryDirectory(Root).FindVersion(scope, name, "1.0.0");

        Assert.NotNull(found);
        Assert.True(File.Exists(Path.Combine(Root, packument)), packument);
        Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(Root, tarball)));
        Assert.Equal((scope, name, "1.0.0", Published), (found.Namespace, found.Name, found.Version, found.PublishedTime));
        var asset = Assert.Single(found.Assets);
        Assert.Equal("package.tgz", asset.Name);
        using (var stream = asset.OpenRead())
        using (var copy = new MemoryStream())
        {
            stream.CopyTo(copy);
            Assert.Equal(bytes, copy.ToArray());
        }

        Assert.Equal(("MIT", "Pads things", "https://pad.example"), (Assert.Single(found.Metadata.Licenses).Name, found.Metadata.Summary, found.Metadata.HomePage));
        Assert.Equal(fullName, JsonDocument.Parse(found.Metadata.NpmManifestJson!).RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public void AddVersion_ShouldRecordTheTarballsSha1AndSha512()
    {
        AddVersion("hello", "1.0.0", null, Encoding.ASCII.GetBytes("hello"));

        var dist = Packument("hello.json").GetProperty("versions").GetProperty("1.0.0").GetProperty("dist");

        Assert.Equal("aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d", dist.GetProperty("shasum").GetString());
        Assert.Equal("sha512-m3HSJL1i83hdltRq0+o9czGb+8KJDKra4t/3JRlnPKcjI8PZm6XBHXx6zG4UuMXaDEZjR1wuXDre9G9zvN7AQw==", dist.GetProperty("integrity").GetString());
        Assert.Equal("https://registry.npmjs.org/hello/-/hello-1.0.0.tgz", dist.GetProperty("tarball").GetString());
    }

    [Fact]
    public void AddVersion_WhenThePackumentExists_ShouldKeepEarlierVersionsAndMoveLatest()
    {
        AddVersion("@acme/ui-kit", "1.0.0", null);
        AddVersion("@acme/ui-kit", "2.0.0", null);

        var packument = Packument("@acme/ui-kit.json");

        Assert.Equal("2.0.0", packument.GetProperty("dist-tags").GetProperty("latest").GetString());
        Assert.Equal(["1.0.0", "2.0.0"], packument.GetProperty("versions").EnumerateObject().Select(version => version.Name));
        Assert.NotNull(new NpmRegistryDirectory(Root).FindVersion("acme", "ui-kit", "1.0.0"));
    }

    [Fact]
    public void FindVersion_WhenThePackumentVersionOrTarballIsMissing_ShouldReturnNull()
    {
        AddVersion("left-pad", "1.0.0", null);
        AddVersion("right-pad", "1.0.0", null);
        File.Delete(Path.Combine(Root, "right-pad/-/right-pad-1.0.0.tgz"));
        var registry = new NpmRegistryDirectory(Root);

        Assert.NotNull(registry.FindVersion(null, "left-pad", "1.0.0"));
        Assert.Null(registry.FindVersion(null, "left-pad", "9.9.9"));
        Assert.Null(registry.FindVersion(null, "right-pad", "1.0.0"));
        Assert.Null(registry.FindVersion(null, "no-such-package", "1.0.0"));
    }

    [Fact]
    public void FindVersions_ShouldReadEveryListedVersionWithATarballAsFindVersionDoes()
    {
        AddVersion("@acme/ui-kit", "1.0.0", null);
        AddVersion("@acme/ui-kit", "2.0.0", null);
        AddVersion("@acme/ui-kit", "3.0.0", null);
        File.Delete(Path.Combine(Root, "@acme/ui-kit/-/ui-kit-3.0.0.tgz"));
        var registry = new NpmRegistryDirectory(Root);

        var all = registry.FindVersions("acme", "ui-kit");

        Assert.Equal(["1.0.0", "2.0.0"], all.Select(v => v.Version));
        foreach (var version in all)
        {
            var one = registry.FindVersion("acme", "ui-kit", version.Version)!;
            Assert.Equal((one.Namespace, one.Name, one.PublishedTime, one.Metadata.NpmManifestJson), (version.Namespace, version.Name, version.PublishedTime, version.Metadata.NpmManifestJson));
        }

        Assert.Empty(registry.FindVersions(null, "no-such-package"));
    }

    [Fact]
    public void FindVersion_WhenThePackumentHasNoTime_ShouldUseTheTarballsLastWriteTime()
    {
        AddVersion("left-pad", "1.0.0", null);
        File.WriteAllText(Path.Combine(Root, "left-pad.json"), """{"name":"left-pad","versions":{"1.0.0":{"name":"left-pad","version":"1.0.0"}}}""");
        var written = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(Path.Combine(Root, "left-pad/-/left-pad-1.0.0.tgz"), written);

        var found = new NpmRegistryDirectory(Root).FindVersion(null, "left-pad", "1.0.0");

        Assert.Equal(new DateTimeOffset(written), found?.PublishedTime);
    }

    private JsonElement Packument(string relativePath) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, relativePath))).RootElement;

    private byte[] AddVersion(string name, string version, string? extraFields, byte[]? tarball = null)
    {
        tarball ??= Encoding.UTF8.GetBytes($"tarball of {name}@{version}");
        var tarballPath = _folder.File(Guid.NewGuid().ToString("N") + ".tgz");
        File.WriteAllBytes(tarballPath, tarball);
        var manifest = $$"""{"name":"{{name}}","version":"{{version}}"{{(extraFields is null ? "" : "," + extraFields)}}}""";
        NpmRegistryDirectory.AddVersion(Root, manifest, tarballPath, Published);
        return tarball;
    }
}
