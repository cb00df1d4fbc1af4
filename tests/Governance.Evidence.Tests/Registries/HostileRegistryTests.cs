using System.Text;
using Governance.Core.Evidence;
using Governance.Core.Integrity;
using Governance.Evidence.Registries;
using Microsoft.AspNetCore.Http;

namespace Governance.Evidence.Tests.Registries;

/// <summary>The adapters against servers that fail, stall, flood or garble: never a throw, always a reason.</summary>
public sealed class HostileRegistryTests
{
    private static readonly HttpClient Client = new();
    private static readonly EvidenceHttpOptions Quick = new(TimeSpan.FromSeconds(2), 3, 64 * 1024, TimeSpan.FromMilliseconds(10));
    private static readonly string Sha1 = new('a', 40);

    [Fact]
    public async Task Maven_WhenOnlySha1IsPublished_ShouldAskStrongestFirstAndStopAtTheFirstFound()
    {
        await using var server = await HostileServer.StartAsync(context => context.Request.Path.Value!.EndsWith(".sha1", StringComparison.Ordinal)
            ? HostileServer.Text(context, 200, Sha1 + "  demo-1.0.0.jar\n")
            : HostileServer.Text(context, 404, "no"));

        var evidence = await Maven(server).DescribeAsync(MavenId, [RegistryStandIns.Asset("demo-1.0.0.jar")], CancellationToken.None);

        Assert.Equal(RegistryStatus.Found, evidence.Status);
        Assert.Equal(Sha1, evidence.Assets["demo-1.0.0.jar"][HashKind.Sha1]);
        Assert.Equal(
            ["GET /org/example/demo/1.0.0/demo-1.0.0.jar.sha512", "GET /org/example/demo/1.0.0/demo-1.0.0.jar.sha256", "GET /org/example/demo/1.0.0/demo-1.0.0.jar.sha1"],
            server.Requests);
    }

    [Fact]
    public async Task Maven_WhenTheStrongestFileIsGarbled_ShouldFallBackToAReadableOne()
    {
        await using var server = await HostileServer.StartAsync(context => context.Request.Path.Value!.EndsWith(".sha512", StringComparison.Ordinal)
            ? HostileServer.Text(context, 200, "<html>not a checksum</html>")
            : context.Request.Path.Value!.EndsWith(".sha1", StringComparison.Ordinal) ? HostileServer.Text(context, 200, Sha1) : HostileServer.Text(context, 404, ""));

        var evidence = await Maven(server).DescribeAsync(MavenId, [RegistryStandIns.Asset("demo-1.0.0.jar")], CancellationToken.None);

        Assert.Equal(RegistryStatus.Found, evidence.Status);
        Assert.Equal([HashKind.Sha1], evidence.Assets["demo-1.0.0.jar"].Keys);
    }

    [Fact]
    public async Task Maven_WhenEveryFileIsGarbled_ShouldBeUnreachableSayingWhy()
    {
        await using var server = await HostileServer.StartAsync(context => HostileServer.Text(context, 200, "zz"));

        var evidence = await Maven(server).DescribeAsync(MavenId, [RegistryStandIns.Asset("demo-1.0.0.jar")], CancellationToken.None);

        Assert.Equal(RegistryStatus.Unreachable, evidence.Status);
        Assert.Contains("does not hold a SHA-512 digest", evidence.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Maven_When503ThenOk_ShouldRetryAndFind()
    {
        var calls = 0;
        await using var server = await HostileServer.StartAsync(context => Interlocked.Increment(ref calls) == 1
            ? HostileServer.Text(context, 503, "busy")
            : HostileServer.Text(context, 200, new string('b', 128)));

        var evidence = await Maven(server).DescribeAsync(MavenId, [RegistryStandIns.Asset("demo-1.0.0.jar")], CancellationToken.None);

        Assert.Equal(RegistryStatus.Found, evidence.Status);
        Assert.Equal(new string('b', 128), evidence.Assets["demo-1.0.0.jar"][HashKind.Sha512]);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Maven_WhenAlways500_ShouldBeUnreachableNamingTheAssetAndAttempts_WithoutAskingWeakerFiles()
    {
        await using var server = await HostileServer.StartAsync(context => HostileServer.Text(context, 500, "down"));

        var evidence = await Maven(server).DescribeAsync(MavenId, [RegistryStandIns.Asset("demo-1.0.0.jar")], CancellationToken.None);

        Assert.Equal(RegistryStatus.Unreachable, evidence.Status);
        Assert.Contains("demo-1.0.0.jar: .sha512 answered HTTP 500", evidence.Problem, StringComparison.Ordinal);
        Assert.Contains("(3 attempts)", evidence.Problem, StringComparison.Ordinal);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Maven_WhenTheServerStalls_ShouldTimeOutAsUnreachable()
    {
        await using var server = await HostileServer.StartAsync(async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        var options = Quick with { Timeout = TimeSpan.FromMilliseconds(300), Attempts = 2 };

        var evidence = await new MavenCentralRegistry(Client, server.BaseUrl, options).DescribeAsync(MavenId, [RegistryStandIns.Asset("demo-1.0.0.jar")], CancellationToken.None);

        Assert.Equal(RegistryStatus.Unreachable, evidence.Status);
        Assert.Contains("did not answer within", evidence.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Npm_WhenThePackumentIsLargerThanTheBound_ShouldRefuseItAsUnreachable()
    {
        await using var server = await HostileServer.StartAsync(async context =>
        {
            var chunk = Encoding.ASCII.GetBytes(new string(' ', 16 * 1024));
            await context.Response.Body.WriteAsync(Encoding.ASCII.GetBytes("{\"versions\":{"));
            for (var i = 0; i < 64 && !context.RequestAborted.IsCancellationRequested; i++)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted).AsTask().ContinueWith(_ => { }, TaskScheduler.Default);
            }
        });

        var evidence = await new NpmRegistry(Client, server.BaseUrl, Quick).DescribeAsync(NpmId, [], CancellationToken.None);

        Assert.Equal(RegistryStatus.Unreachable, evidence.Status);
        Assert.Contains("more than", evidence.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"versions\":{\"1.0.0\":{\"dist\":")]
    [InlineData("[1,2,3]")]
    [InlineData("<html>maintenance</html>")]
    public async Task Npm_WhenThePackumentIsNotReadable_ShouldBeUnreachableSayingSo(string body)
    {
        await using var server = await HostileServer.StartAsync(context => HostileServer.Text(context, 200, body));

        var evidence = await new NpmRegistry(Client, server.BaseUrl, Quick).DescribeAsync(NpmId, [], CancellationToken.None);

        Assert.Equal(RegistryStatus.Unreachable, evidence.Status);
        Assert.Contains("cannot be read", evidence.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Npm_WhenScoped_ShouldSendTheEncodedSlash()
    {
        await using var server = await HostileServer.StartAsync(context => HostileServer.Text(context, 404, "{}"));

        var evidence = await new NpmRegistry(Client, server.BaseUrl, Quick).DescribeAsync(RegistryStandIns.Id("npm", "acme", "ui-kit", "1.0.0"), [], CancellationToken.None);

        Assert.Equal(RegistryStatus.NotFound, evidence.Status);
        Assert.Equal(["GET /@acme%2Fui-kit"], server.Requests.Select(r => r.Replace("%2f", "%2F", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Pypi_WhenTheApiAnswersGarbage_ShouldBeUnreachable_AndWhen404_NotFound()
    {
        await using var server = await HostileServer.StartAsync(context => context.Request.Path.Value!.Contains("/missing/", StringComparison.Ordinal)
            ? HostileServer.Text(context, 404, "")
            : HostileServer.Text(context, 200, "{not json"));
        var registry = new PypiRegistry(Client, server.BaseUrl, Quick);

        var garbled = await registry.DescribeAsync(RegistryStandIns.Id("pypi", null, "demo", "1.0"), [], CancellationToken.None);
        var missing = await registry.DescribeAsync(RegistryStandIns.Id("pypi", null, "missing", "1.0"), [], CancellationToken.None);

        Assert.Equal(RegistryStatus.Unreachable, garbled.Status);
        Assert.Equal(RegistryStatus.NotFound, missing.Status);
    }

    [Fact]
    public async Task Describe_WhenTheCallerCancels_ShouldThrowCancellation()
    {
        await using var server = await HostileServer.StartAsync(async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Maven(server).DescribeAsync(MavenId, [RegistryStandIns.Asset("demo-1.0.0.jar")], cancel.Token));
    }

    private static Core.Packages.PackageVersionId MavenId => RegistryStandIns.Id("maven", "org.example", "demo", "1.0.0");

    private static Core.Packages.PackageVersionId NpmId => RegistryStandIns.Id("npm", null, "demo", "1.0.0");

    private static MavenCentralRegistry Maven(HostileServer server) => new(Client, server.BaseUrl, Quick);
}
