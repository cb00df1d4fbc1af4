using System.Net;
using System.Net.Sockets;
using System.Text;
using Governance.Local.Tests.Support;
using Governance.TestSupport;

namespace Governance.Local.Tests.PublicRegistries;

public sealed class MavenCentralStandInTests : PublicStandInTests
{
    [Theory]
    [InlineData("sha1sum", ".sha1")]
    [InlineData("sha256sum", ".sha256")]
    [InlineData("sha512sum", ".sha512")]
    [InlineData("md5sum", ".md5")]
    public async Task ComputedChecksumFile_ShouldEqualWhatTheCoreutilsToolComputes(string tool, string extension)
    {
        var tooled = await ProcessRunner.RunAsync(tool, [StandIns.Jar]);
        Assert.Equal(0, tooled.ExitCode);

        var served = await Client.GetStringAsync(StandIns.Url("public/maven-central/com/example/lib/2.0/lib-2.0.jar" + extension));

        Assert.Equal(tooled.StandardOutput.Split(' ')[0], served);
    }

    [Fact]
    public async Task ChecksumFilePresentInTheDirectory_ShouldBeServedAsIs_EvenWhenWrong()
    {
        var planted = new string('0', 40) + "  lib-2.0.jar\n";
        await File.WriteAllTextAsync(StandIns.Jar + ".sha1", planted);

        var served = await Client.GetStringAsync(StandIns.Url("public/maven-central/com/example/lib/2.0/lib-2.0.jar.sha1"));

        Assert.Equal(planted, served);
    }

    [Fact]
    public async Task Curl_ShouldDownloadTheFileByteForByte_WithLastModifiedFromTheMtime()
    {
        var output = Path.Combine(StandIns.Root, "downloaded.jar");
        var curl = await ProcessRunner.RunAsync("curl", ["-sfS", "-D", "-", "-o", output, StandIns.Url("public/maven-central/com/example/lib/2.0/lib-2.0.jar").AbsoluteUri]);

        Assert.Equal(0, curl.ExitCode);
        Assert.Equal(await File.ReadAllBytesAsync(StandIns.Jar), await File.ReadAllBytesAsync(output));
        Assert.Contains("Last-Modified: Mon, 07 Jun 2021 08:09:10 GMT", curl.StandardOutput, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Head_ShouldGiveLengthAndLastModifiedWithoutABody_ForComputedChecksumsToo()
    {
        using var jar = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, StandIns.Url("public/maven-central/com/example/lib/2.0/lib-2.0.jar")));
        using var checksum = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, StandIns.Url("public/maven-central/com/example/lib/2.0/lib-2.0.jar.sha256")));

        Assert.Equal(HttpStatusCode.OK, jar.StatusCode);
        Assert.Equal(70_000, jar.Content.Headers.ContentLength);
        Assert.Equal(PublicStandInFixture.JarTime, jar.Content.Headers.LastModified);
        Assert.Empty(await jar.Content.ReadAsByteArrayAsync());
        Assert.Equal(64, checksum.Content.Headers.ContentLength);
        Assert.Equal(PublicStandInFixture.JarTime, checksum.Content.Headers.LastModified);
    }

    [Theory]
    [InlineData("public/maven-central/com/example/lib/2.0/lib-9.9.jar")]
    [InlineData("public/maven-central/com/example/lib/2.0/lib-9.9.jar.sha1")]
    [InlineData("public/maven-central/com/example/lib/2.0/lib-2.0.jar.sha1.sha1")]
    [InlineData("public/maven-central/com/example/lib/2.0")]
    public async Task Missing_ShouldBe404(string path)
    {
        using var response = await Client.GetAsync(StandIns.Url(path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/public/maven-central/../../secret.txt")]
    [InlineData("/public/maven-central/%2e%2e/%2e%2e/secret.txt")]
    [InlineData("/public/maven-central/..%2f..%2fsecret.txt")]
    [InlineData("/public/maven-central/com/..%5c..%5c..%5csecret.txt")]
    [InlineData("/public/maven-central//tmp/secret.txt")]
    public async Task PathTraversal_ShouldNeverServeAFileOutsideTheLayout(string rawPath)
    {
        var answer = await RawGetAsync(rawPath);

        Assert.DoesNotContain("top secret", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("HTTP/1.1 200", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RawRequest_ForAFileInTheLayout_ShouldBeServed_SoTheTraversalTestsProveSomething()
    {
        var answer = await RawGetAsync("/public/maven-central/com/example/lib/2.0/./lib-2.0.pom");

        Assert.StartsWith("HTTP/1.1 200", answer, StringComparison.Ordinal);
        Assert.EndsWith("<project/>", answer, StringComparison.Ordinal);
    }

    /// <summary>Sent over a raw socket: HttpClient and curl would normalize dot segments before sending.</summary>
    private async Task<string> RawGetAsync(string rawPath)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, StandIns.Stack.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {rawPath} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
        return await new StreamReader(stream, Encoding.ASCII).ReadToEndAsync();
    }

    [Fact]
    public async Task Post_ShouldBeRefused_TheStandInsAreReadOnly()
    {
        using var response = await Client.PostAsync(StandIns.Url("public/maven-central/com/example/lib/2.0/lib-2.0.jar"), new ByteArrayContent([1]));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
