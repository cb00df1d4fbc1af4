using BenchmarkDotNet.Attributes;
using Governance.Core.Integrity;

namespace Governance.Benchmarks.Micro;

/// <summary>
/// The streaming verifier over an in-memory stream, so the figure is the hashing cost alone (no disk, no network):
/// SHA-256 by itself (what the default policy requires) and all four hashes in one pass. MB/s = Size / Mean.
/// </summary>
[MemoryDiagnoser]
public class VerifierBenchmarks
{
    private static readonly HashKind[] Sha256Only = [HashKind.Sha256];
    private byte[] _data = [];

    [Params(16 * 1024 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Size];
        new Random(42).NextBytes(_data);
    }

    [Benchmark(Baseline = true, Description = "SHA-256 only")]
    public Task<StreamVerification> Sha256() =>
        StreamVerifier.VerifyAsync(new MemoryStream(_data, writable: false), Sha256Only, null, CancellationToken.None);

    [Benchmark(Description = "SHA-256+SHA-512+SHA-1+MD5")]
    public Task<StreamVerification> AllFour() =>
        StreamVerifier.VerifyAsync(new MemoryStream(_data, writable: false), HashKindNames.All.ToArray(), null, CancellationToken.None);
}
