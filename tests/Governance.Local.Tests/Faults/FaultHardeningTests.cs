using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Governance.Local.Faults;
using Governance.Local.Tests.Support;
using Governance.TestSupport;

namespace Governance.Local.Tests.Faults;

/// <summary>
/// Issue 15, the fault injector's share: fault specs are strict, corruption in transit never repeats itself on a tiny
/// asset, and the <c>/_local/</c> control endpoints refuse what a web page could send.
/// </summary>
public sealed class FaultHardeningTests : IAsyncLifetime
{
    private LocalStackHarness _stack = null!;
    private static readonly byte[] OneByte = [0x41];

    public async Task InitializeAsync()
    {
        _stack = await LocalStackHarness.StartAsync();
        _stack.Stack.CodeArtifact.CreateDomain("000000000000", "tiny", null);
        _stack.Stack.CodeArtifact.CreateRepository("tiny", null, "repo", null, null);
        await PublishAsync("one.bin", OneByte);
        await PublishAsync("empty.bin", []);
    }

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    private async Task PublishAsync(string asset, byte[] content)
    {
        using var client = new RawAwsClient(_stack.Stack.BaseUrl);
        var package = Path.GetFileNameWithoutExtension(asset);
        using var published = await client.SendAsync(HttpMethod.Post,
            $"/v1/package/version/publish?domain=tiny&repository=repo&format=generic&namespace=ns&package={package}&version=1.0.0&asset={asset}",
            new ByteArrayContent(content), Convert.ToHexStringLower(SHA256.HashData(content)));
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
    }

    private static string AssetPath(string asset) =>
        $"/v1/package/version/asset?domain=tiny&repository=repo&format=generic&namespace=ns&package={Path.GetFileNameWithoutExtension(asset)}&version=1.0.0&asset={asset}";

    private async Task<byte[]> DownloadAsync(string asset)
    {
        using var client = new RawAwsClient(_stack.Stack.BaseUrl);
        using var response = await client.SendAsync(HttpMethod.Get, AssetPath(asset), null, RawAwsClient.EmptySha256);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    // ---- item 4: fault specs ----

    [Theory]
    [InlineData("throttle=NaN", "throttle")]
    [InlineData("5xx=Infinity", "5xx")]
    [InlineData("reset=-Infinity", "reset")]
    [InlineData("corrupt=-0.1", "corrupt")]
    [InlineData("duplicate-events=1.5", "duplicate-events")]
    [InlineData("reorder-events=", "reorder-events")]
    public void Parse_WhenAProbabilityIsNotANumberFromZeroToOne_ShouldNameTheFieldAndTheAcceptedForm(string spec, string field)
    {
        var message = Assert.Throws<FormatException>(() => FaultSettings.Parse(spec)).Message;

        Assert.Contains($"'{field}'", message, StringComparison.Ordinal);
        Assert.Contains($"e.g. {field}=0.1", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("seed=1.5")]
    [InlineData("seed=99999999999")]
    [InlineData("seed=0x10")]
    public void Parse_WhenTheSeedIsNotAnInt32_ShouldSaySo(string spec) =>
        Assert.Contains("seed must be an integer from -2147483648 to 2147483647 (e.g. seed=42)",
            Assert.Throws<FormatException>(() => FaultSettings.Parse(spec)).Message, StringComparison.Ordinal);

    [Fact]
    public void Parse_WhenAFaultIsGivenTwice_ShouldRefuseRatherThanKeepTheLast() =>
        Assert.Contains("'throttle' is given twice", Assert.Throws<FormatException>(() => FaultSettings.Parse("throttle=0.1,throttle=1")).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("throttle=0.1,5xx=0.05,reset=0.05,corrupt=0.02,duplicate-events=0.1,reorder-events=0.1,seed=42")]
    [InlineData(" throttle = 1e-1 , seed = -2147483648 ")]
    [InlineData("throttle=1,5xx=1,reset=1,corrupt=1,duplicate-events=1,reorder-events=1")]
    [InlineData("corrupt=-0")]
    public void Parse_WhenTheSpecIsValid_ShouldGiveSettingsTheInjectorAccepts(string spec)
    {
        var settings = FaultSettings.Parse(spec);

        var injector = new FaultInjector(settings);
        Assert.Equal(settings, injector.Settings);
        Assert.DoesNotContain("-0", settings.ToString().Replace("seed=-2147483648", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Injector_WhenGivenNaNInCode_ShouldRefuseItAsTheCommandLineDoes()
    {
        Assert.Contains("'throttle'", Assert.Throws<FormatException>(() => new FaultInjector(new FaultSettings(Throttle: double.NaN))).Message, StringComparison.Ordinal);
        var injector = new FaultInjector(FaultSettings.None);
        Assert.Throws<FormatException>(() => injector.Configure(new FaultSettings(Corrupt: 2)));
        Assert.Equal(FaultSettings.None, injector.Settings);
    }

    [Theory]
    [InlineData("{\"throttle\":\"1,seed=5\"}")]
    [InlineData("{\"throttle\":true}")]
    [InlineData("[1]")]
    [InlineData("{\"spec\":7}")]
    public async Task FaultsEndpoint_WhenAFieldIsNotANumber_ShouldAnswer400AndChangeNothing(string body)
    {
        using var http = new HttpClient { BaseAddress = _stack.Stack.BaseUrl };
        ControlEndpoints.AddGuardHeader(http);

        using var response = await http.PostAsync(new Uri("/_local/faults", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(FaultSettings.None, _stack.Stack.Faults.Settings);
    }

    [Fact]
    public async Task FaultsEndpoint_WhenGivenTheJsonFieldForm_ShouldConfigureTheInjector()
    {
        using var http = new HttpClient { BaseAddress = _stack.Stack.BaseUrl };
        ControlEndpoints.AddGuardHeader(http);

        using var response = await http.PostAsync(new Uri("/_local/faults", UriKind.Relative),
            new StringContent("{\"throttle\":0.25,\"seed\":\"7\"}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new FaultSettings(Throttle: 0.25, Seed: 7), _stack.Stack.Faults.Settings);
    }

    // ---- item 5: corruption of tiny assets ----

    [Fact]
    public void DownloadFault_WhenCorruptingAOneByteAssetAgain_ShouldNeverRepeatTheSameDamage()
    {
        var injector = new FaultInjector(new FaultSettings(Corrupt: 1, Seed: 7));

        var faults = Enumerable.Range(0, 255).Select(_ => injector.DownloadFault(1)).ToList();

        Assert.All(faults, f => Assert.Equal(DownloadFaultKind.Corrupt, f.Kind));
        Assert.All(faults, f => Assert.Equal(0, f.Offset));
        Assert.All(faults, f => Assert.NotEqual(0, f.Mask));
        Assert.Equal(255, faults.Select(f => f.Mask).Distinct().Count());
    }

    [Fact]
    public async Task Corrupt_WhenTheAssetIsOneByte_ShouldServeDifferentWrongBytesOnEachDownload()
    {
        _stack.Stack.Faults.Configure(new FaultSettings(Corrupt: 1, Seed: 7));

        var first = await DownloadAsync("one.bin");
        var second = await DownloadAsync("one.bin");

        Assert.Single(first);
        Assert.Single(second);
        Assert.NotEqual(OneByte, first);
        Assert.NotEqual(OneByte, second);
        // Equal damage twice is what tampering at rest looks like: transit corruption must not produce it.
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Corrupt_WhenTheAssetIsEmpty_ShouldBreakTheDownloadInsteadOfServingItClean()
    {
        Assert.Empty(await DownloadAsync("empty.bin"));
        _stack.Stack.Faults.Configure(new FaultSettings(Corrupt: 1, Seed: 7));

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => DownloadAsync("empty.bin"));
    }

    [Fact]
    public async Task Reset_WhenTheAssetIsEmpty_ShouldDropTheConnection()
    {
        _stack.Stack.Faults.Configure(new FaultSettings(Reset: 1, Seed: 7));

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => DownloadAsync("empty.bin"));
    }

    // ---- item 6: control endpoints and cross-site requests ----

    [Fact]
    public async Task ControlEndpoints_WhenAWebPagePostsWithoutTheHeader_ShouldRefuseWith403AndChangeNothing()
    {
        using var http = new HttpClient { BaseAddress = _stack.Stack.BaseUrl };
        http.DefaultRequestHeaders.Add("Origin", "https://evil.example");

        // A cross-site form post: a "simple" request a browser sends without a preflight.
        using var faults = await http.PostAsync(new Uri("/_local/faults", UriKind.Relative),
            new StringContent("{\"spec\":\"corrupt=1\"}", System.Text.Encoding.UTF8, "text/plain"));
        using var corrupt = await http.PostAsync(new Uri("/_local/corrupt-asset", UriKind.Relative), new StringContent(
            "{\"domain\":\"tiny\",\"repository\":\"repo\",\"format\":\"generic\",\"namespace\":\"ns\",\"package\":\"one\",\"version\":\"1.0.0\",\"asset\":\"one.bin\"}",
            System.Text.Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.Forbidden, faults.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, corrupt.StatusCode);
        Assert.Contains("X-Governance-Local", await faults.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(FaultSettings.None, _stack.Stack.Faults.Settings);
        Assert.Equal(OneByte, await DownloadAsync("one.bin"));
    }

    [Theory]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task ControlEndpoints_WhenABrowserSentTheRequest_ShouldRefuseItEvenWithTheHeader(string header, string value)
    {
        using var http = new HttpClient { BaseAddress = _stack.Stack.BaseUrl };
        ControlEndpoints.AddGuardHeader(http);
        http.DefaultRequestHeaders.Add(header, value);

        using var response = await http.PostAsJsonAsync(new Uri("/_local/faults", UriKind.Relative), new Dictionary<string, string> { ["spec"] = "throttle=1" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(FaultSettings.None, _stack.Stack.Faults.Settings);
    }

    [Fact]
    public async Task ControlEndpoints_WhenALocalToolSendsTheHeader_ShouldAccept()
    {
        using var http = new HttpClient { BaseAddress = _stack.Stack.BaseUrl };
        ControlEndpoints.AddGuardHeader(http);

        using var health = await http.GetAsync(new Uri("/_local/health", UriKind.Relative));
        using var faults = await http.PostAsJsonAsync(new Uri("/_local/faults", UriKind.Relative), new Dictionary<string, string> { ["spec"] = "seed=5" });

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, faults.StatusCode);
        Assert.Equal(5, _stack.Stack.Faults.Settings.Seed);
    }
}
