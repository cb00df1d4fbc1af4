using System.Diagnostics;
using System.Security.Cryptography;
using Governance.TestSupport;

namespace Governance.Local.Tests.CodeArtifact;

/// <summary>
/// Streams stay streams: a 1 GiB asset is published and downloaded through the real aws CLI while the in-process
/// server's managed heap and working set are sampled; both must stay far below the asset's size.
/// The heap and working set are the whole test process's, so no other test of this assembly may run meanwhile.
/// </summary>
[Collection(MemoryMeasurementGroup.Name)]
public sealed class LargeAssetTests : IAsyncLifetime
{
    private const long OneGiB = 1024L * 1024 * 1024;
    private LocalStackHarness _stack = null!;
    private readonly TempFolder _work = new();

    public async Task InitializeAsync() => _stack = await LocalStackHarness.StartAsync();

    public async Task DisposeAsync()
    {
        await _stack.DisposeAsync();
        _work.Dispose();
    }

    [Fact]
    public async Task PublishAndDownload_WhenTheAssetIsOneGiB_ShouldKeepServerMemoryBounded()
    {
        var source = _work.File("big.bin");
        var sha = await WritePatternFileAsync(source, OneGiB);
        await _stack.AwsJsonAsync("codeartifact", "create-domain", "--domain", "big");
        await _stack.AwsJsonAsync("codeartifact", "create-repository", "--domain", "big", "--repository", "repo");
        string[] coordinates = ["--domain", "big", "--repository", "repo", "--format", "generic", "--namespace", "ns", "--package", "huge", "--package-version", "1.0.0"];

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baselineHeap = GC.GetTotalMemory(forceFullCollection: true);
        using var sampler = new MemorySampler();

        var published = await _stack.AwsAsync(["codeartifact", "publish-package-version", .. coordinates,
            "--asset-content", source, "--asset-name", "big.bin", "--asset-sha256", sha], timeout: TimeSpan.FromMinutes(5));
        Assert.True(published.ExitCode == 0, published.ToString());

        var target = _work.File("downloaded.bin");
        var downloaded = await _stack.AwsAsync(["codeartifact", "get-package-version-asset", .. coordinates, "--asset", "big.bin", target], timeout: TimeSpan.FromMinutes(5));
        Assert.True(downloaded.ExitCode == 0, downloaded.ToString());
        var (peakHeap, peakWorkingSet, baselineWorkingSet) = sampler.Stop();

        Assert.Equal(OneGiB, new FileInfo(target).Length);
        await using (var stream = File.OpenRead(target))
        {
            Assert.Equal(sha, Convert.ToHexStringLower(await SHA256.HashDataAsync(stream)));
        }

        // Bounded means independent of the asset size: a buffered GiB would show up as >1 GiB in both measures.
        Assert.True(peakHeap - baselineHeap < 128L * 1024 * 1024, $"managed heap grew by {(peakHeap - baselineHeap) / (1024 * 1024)} MiB");
        Assert.True(peakWorkingSet - baselineWorkingSet < 384L * 1024 * 1024, $"working set grew by {(peakWorkingSet - baselineWorkingSet) / (1024 * 1024)} MiB");
    }

    private static async Task<string> WritePatternFileAsync(string path, long size)
    {
        var block = new byte[1024 * 1024];
        new Random(5).NextBytes(block);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true);
        for (long written = 0; written < size; written += block.Length)
        {
            block[0] = (byte)(written >> 20);
            hash.AppendData(block);
            await file.WriteAsync(block);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private sealed class MemorySampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private long _peakHeap;
        private long _peakWorkingSet;

        public MemorySampler()
        {
            using var process = Process.GetCurrentProcess();
            BaselineWorkingSet = process.WorkingSet64;
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    _peakHeap = Math.Max(_peakHeap, GC.GetTotalMemory(false));
                    using var current = Process.GetCurrentProcess();
                    _peakWorkingSet = Math.Max(_peakWorkingSet, current.WorkingSet64);
                    try
                    {
                        await Task.Delay(25, _stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
            });
        }

        private long BaselineWorkingSet { get; }

        public (long PeakHeap, long PeakWorkingSet, long BaselineWorkingSet) Stop()
        {
            _stop.Cancel();
            _loop.Wait(TimeSpan.FromSeconds(5));
            return (_peakHeap, _peakWorkingSet, BaselineWorkingSet);
        }

        public void Dispose() => _stop.Dispose();
    }
}

/// <summary>Tests that measure the test process's own memory: run alone (xunit runs such a collection after the others).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementGroup
{
    public const string Name = "memory measurement (runs alone)";
}
