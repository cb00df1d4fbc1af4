using BenchmarkDotNet.Attributes;
using Governance.Core.Integrity;
using Governance.Core.Packages;
using Governance.Core.Policy;
using Governance.Core.Review;

namespace Governance.Benchmarks.Micro;

/// <summary>The whole policy evaluation of one version (integrity, licenses, deny list, size, waivers) with the default policy.</summary>
[MemoryDiagnoser]
public class PolicyBenchmarks
{
    private ReviewSubject _passing = null!;
    private ReviewSubject _failing = null!;
    private GovernancePolicy _policy = null!;
    private readonly DateTimeOffset _now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [GlobalSetup]
    public void Setup()
    {
        _policy = DefaultPolicy.Policy;
        _passing = Subject(["MIT"], tampered: false);
        _failing = Subject(["GPL-3.0-only OR AGPL-3.0-only"], tampered: true);
    }

    private static ReviewSubject Subject(IReadOnlyList<string> licenses, bool tampered)
    {
        var id = new PackageVersionId("nextwork", "111122223333", "nextwork-devops-cicd", PackageFormats.Npm, "acme", "ui-kit", "2.3.1");
        var facts = new PackageVersionFacts(id, PackageVersionStatus.Published, "rev-1", licenses, "INTERNAL", DateTimeOffset.UnixEpoch);
        const string recorded = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        var actual = tampered ? "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752" : recorded;
        var asset = new AssetIntegrity("ui-kit-2.3.1.tgz", 4, new Dictionary<string, string> { ["SHA-256"] = recorded },
            new Dictionary<HashKind, string> { [HashKind.Sha256] = actual }, 4, false);
        return new ReviewSubject(facts, [asset]);
    }

    [Benchmark(Baseline = true, Description = "policy: passing version")]
    public Verdict Passing() => PolicyEvaluator.Evaluate(_passing, _policy, _now);

    [Benchmark(Description = "policy: failing version (tampered, GPL)")]
    public Verdict Failing() => PolicyEvaluator.Evaluate(_failing, _policy, _now);
}
