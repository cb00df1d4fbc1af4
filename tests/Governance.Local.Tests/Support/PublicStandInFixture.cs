using Governance.Local.PublicRegistries;
using Governance.Local.Upstream;
using Governance.TestSupport;

namespace Governance.Local.Tests.Support;

/// <summary>A local stack serving a small Maven layout, an npm packument and a PyPI release at <c>/public/…</c>.</summary>
public sealed class PublicStandInFixture : IAsyncDisposable
{
    public static readonly DateTimeOffset JarTime = new(2021, 6, 7, 8, 9, 10, TimeSpan.Zero);

    private readonly TempFolder _folder;

    private PublicStandInFixture(TempFolder folder, LocalStackHarness stack)
    {
        _folder = folder;
        Harness = stack;
    }

    public LocalStackHarness Harness { get; }

    public LocalStack Stack => Harness.Stack;

    public string Root => _folder.Path;

    public string VersionFolder => Path.Combine(Root, "maven", "com", "example", "lib", "2.0");

    public string Jar => Path.Combine(VersionFolder, "lib-2.0.jar");

    public string Wheel => Path.Combine(Root, "pypi", "my-lib", "3.1", "my_lib-3.1-py3-none-any.whl");

    public string NpmTarball => Path.Combine(Root, "npm", "@acme", "widget", "-", "widget-1.0.0.tgz");

    public Uri Url(string path) => new(Stack.BaseUrl, path);

    public static async Task<PublicStandInFixture> StartAsync()
    {
        var folder = new TempFolder();
        var version = Directory.CreateDirectory(Path.Combine(folder.Path, "maven", "com", "example", "lib", "2.0")).FullName;
        var jar = Path.Combine(version, "lib-2.0.jar");
        await File.WriteAllBytesAsync(jar, Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7)).ToArray());
        File.SetLastWriteTimeUtc(jar, JarTime.UtcDateTime);
        await File.WriteAllTextAsync(Path.Combine(version, "lib-2.0.pom"), "<project/>");
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "secret.txt"), "top secret outside the layout");

        var scratch = Directory.CreateDirectory(Path.Combine(folder.Path, "scratch")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(scratch, "widget.tgz"), Enumerable.Range(0, 900).Select(i => (byte)i).ToArray());
        NpmRegistryDirectory.AddVersion(Path.Combine(folder.Path, "npm"), """{"name":"@acme/widget","version":"1.0.0"}""", Path.Combine(scratch, "widget.tgz"), JarTime);
        await File.WriteAllBytesAsync(Path.Combine(scratch, "my_lib-3.1-py3-none-any.whl"), Enumerable.Range(0, 1200).Select(i => (byte)(i * 3)).ToArray());
        PypiDirectory.AddFile(Path.Combine(folder.Path, "pypi"), "My.Lib", "3.1", Path.Combine(scratch, "my_lib-3.1-py3-none-any.whl"), JarTime);

        var stack = await LocalStackHarness.StartAsync(Path.Combine(folder.Path, "data"), configure: options => options with
        {
            MavenCentralDirectory = Path.Combine(folder.Path, "maven"),
            NpmjsDirectory = Path.Combine(folder.Path, "npm"),
            PypiDirectory = Path.Combine(folder.Path, "pypi"),
        });
        return new PublicStandInFixture(folder, stack);
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.DisposeAsync();
        _folder.Dispose();
    }
}
