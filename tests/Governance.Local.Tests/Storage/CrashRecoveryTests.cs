using System.Net;
using System.Security.Cryptography;
using System.Text;
using Governance.Local.CodeArtifact;
using Governance.Local.Tests.Support;
using Governance.TestSupport;

namespace Governance.Local.Tests.Storage;

/// <summary>
/// <c>kill -9</c> of a real <c>governance local up</c> process in the middle of a publish: after a restart every
/// committed version is there, and the half-received asset is nowhere.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task KillDuringPublish_WhenRestarted_ShouldShowCommittedVersionsAndNoHalfAsset()
    {
        await using (var process = await LocalUpProcess.StartAsync(_data.Path))
        {
            using var client = new RawAwsClient(new Uri(process.Endpoint));
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Post, "/v1/domain?domain=crash", null, RawAwsClient.EmptySha256)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Post, "/v1/repository?domain=crash&repository=repo", null, RawAwsClient.EmptySha256)).StatusCode);
            var committed = Encoding.UTF8.GetBytes("committed asset");
            using (var ok = await client.SendAsync(HttpMethod.Post, Publish("1.0.0"), new ByteArrayContent(committed), Sha(committed)))
            {
                Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            }

            // Start a 64 MiB publish, send 4 MiB of it, then kill the server without warning.
            var big = new byte[64 * 1024 * 1024];
            var body = new GatedStream(big, 4 * 1024 * 1024);
            var publish = client.SendAsync(HttpMethod.Post, Publish("2.0.0"), RawAwsClient.Stream(body, big.Length), Sha(big));
            await body.HalfSent.WaitAsync(TimeSpan.FromSeconds(30));
            await Task.Delay(300);
            await process.KillAsync();
            body.Release();
            await Assert.ThrowsAnyAsync<Exception>(() => publish);
        }

        await using var restarted = await LocalStackHarness.StartAsync(_data.Path);
        var coordinate = new PackageCoordinate("crash", null, "repo", "generic", "ns", "pkg");
        var versions = restarted.Stack.CodeArtifact.ListPackageVersions(coordinate, null, null, null, null).Versions;
        var only = Assert.Single(versions);
        Assert.Equal("1.0.0", only.Version);
        var blobs = Directory.EnumerateFiles(Path.Combine(_data.Path, "blobs"), "*", SearchOption.AllDirectories).ToList();
        Assert.Equal(Sha(Encoding.UTF8.GetBytes("committed asset")), Path.GetFileName(Assert.Single(blobs)));
    }

    private static string Publish(string version) =>
        $"/v1/package/version/publish?domain=crash&repository=repo&format=generic&namespace=ns&package=pkg&version={version}&asset=a.bin";

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Serves the first N bytes, then blocks until released: the server is killed while it waits.</summary>
    private sealed class GatedStream(byte[] data, int gateAt) : Stream
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _halfSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _position;

        public Task HalfSent => _halfSent.Task;

        public void Release() => _released.TrySetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position >= gateAt)
            {
                _halfSent.TrySetResult();
                await _released.Task.WaitAsync(cancellationToken);
                throw new IOException("the client gave up after the server died");
            }

            var count = Math.Min(buffer.Length, gateAt - _position);
            data.AsMemory(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
