using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Governance.Local.Npm;
using Governance.Local.Tests.Support;
using Governance.TestSupport;

namespace Governance.Local.Tests.Npm;

/// <summary>
/// Issue 15 ("an npm publish document's non-attachment bytes held in memory"): the tarball was already streamed to a
/// scratch file, but everything else (package.json, readme, …) was kept whole in memory and parsed into a DOM. A
/// publish whose readme is 50 MB (generated while it is sent, never held by the test) is now refused with 413 naming
/// the limit, and the stack's managed heap never grows by more than a bound while it reads it.
/// </summary>
/// <remarks>
/// The heap is sampled while the request runs, so this class runs alone (<see cref="Governance.Local.Tests.CodeArtifact.MemoryMeasurementGroup"/>):
/// another test's allocations in the same process would otherwise count against the bound.
/// </remarks>
[Collection(Governance.Local.Tests.CodeArtifact.MemoryMeasurementGroup.Name)]
public sealed class NpmPublishMetadataLimitTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const string Domain = "nextwork";
    private const string Repository = "nextwork-devops-cicd";
    private const long FiftyMegabytes = 50L * 1000 * 1000;

    /// <summary>
    /// The most the heap may grow while the 50 MB document is read: the 16 MiB kept, plus the copy made when the
    /// buffer last doubled, plus slack for the server's own buffers. Holding the document whole (the old reader) grew
    /// it by more than 100 MB.
    /// </summary>
    private const long HeapGrowthBound = 48L * 1024 * 1024;

    private LocalStackHarness _stack = null!;
    private string _endpoint = null!;
    private string _token = null!;

    public async Task InitializeAsync()
    {
        _stack = await LocalStackHarness.StartWithRepositoryAsync(Domain, Repository);
        _endpoint = await _stack.RepositoryEndpointAsync(Domain, Repository, "npm");
        _token = await _stack.AuthorizationTokenAsync(Domain);
    }

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task NpmPublish_WhenTheReadmeIs50MB_ShouldAnswer413NamingTheLimitWithBoundedMemoryAndStoreNothing()
    {
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        using var sampler = new HeapSampler();

        var (status, body) = await PutAsync("big-readme", FiftyMegabytes);

        var growth = sampler.Stop() - baseline;
        output.WriteLine($"heap growth while reading the 50 MB document: {growth / (1024.0 * 1024):F1} MiB");
        Assert.True(status == HttpStatusCode.RequestEntityTooLarge, $"{status}: {body}");
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()!;
        Assert.Contains("16 MiB", error, StringComparison.Ordinal);
        Assert.Contains(NpmPublishDocumentReader.MaxMetadataBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), error, StringComparison.Ordinal);
        Assert.True(growth < HeapGrowthBound, $"the heap grew by {growth / (1024 * 1024)} MiB while reading the document (bound {HeapGrowthBound / (1024 * 1024)} MiB)");
        await AssertNoPackagesAsync();
    }

    /// <summary>The bound refuses only what passes it: a 1 MB readme (already a very long one) is published.</summary>
    [Fact]
    public async Task NpmPublish_WhenTheReadmeIs1MB_ShouldPublishTheVersion()
    {
        var (status, body) = await PutAsync("long-readme", 1000 * 1000);

        Assert.True(status == HttpStatusCode.OK, $"{status}: {body}");
        var versions = await _stack.AwsJsonAsync("codeartifact", "list-package-versions", "--domain", Domain, "--repository", Repository,
            "--format", "npm", "--package", "long-readme");
        Assert.Equal("1.0.0", versions.GetProperty("versions")[0].GetProperty("version").GetString());
    }

    /// <summary>Nesting is bounded while scanning too: 8 MB of '[' is refused as JSON too deep, not kept as millions of frames.</summary>
    [Fact]
    public async Task NpmPublish_WhenTheDocumentIsNestedMillionsDeep_ShouldAnswer400NamingTheDepth()
    {
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        using var sampler = new HeapSampler();
        var document = new GeneratedDocument("{\"name\":\"deep\",\"x\":", 8_000_000, (byte)'[', "");

        var (status, body) = await SendAsync("deep", document);

        var growth = sampler.Stop() - baseline;
        output.WriteLine($"heap growth while scanning 8 MB of '[': {growth / (1024.0 * 1024):F1} MiB");
        Assert.True(status == HttpStatusCode.BadRequest, $"{status}: {body}");
        Assert.Contains("nested deeper than 64 levels", body, StringComparison.Ordinal);
        Assert.True(growth < HeapGrowthBound, $"the heap grew by {growth / (1024 * 1024)} MiB while scanning (bound {HeapGrowthBound / (1024 * 1024)} MiB)");
        await AssertNoPackagesAsync();
    }

    private async Task AssertNoPackagesAsync()
    {
        var packages = await _stack.AwsJsonAsync("codeartifact", "list-packages", "--domain", Domain, "--repository", Repository);
        Assert.Equal(0, packages.GetProperty("packages").GetArrayLength());
    }

    /// <summary>An npm publish document for <paramref name="name"/>@1.0.0 whose top-level readme is <paramref name="readmeBytes"/> letters.</summary>
    private Task<(HttpStatusCode Status, string Body)> PutAsync(string name, long readmeBytes)
    {
        var tarball = Encoding.UTF8.GetBytes("a tarball's bytes");
        var head = $"{{\"_id\":\"{name}\",\"name\":\"{name}\",\"dist-tags\":{{\"latest\":\"1.0.0\"}},\"versions\":{{\"1.0.0\":{{\"name\":\"{name}\",\"version\":\"1.0.0\",\"license\":\"MIT\"}}}},\"readme\":\"";
        var tail = $"\",\"_attachments\":{{\"{name}-1.0.0.tgz\":{{\"content_type\":\"application/octet-stream\",\"data\":\"{Convert.ToBase64String(tarball)}\",\"length\":{tarball.Length}}}}}}}";
        return SendAsync(name, new GeneratedDocument(head, readmeBytes, (byte)'a', tail));
    }

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(string name, GeneratedDocument document)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(_endpoint + name, UriKind.Absolute)) { Content = document };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A request body written as it is sent: a head, N copies of one byte from one reused buffer, a tail.</summary>
    private sealed class GeneratedDocument : HttpContent
    {
        private readonly byte[] _head;
        private readonly long _fill;
        private readonly byte _filler;
        private readonly byte[] _tail;

        public GeneratedDocument(string head, long fill, byte filler, string tail)
        {
            _head = Encoding.UTF8.GetBytes(head);
            _fill = fill;
            _filler = filler;
            _tail = Encoding.UTF8.GetBytes(tail);
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_head);
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, _filler);
            for (var left = _fill; left > 0; left -= chunk.Length)
            {
                await stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, left)));
            }

            await stream.WriteAsync(_tail);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _head.Length + _fill + _tail.Length;
            return true;
        }
    }

    /// <summary>Samples the managed heap every few milliseconds until stopped; returns the highest sample.</summary>
    private sealed class HeapSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<long> _sampling;

        public HeapSampler() => _sampling = Task.Run(async () =>
        {
            long peak = 0;
            while (!_stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                await Task.Delay(2, CancellationToken.None);
            }

            return Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
        });

        public long Stop()
        {
            _stop.Cancel();
            return _sampling.GetAwaiter().GetResult();
        }

        public void Dispose()
        {
            _stop.Cancel();
            _stop.Dispose();
        }
    }
}
