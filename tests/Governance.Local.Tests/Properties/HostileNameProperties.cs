using System.Net;
using System.Text;
using CsCheck;
using Governance.Core.Tests.Properties;
using Governance.TestSupport;

namespace Governance.Local.Tests.Properties;

/// <summary>
/// Issue 15, point 2: hostile names sent over HTTP to the local stack for every format it serves (generic, npm,
/// Maven, and the API and repository paths of PyPI and NuGet). Each is refused with a 4xx (a ValidationException on
/// the API) or stored and served back byte for byte; never a 5xx; and nothing outside the data folder is written
/// (its parent is listed before and after) or served (canary files there never appear in an answer).
/// </summary>
public sealed class HostileNameProperties : IAsyncLifetime
{
    private const string Domain = "hostile";
    private const string Repository = "hostile-names";

    private readonly TempFolder _parent = new();
    private readonly string _canary = "CANARY-" + Guid.NewGuid().ToString("N");
    private LocalStackHarness _stack = null!;
    private LocalStackNameDriver _driver = null!;
    private int _serial;
    private int _stored;
    private int _refused;

    public async Task InitializeAsync()
    {
        // The data folder's parent holds files a traversal would reach: they must never change or be served.
        await File.WriteAllTextAsync(_parent.File("canary.txt"), _canary);
        Directory.CreateDirectory(_parent.File("sibling"));
        await File.WriteAllTextAsync(Path.Combine(_parent.Path, "sibling", "package.tgz"), _canary);
        _stack = await LocalStackHarness.StartAsync(dataFolder: _parent.File("data"));
        _driver = await LocalStackNameDriver.CreateAsync(_stack, Domain, Repository);
    }

    public async Task DisposeAsync()
    {
        _driver.Dispose();
        await _stack.DisposeAsync();
        _parent.Dispose();
    }

    /// <summary>Every file and folder beside the data folder, with size and write time.</summary>
    private List<string> OutsideTheDataFolder()
    {
        var data = _parent.File("data");
        return [.. Directory.EnumerateFileSystemEntries(_parent.Path, "*", SearchOption.AllDirectories)
            .Where(p => p != data && !p.StartsWith(data + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Select(p => File.Exists(p) ? $"{p} {new FileInfo(p).Length} {File.GetLastWriteTimeUtc(p):O}" : $"{p}/")
            .Order(StringComparer.Ordinal)];
    }

    private async Task RunAsync(Gen<string> names, Func<string, int, Task> property, int iterations, bool stores = true)
    {
        var before = OutsideTheDataFolder();
        await names.SampleAsync(name => property(name, Interlocked.Increment(ref _serial)), iter: iterations, threads: 2, print: TestText.Show);
        Assert.Equal(before, OutsideTheDataFolder());
        AssertBothOutcomesWereSeen(iterations, stores);
    }

    // A property whose every name was refused (or stored) would prove little: both outcomes must have been tried.
    private void AssertBothOutcomesWereSeen(int iterations, bool stores)
    {
        Assert.True(_refused > iterations / 10, $"only {_refused} of {iterations} names were refused");
        Assert.True(!stores || _stored > iterations / 10, $"only {_stored} of {iterations} names were stored");
    }

    private void Stored() => Interlocked.Increment(ref _stored);

    private void Refused() => Interlocked.Increment(ref _refused);

    private void Check(Answer answer, string what)
    {
        Assert.True((int)answer.Status < 500, $"{what}: {answer}");
        Assert.DoesNotContain(_canary, answer.Text, StringComparison.Ordinal);
    }

    private static void AssertValidationError(Answer answer, string what)
    {
        Assert.True(answer.Status == HttpStatusCode.BadRequest && answer.ErrorType == "ValidationException", $"{what}: expected a ValidationException, got {answer}");
    }

    private static byte[] Content(string name, int serial) => Encoding.UTF8.GetBytes($"content of {serial} for {TestText.Show(name)}");

    [Fact]
    public async Task PublishPackageVersion_WhenTheNamespaceNameOrVersionIsHostile_ShouldRefuseWithAValidationExceptionOrServeItBackExactly()
    {
        var coordinates = Gen.Select(HostileNames.Any, Gen.Int[0, 5]);
        var before = OutsideTheDataFolder();
        await coordinates.SampleAsync(async (name, slot) =>
        {
            var serial = Interlocked.Increment(ref _serial);
            // Mostly the package name is hostile; sometimes the namespace or the version instead.
            var (ns, package, version) = slot switch
            {
                0 => (name, $"pkg-{serial}", "1.0.0"),
                1 => ("hostile", $"pkg-{serial}", name),
                _ => ("hostile", name, $"1.0.{serial}"),
            };
            var content = Content(name, serial);
            var published = await _driver.PublishGenericAsync(ns, package, version, content);
            Check(published, "publish");
            if (!HostileNames.Storable(ns) || !HostileNames.Storable(package) || !HostileNames.Storable(version))
            {
                AssertValidationError(published, "publish");
                Refused();
                return;
            }

            Assert.True(published.Status == HttpStatusCode.OK, $"a storable name was refused: {published}");
            Stored();
            var asset = await _driver.GetAssetAsync("generic", ns, package, version, "asset.bin");
            Check(asset, "get asset");
            Assert.Equal(content, asset.Body);
            var described = await _driver.DescribeVersionAsync("generic", ns, package, version);
            Check(described, "describe");
            Assert.Equal((ns, package, version), (LocalStackNameDriver.VersionProperty(described, "namespace"), LocalStackNameDriver.VersionProperty(described, "packageName"), LocalStackNameDriver.VersionProperty(described, "version")));
        }, iter: 1_000, threads: 2, print: t => $"{TestText.Show(t.Item1)} in slot {t.Item2}");
        Assert.Equal(before, OutsideTheDataFolder());
        AssertBothOutcomesWereSeen(1_000, stores: true);
    }

    /// <summary>
    /// Every hostile name, "/-/" included: the npm endpoint once read a decoded "/-/" in a PUT's path as a tarball path
    /// and published the part before it under a name the client never sent (input "\uFFFF~../-/", seed 0QqJXNxkSWL2).
    /// </summary>
    private static readonly Gen<string> NpmNames = HostileNames.Any;

    [Fact]
    public Task NpmPublish_WhenThePackageNameIsHostile_ShouldRefuseWith4xxOrServeItBackExactly() =>
        RunAsync(NpmNames, async (name, serial) =>
        {
            var version = $"1.0.{serial}";
            var tarball = Content(name, serial);
            var published = await _driver.PublishNpmAsync(name, version, tarball);
            Check(published, "npm publish");
            // npm's own spelling of a scope: @scope/name is the namespace 'scope' and the name 'name'.
            var slash = name.IndexOf('/', StringComparison.Ordinal);
            var (ns, package) = name.StartsWith('@') && slash > 1 ? (name[1..slash], name[(slash + 1)..]) : ((string?)null, name);
            if ((ns is not null && !HostileNames.Storable(ns)) || !HostileNames.Storable(package))
            {
                Assert.True(published.Status is >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError, $"npm publish of an unstorable name: {published}");
                Refused();
                return;
            }
            if (published.Status >= HttpStatusCode.BadRequest)
            {
                // npm's own name rules may refuse more than CodeArtifact's; the refusal must say why.
                Assert.Contains("error", published.Text, StringComparison.Ordinal);
                Refused();
                return;
            }

            Stored();

            var asset = await _driver.GetAssetAsync("npm", ns, package, version, "package.tgz");
            Check(asset, "get npm asset");
            Assert.Equal(tarball, asset.Body);
            var described = await _driver.DescribeVersionAsync("npm", ns, package, version);
            Assert.Equal(package, LocalStackNameDriver.VersionProperty(described, "packageName"));
        }, iterations: 600);

    [Fact]
    public Task MavenPut_WhenTheArtifactIdIsHostile_ShouldRefuseWith4xxOrServeItBackExactly() =>
        RunAsync(HostileNames.MavenLike, async (name, serial) =>
        {
            var version = $"1.0.{serial}";
            var jar = Content(name, serial);
            var put = await _driver.PutMavenAsync("org.hostile", name, version, jar);
            Check(put, "maven put");
            if (!HostileNames.Storable(name))
            {
                Assert.True(put.Status is >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError, $"maven put of an unstorable name: {put}");
                Refused();
                return;
            }
            if (put.Status >= HttpStatusCode.BadRequest)
            {
                // The repository layout refuses more (a '..' or '.' segment, a backslash): answered, never stored.
                Assert.NotEmpty(put.Body);
                Refused();
                return;
            }

            Stored();

            var asset = await _driver.GetAssetAsync("maven", "org.hostile", name, version, $"{name}-{version}.jar");
            Check(asset, "get maven asset");
            Assert.Equal(jar, asset.Body);
        }, iterations: 600);

    [Fact]
    public Task ReadPaths_WhenAPypiOrNugetNameIsHostile_ShouldAnswer4xxNamingTheBrokenRuleOrTheMissingPackage() =>
        RunAsync(HostileNames.Any, async (name, serial) =>
        {
            foreach (var format in new[] { "pypi", "nuget" })
            {
                var described = await _driver.DescribeVersionAsync(format, null, name, "1.0.0");
                Check(described, $"describe {format}");
                // A read checks the model's pattern only; a name that passes it is simply not there.
                if (HostileNames.MatchesModel(name))
                {
                    Assert.True(described.Status == HttpStatusCode.NotFound && described.ErrorType == "ResourceNotFoundException", $"describe {format}: {described}");
                }
                else
                {
                    AssertValidationError(described, $"describe {format}");
                    Refused();
                }
            }
            var simple = await _driver.GetRepositoryPathAsync("pypi", $"simple/{HostileNames.Encode(name)}/");
            Check(simple, "pypi simple index");
            var index = await _driver.GetRepositoryPathAsync("nuget", $"v3/package/{HostileNames.Encode(name.ToLowerInvariant())}/index.json");
            Check(index, "nuget flat container");
            Assert.True(simple.Status >= HttpStatusCode.BadRequest && index.Status >= HttpStatusCode.BadRequest, $"{simple} / {index}");
        }, iterations: 400, stores: false);
}
