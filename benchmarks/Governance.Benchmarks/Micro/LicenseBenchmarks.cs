using BenchmarkDotNet.Attributes;
using Governance.Core.Licenses;
using Governance.Core.Policy;

namespace Governance.Benchmarks.Micro;

/// <summary>SPDX parsing and license evaluation against the default policy, for a simple id and a compound expression.</summary>
[MemoryDiagnoser]
public class LicenseBenchmarks
{
    private readonly SpdxExpressionParser _parser = SpdxExpressionParser.Default;
    private readonly LicensePolicy _policy = DefaultPolicy.Policy.Licenses;

    [Params("MIT", "(Apache-2.0 WITH LLVM-exception OR GPL-3.0-only) AND (BSD-3-Clause OR MIT)", "Apache License 2.0")]
    public string Expression { get; set; } = "MIT";

    [Benchmark(Description = "SPDX parse")]
    public SpdxParseResult Parse() => _parser.Parse(Expression);

    [Benchmark(Description = "license evaluation")]
    public LicenseEvaluation Evaluate() => LicenseEvaluator.Default.Evaluate([Expression], _policy, "npm");
}
