// CodeArtifact records SHA-1 and MD5 digests, so the verifier computes them; the test compares with the framework.
#pragma warning disable CA5350, CA5351
using System.Security.Cryptography;
using System.Text;
using Governance.Core.Integrity;

namespace Governance.Core.Tests.Integrity;

public class StreamVerifierTests
{
    private static readonly HashKind[] AllKinds = [HashKind.Sha256, HashKind.Sha512, HashKind.Sha1, HashKind.Md5];

    [Fact]
    public async Task VerifyAsync_WhenAllKindsRequested_ShouldMatchOneShotDigestsInOnePass()
    {
        var data = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("secret mission ", 20_000)));
        var stream = new CountingStream(new MemoryStream(data));
        var result = await StreamVerifier.VerifyAsync(stream, AllKinds, null, CancellationToken.None);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), result.Digests[HashKind.Sha256]);
        Assert.Equal(Convert.ToHexStringLower(SHA512.HashData(data)), result.Digests[HashKind.Sha512]);
        Assert.Equal(Convert.ToHexStringLower(SHA1.HashData(data)), result.Digests[HashKind.Sha1]);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(data)), result.Digests[HashKind.Md5]);
        Assert.Equal(data.Length, result.BytesRead);
        Assert.Equal(data.Length, stream.TotalRead);
        Assert.False(result.SizeLimitExceeded);
    }

    [Fact]
    public async Task VerifyAsync_WhenStreamEmpty_ShouldGiveDigestOfNothing()
    {
        var result = await StreamVerifier.VerifyAsync(new MemoryStream(), [HashKind.Sha256], null, CancellationToken.None);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", result.Digests[HashKind.Sha256]);
        Assert.Equal(0, result.BytesRead);
    }

    [Fact]
    public async Task VerifyAsync_WhenStreamLongerThanLimit_ShouldStopEarlyAndReportLimit()
    {
        var stream = new CountingStream(new PatternStream(10L * 1024 * 1024));
        var result = await StreamVerifier.VerifyAsync(stream, [HashKind.Sha256], 100_000, CancellationToken.None);
        Assert.True(result.SizeLimitExceeded);
        Assert.Empty(result.Digests);
        Assert.Equal(100_000, result.MaxBytes);
        Assert.True(result.BytesRead > 100_000);
        Assert.True(stream.TotalRead <= 100_000 + StreamVerifier.BufferSize, $"read {stream.TotalRead} bytes");
    }

    [Fact]
    public async Task VerifyAsync_WhenStreamExactlyAtLimit_ShouldPass()
    {
        var result = await StreamVerifier.VerifyAsync(new PatternStream(4096), [HashKind.Sha256], 4096, CancellationToken.None);
        Assert.False(result.SizeLimitExceeded);
        Assert.Equal(4096, result.BytesRead);
    }

    [Fact]
    public async Task VerifyAsync_WhenCancelled_ShouldThrowOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            StreamVerifier.VerifyAsync(new PatternStream(1_000_000), [HashKind.Sha256], null, cts.Token));
    }

    [Fact]
    public async Task VerifyAsync_WhenNoKinds_ShouldRejectArgument()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => StreamVerifier.VerifyAsync(new MemoryStream(), [], null, CancellationToken.None));
    }

    [Fact]
    public async Task VerifyAsync_OverTwoGiB_ShouldAllocateTheSameSmallAmountAsOverOneMiB()
    {
        // Warm up: JIT, the pool's bucket and the crypto providers allocate once.
        await StreamVerifier.VerifyAsync(new PatternStream(1 << 20), [HashKind.Sha256], null, CancellationToken.None);

        var small = await MeasureAsync(1L << 20);
        var medium = await MeasureAsync(256L << 20);
        var (large, result) = await MeasureWithResultAsync(2L * 1024 * 1024 * 1024);

        Assert.Equal(2L * 1024 * 1024 * 1024, result.BytesRead);
        Assert.Equal(64, result.Digests[HashKind.Sha256].Length);
        // Constant memory: the 2 GiB run allocates no more than the 1 MiB run plus a small slack, far below the
        // 64 KiB buffer size, so nothing is allocated per chunk.
        Assert.True(large < 64 * 1024, $"2 GiB run allocated {large} bytes");
        Assert.True(large <= small + 4 * 1024, $"2 GiB run allocated {large} bytes, 1 MiB run {small}");
        Assert.True(Math.Abs(large - medium) <= 4 * 1024, $"2 GiB run allocated {large} bytes, 256 MiB run {medium}");
    }

    private static async Task<long> MeasureAsync(long length) => (await MeasureWithResultAsync(length)).Allocated;

    private static async Task<(long Allocated, StreamVerification Result)> MeasureWithResultAsync(long length)
    {
        // PatternStream completes every read synchronously, so the whole verification runs on this thread and the
        // per-thread counter sees all of its allocations and none of the other tests running in parallel.
        var stream = new PatternStream(length);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = await StreamVerifier.VerifyAsync(stream, [HashKind.Sha256], null, CancellationToken.None);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return (allocated, result);
    }
}
