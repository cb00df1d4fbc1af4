using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Governance.Local.Faults;
using Governance.Local.Tests.Support;
using Governance.TestSupport;

namespace Governance.Local.Tests.Faults;

/// <summary>Seeded, reproducible faults as real clients see them.</summary>
public sealed class FaultInjectionTests : IAsyncLifetime
{
    private LocalStackHarness _stack = null!;
    private readonly byte[] _asset = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("0123456789abcdef", 4096)));

    public async Task InitializeAsync()
    {
        _stack = await LocalStackHarness.StartAsync();
        var service = _stack.Stack.CodeArtifact;
        service.CreateDomain("000000000000", "chaos", null);
        service.CreateRepository("chaos", null, "repo", null, null);
        using var client = new RawAwsClient(_stack.Stack.BaseUrl);
        using var published = await client.SendAsync(HttpMethod.Post, "/v1/package/version/publish?domain=chaos&repository=repo&format=generic&namespace=ns&package=pkg&version=1.0.0&asset=a.bin",
            new ByteArrayContent(_asset), Convert.ToHexStringLower(SHA256.HashData(_asset)));
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
    }

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    private const string AssetPath = "/v1/package/version/asset?domain=chaos&repository=repo&format=generic&namespace=ns&package=pkg&version=1.0.0&asset=a.bin";

    private async Task ConfigureAsync(string spec)
    {
        using var http = new HttpClient { BaseAddress = _stack.Stack.BaseUrl };
        ControlEndpoints.AddGuardHeader(http);
        using var response = await http.PostAsJsonAsync(new Uri("/_local/faults", UriKind.Relative), new Dictionary<string, string> { ["spec"] = spec });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void Parse_WhenGivenTheCommandLineSpec_ShouldReadEveryFault()
    {
        var settings = FaultSettings.Parse("throttle=0.1,5xx=0.05,reset=0.05,corrupt=0.02,duplicate-events=0.1,reorder-events=0.1,seed=42");

        Assert.Equal(new FaultSettings(0.1, 0.05, 0.05, 0.02, 0.1, 0.1, 42), settings);
    }

    [Theory]
    [InlineData("throttle=2", "between 0 and 1")]
    [InlineData("explode=0.1", "unknown fault 'explode'")]
    [InlineData("seed=abc", "seed must be an integer")]
    public void Parse_WhenTheSpecIsWrong_ShouldSayWhatToFix(string spec, string expected) =>
        Assert.Contains(expected, Assert.Throws<FormatException>(() => FaultSettings.Parse(spec)).Message, StringComparison.Ordinal);

    [Fact]
    public async Task Throttle_WhenCertain_ShouldReturn429ThrottlingExceptionWithRetryAfterThatBotocoreParses()
    {
        await ConfigureAsync("throttle=1,seed=1");

        var result = await _stack.AwsAsync(["codeartifact", "list-domains"]);

        Assert.Contains("(ThrottlingException)", result.StandardError, StringComparison.Ordinal);
        using var client = new RawAwsClient(_stack.Stack.BaseUrl);
        using var raw = await client.SendAsync(HttpMethod.Post, "/v1/domains", null, RawAwsClient.EmptySha256);
        Assert.Equal((HttpStatusCode)429, raw.StatusCode);
        Assert.Equal("1", raw.Headers.GetValues("Retry-After").Single());
    }

    [Fact]
    public async Task ServerError_WhenCertain_ShouldReturn500InternalServerException()
    {
        await ConfigureAsync("5xx=1");
        using var client = new RawAwsClient(_stack.Stack.BaseUrl);

        using var response = await client.SendAsync(HttpMethod.Post, "/v1/domains", null, RawAwsClient.EmptySha256);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("InternalServerException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task Reset_WhenCertain_ShouldCutTheAssetBodyShortOfItsLength()
    {
        await ConfigureAsync("reset=1,seed=7");
        using var client = new RawAwsClient(_stack.Stack.BaseUrl);

        using var response = await client.SendAsync(HttpMethod.Get, AssetPath, null, RawAwsClient.EmptySha256);

        Assert.Equal(_asset.Length, response.Content.Headers.ContentLength);
        await Assert.ThrowsAnyAsync<Exception>(async () => await (await response.Content.ReadAsStreamAsync()).CopyToAsync(Stream.Null));
    }

    [Fact]
    public async Task Corrupt_WhenCertain_ShouldServeTheFullLengthWithDifferentBytes()
    {
        await ConfigureAsync("corrupt=1,seed=7");
        using var client = new RawAwsClient(_stack.Stack.BaseUrl);

        using var response = await client.SendAsync(HttpMethod.Get, AssetPath, null, RawAwsClient.EmptySha256);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(_asset.Length, bytes.Length);
        Assert.Equal(1, bytes.Zip(_asset).Count(pair => pair.First != pair.Second));
    }

    [Fact]
    public async Task Faults_WhenReplayedWithTheSameSeed_ShouldHitTheSameRequests()
    {
        async Task<string> RunAsync()
        {
            await ConfigureAsync("throttle=0.3,5xx=0.2,seed=42");
            using var client = new RawAwsClient(_stack.Stack.BaseUrl);
            var statuses = new StringBuilder();
            for (var i = 0; i < 30; i++)
            {
                using var response = await client.SendAsync(HttpMethod.Post, "/v1/domains", null, RawAwsClient.EmptySha256);
                statuses.Append((int)response.StatusCode).Append(',');
            }

            return statuses.ToString();
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(first, second);
        Assert.Contains("429", first, StringComparison.Ordinal);
        Assert.Contains("500", first, StringComparison.Ordinal);
        Assert.Contains("200", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DuplicateAndReorder_WhenCertain_ShouldDeliverEveryEventTwiceAndOutOfOrder()
    {
        var received = new ConcurrentQueue<long>();
        using var subscription = _stack.Stack.Events.Subscribe((json, _) =>
        {
            received.Enqueue(JsonDocument.Parse(json).RootElement.GetProperty("detail").GetProperty("sequenceNumber").GetInt64());
            return Task.CompletedTask;
        });
        await ConfigureAsync("duplicate-events=1,reorder-events=1,seed=3");
        var coordinate = new Governance.Local.CodeArtifact.PackageCoordinate("chaos", null, "repo", "generic", "ns", "pkg");

        _stack.Stack.CodeArtifact.UpdatePackageVersionsStatus(coordinate, ["1.0.0"], null, null, "Unlisted");
        _stack.Stack.CodeArtifact.UpdatePackageVersionsStatus(coordinate, ["1.0.0"], null, null, "Published");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (received.Count < 4 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        // Event 2 (Unlisted) was held back until event 3 (Published) went out; each was delivered twice.
        Assert.Equal([3L, 3L, 2L, 2L], received.ToArray());
    }

    [Fact]
    public async Task Reorder_WhenNoLaterEventComes_ShouldStillDeliverTheHeldBackEvent()
    {
        var received = new ConcurrentQueue<string>();
        using var subscription = _stack.Stack.Events.Subscribe((json, _) =>
        {
            received.Enqueue(json);
            return Task.CompletedTask;
        });
        await ConfigureAsync("reorder-events=1,seed=3");
        var coordinate = new Governance.Local.CodeArtifact.PackageCoordinate("chaos", null, "repo", "generic", "ns", "pkg");

        _stack.Stack.CodeArtifact.UpdatePackageVersionsStatus(coordinate, ["1.0.0"], null, null, "Archived");
        await Task.Delay(300);
        Assert.Empty(received);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (received.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Single(received);
    }

    [Fact]
    public async Task CorruptAssetEndpoint_WhenCalled_ShouldTamperTheStoredBytesButKeepTheRecordedHash()
    {
        using var http = new HttpClient { BaseAddress = _stack.Stack.BaseUrl };
        ControlEndpoints.AddGuardHeader(http);
        using var corrupt = await http.PostAsJsonAsync(new Uri("/_local/corrupt-asset", UriKind.Relative), new Dictionary<string, string>
        {
            ["domain"] = "chaos", ["repository"] = "repo", ["format"] = "generic", ["namespace"] = "ns", ["package"] = "pkg", ["version"] = "1.0.0", ["asset"] = "a.bin",
        });
        Assert.Equal(HttpStatusCode.OK, corrupt.StatusCode);
        using var client = new RawAwsClient(_stack.Stack.BaseUrl);

        using var listing = await client.SendAsync(HttpMethod.Post, AssetPath.Replace("/asset?", "/assets?", StringComparison.Ordinal).Replace("&asset=a.bin", string.Empty, StringComparison.Ordinal), null, RawAwsClient.EmptySha256);
        var recorded = JsonDocument.Parse(await listing.Content.ReadAsStringAsync()).RootElement.GetProperty("assets")[0].GetProperty("hashes").GetProperty("SHA-256").GetString();
        using var download = await client.SendAsync(HttpMethod.Get, AssetPath, null, RawAwsClient.EmptySha256);
        var served = await download.Content.ReadAsByteArrayAsync();

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(_asset)), recorded);
        Assert.NotEqual(recorded, Convert.ToHexStringLower(SHA256.HashData(served)));
    }

    [Fact]
    public async Task FaultsEndpoint_WhenGivenABadSpec_ShouldAnswer400WithTheReason()
    {
        using var http = new HttpClient { BaseAddress = _stack.Stack.BaseUrl };
        ControlEndpoints.AddGuardHeader(http);

        using var response = await http.PostAsJsonAsync(new Uri("/_local/faults", UriKind.Relative), new Dictionary<string, string> { ["spec"] = "throttle=lots" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("between 0 and 1", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
