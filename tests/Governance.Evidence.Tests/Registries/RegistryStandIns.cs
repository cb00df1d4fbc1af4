using System.Text;
using Governance.Core.Packages;
using Governance.Local;
using Governance.Local.PublicRegistries;
using Governance.Local.Storage;
using Governance.Local.Upstream;
using Governance.TestSupport;

namespace Governance.Evidence.Tests.Registries;

/// <summary>
/// A local stack whose Maven Central, npmjs and PyPI stand-ins hold one small release each, served over real HTTP at
/// <c>/public/…</c>; the digests of every fixture file are known to the tests (computed here, independently of the stand-ins).
/// </summary>
public sealed class RegistryStandIns : IAsyncDisposable
{
    public static readonly DateTimeOffset PomTime = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset NpmTime = new(2023, 7, 14, 9, 30, 15, 123, TimeSpan.Zero);
    public static readonly DateTimeOffset WheelTime = new(2022, 1, 2, 3, 4, 5, TimeSpan.Zero);
    public static readonly DateTimeOffset SdistTime = new(2022, 1, 2, 3, 0, 0, TimeSpan.Zero);

    private readonly TempFolder _root;

    private RegistryStandIns(TempFolder root, LocalStackHarness stack)
    {
        _root = root;
        Harness = stack;
    }

    public LocalStackHarness Harness { get; }

    public LocalStack Stack => Harness.Stack;

    public string MavenRoot => _root.File("maven");

    public string NpmRoot => _root.File("npm");

    public string PypiRoot => _root.File("pypi");

    public string MavenFolder => Path.Combine(MavenRoot, "org", "example", "demo", "1.0.0");

    public Uri MavenBase => new(Stack.BaseUrl, "public/maven-central/");

    public Uri NpmBase => new(Stack.BaseUrl, "public/npmjs/");

    public Uri PypiBase => new(Stack.BaseUrl, "public/pypi/");

    public static async Task<RegistryStandIns> StartAsync()
    {
        var root = new TempFolder("gov-registries");
        var maven = root.Sub(Path.Combine("maven", "org", "example", "demo", "1.0.0"));
        File.WriteAllBytes(Path.Combine(maven, "demo-1.0.0.jar"), Bytes("jar bytes", 5000));
        File.WriteAllText(Path.Combine(maven, "demo-1.0.0.pom"), "<project><modelVersion>4.0.0</modelVersion><groupId>org.example</groupId><artifactId>demo</artifactId><version>1.0.0</version></project>");
        File.SetLastWriteTimeUtc(Path.Combine(maven, "demo-1.0.0.pom"), PomTime.UtcDateTime);

        var npm = root.Sub("npm");
        var scratch = root.Sub("scratch");
        File.WriteAllBytes(Path.Combine(scratch, "left-pad.tgz"), Bytes("left-pad tarball", 3000));
        File.WriteAllBytes(Path.Combine(scratch, "ui-kit.tgz"), Bytes("ui-kit tarball", 4000));
        File.WriteAllBytes(Path.Combine(scratch, "left-pad-old.tgz"), Bytes("left-pad 1.2.0", 1000));
        NpmRegistryDirectory.AddVersion(npm, """{"name":"left-pad","version":"1.2.0"}""", Path.Combine(scratch, "left-pad-old.tgz"), NpmTime.AddDays(-30));
        NpmRegistryDirectory.AddVersion(npm, """{"name":"left-pad","version":"1.3.0","license":"WTFPL"}""", Path.Combine(scratch, "left-pad.tgz"), NpmTime);
        NpmRegistryDirectory.AddVersion(npm, """{"name":"@acme/ui-kit","version":"2.0.0"}""", Path.Combine(scratch, "ui-kit.tgz"), NpmTime);

        var pypi = root.Sub("pypi");
        File.WriteAllBytes(Path.Combine(scratch, "demo_pkg-0.1.0-py3-none-any.whl"), Bytes("wheel", 2000));
        File.WriteAllBytes(Path.Combine(scratch, "demo_pkg-0.1.0.tar.gz"), Bytes("sdist", 2500));
        PypiDirectory.AddFile(pypi, "Demo_Pkg", "0.1.0", Path.Combine(scratch, "demo_pkg-0.1.0-py3-none-any.whl"), WheelTime);
        PypiDirectory.AddFile(pypi, "Demo_Pkg", "0.1.0", Path.Combine(scratch, "demo_pkg-0.1.0.tar.gz"), SdistTime);

        var stack = await LocalStackHarness.StartAsync(root.Sub("data"), configure: options => options with
        {
            MavenCentralDirectory = root.File("maven"),
            NpmjsDirectory = npm,
            PypiDirectory = pypi,
        });
        return new RegistryStandIns(root, stack);
    }

    /// <summary>All four digests of a fixture file, computed in the test process.</summary>
    public static AssetHashes Digests(string path)
    {
        using var hasher = new MultiHasher();
        hasher.Append(File.ReadAllBytes(path));
        return hasher.Finish();
    }

    public string NpmTarball(string? scope, string name, string version) =>
        scope is null ? Path.Combine(NpmRoot, name, "-", $"{name}-{version}.tgz") : Path.Combine(NpmRoot, "@" + scope, name, "-", $"{name}-{version}.tgz");

    public string PypiFile(string fileName) => Path.Combine(PypiRoot, "demo-pkg", "0.1.0", fileName);

    public static PackageVersionId Id(string format, string? ns, string name, string version) => new("d", "111122223333", "r", format, ns, name, version);

    public static AssetDescriptor Asset(string name) => new(name, 1, new Dictionary<string, string>());

    public async ValueTask DisposeAsync()
    {
        await Harness.DisposeAsync();
        _root.Dispose();
    }

    /// <summary>Deterministic, distinct content per label.</summary>
    private static byte[] Bytes(string label, int length)
    {
        var seed = Encoding.UTF8.GetBytes(label);
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)(seed[i % seed.Length] ^ (i * 31));
        }

        return bytes;
    }
}
