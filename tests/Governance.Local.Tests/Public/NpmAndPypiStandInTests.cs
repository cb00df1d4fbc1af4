using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Governance.Local.Tests.Support;
using Governance.Local.Upstream;
using Governance.TestSupport;

namespace Governance.Local.Tests.PublicRegistries;

public sealed class NpmAndPypiStandInTests : PublicStandInTests
{
    [Theory]
    [InlineData("public/npmjs/@acme%2fwidget")]
    [InlineData("public/npmjs/@acme/widget")]
    public async Task Packument_ShouldCarryTheTarballsIntegrityShasumAndTime(string path)
    {
        using var packument = JsonDocument.Parse(await Client.GetStringAsync(StandIns.Url(path)));

        var version = packument.RootElement.GetProperty("versions").GetProperty("1.0.0");
        var tarball = await File.ReadAllBytesAsync(StandIns.NpmTarball);
        var sha1 = await ProcessRunner.RunAsync("sha1sum", [StandIns.NpmTarball]);
        Assert.Equal("sha512-" + Convert.ToBase64String(SHA512.HashData(tarball)), version.GetProperty("dist").GetProperty("integrity").GetString());
        Assert.Equal(sha1.StandardOutput.Split(' ')[0], version.GetProperty("dist").GetProperty("shasum").GetString());
        Assert.Equal("2021-06-07T08:09:10.000Z", packument.RootElement.GetProperty("time").GetProperty("1.0.0").GetString());
    }

    [Fact]
    public async Task Tarball_ShouldBeServedAtTheRegistryPath_AndUnknownPackagesAre404()
    {
        var bytes = await Client.GetByteArrayAsync(StandIns.Url("public/npmjs/@acme%2fwidget/-/widget-1.0.0.tgz"));
        using var missing = await Client.GetAsync(StandIns.Url("public/npmjs/left-pad"));

        Assert.Equal(await File.ReadAllBytesAsync(StandIns.NpmTarball), bytes);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task PypiJson_ShouldListEachFileWithTheDigestsSha256sumComputesAndItsUploadTime()
    {
        // Asked with the name as a user spells it; the directory holds the PEP 503 form.
        using var release = JsonDocument.Parse(await Client.GetStringAsync(StandIns.Url("public/pypi/pypi/My_Lib/3.1/json")));

        var file = Assert.Single(release.RootElement.GetProperty("urls").EnumerateArray());
        var sha256 = await ProcessRunner.RunAsync("sha256sum", [StandIns.Wheel]);
        var md5 = await ProcessRunner.RunAsync("md5sum", [StandIns.Wheel]);
        Assert.Equal("my_lib-3.1-py3-none-any.whl", file.GetProperty("filename").GetString());
        Assert.Equal(sha256.StandardOutput.Split(' ')[0], file.GetProperty("digests").GetProperty("sha256").GetString());
        Assert.Equal(md5.StandardOutput.Split(' ')[0], file.GetProperty("digests").GetProperty("md5").GetString());
        Assert.Equal("2021-06-07T08:09:10.000000Z", file.GetProperty("upload_time_iso_8601").GetString());
        Assert.Equal(await File.ReadAllBytesAsync(StandIns.Wheel), await Client.GetByteArrayAsync(file.GetProperty("url").GetString()));
    }

    [Fact]
    public async Task PypiJson_WhenTheReleaseFolderHoldsAJsonFile_ShouldServeItAsIs()
    {
        var planted = """{"urls":[{"filename":"my_lib-3.1-py3-none-any.whl","digests":{"sha256":"00"}}]}""";
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(StandIns.Wheel)!, "json"), planted);

        Assert.Equal(planted, await Client.GetStringAsync(StandIns.Url("public/pypi/pypi/my-lib/3.1/json")));
    }

    [Theory]
    [InlineData("public/pypi/pypi/my-lib/9.9/json")]
    [InlineData("public/pypi/pypi/other/3.1/json")]
    [InlineData("public/pypi/packages/my-lib/3.1/json")]
    public async Task PypiUnknown_ShouldBe404(string path)
    {
        using var response = await Client.GetAsync(StandIns.Url(path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task PypiDirectory_ShouldBeRecordedInTheDataFolder_SoARestartServesItToo()
    {
        await StandIns.Stack.StopAsync(CancellationToken.None);
        var restarted = ExternalRegistrySettings.Resolve(StandIns.Stack.Options.DataFolder, null, null);

        Assert.Equal(Path.Combine(StandIns.Root, "pypi"), restarted.Pypi);
    }
}
