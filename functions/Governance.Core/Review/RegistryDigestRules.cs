using Governance.Core.Evidence;
using Governance.Core.Integrity;

namespace Governance.Core.Review;

/// <summary>
/// <c>integrity.registry-mismatch</c>: for an EXTERNAL version whose public registry published digests, the three
/// witnesses of each asset's bytes (the stream, CodeArtifact's record, the registry) must agree. CodeArtifact recorded
/// what it ingested, so a malicious or corrupted ingestion hashes "correctly" against its own record; only the
/// registry's digest shows it. Like every integrity rule, it cannot be waived.
/// </summary>
internal static class RegistryDigestRules
{
    public static void Check(ReviewSubject subject, List<Finding> findings, List<VerdictHashAgreement> rows)
    {
        var registry = subject.Evidence.Registry;
        if (registry.Status != RegistryStatus.Found)
        {
            return;
        }

        var source = IntelRules.Source(registry.Source);
        foreach (var triple in DigestAgreement.Compare(subject.Assets, registry).Triples)
        {
            var algorithm = triple.Kind.WireName();
            rows.Add(new VerdictHashAgreement(triple.Asset, algorithm, triple.Streamed, triple.CodeArtifact, triple.Registry, triple.Agrees));
            if (triple.Agrees)
            {
                continue;
            }

            findings.Add(new Finding(
                RuleIds.RegistryMismatch,
                FindingSeverity.Blocking,
                $"{algorithm} of asset '{triple.Asset}': {string.Join("; ", triple.Disagreements.Select(pair => Describe(pair, source)))}",
                PolicyEvaluator.Evidence(
                    ("asset", triple.Asset),
                    ("algorithm", algorithm),
                    ("streamed", triple.Streamed),
                    ("codeArtifact", triple.CodeArtifact),
                    ("registry", triple.Registry),
                    ("registrySource", registry.Source),
                    ("disagree", string.Join(", ", triple.Disagreements.Select(PairName)))),
                "Do not use this version: the bytes in CodeArtifact are not the bytes the public registry publishes. Delete the "
                + "version from the repositories that hold it and fetch it again; if it differs again, report it to the registry. "
                + "Integrity findings cannot be waived.",
                triple.Asset));
        }
    }

    private static string Describe(DigestPair pair, string source) => pair switch
    {
        DigestPair.StreamedVsRegistry => $"the bytes CodeArtifact served differ from what {source} publishes",
        DigestPair.CodeArtifactVsRegistry => $"CodeArtifact's recorded digest differs from what {source} publishes",
        _ => "the bytes CodeArtifact served differ from its own recorded digest",
    };

    private static string PairName(DigestPair pair) => pair switch
    {
        DigestPair.StreamedVsRegistry => "streamed≠registry",
        DigestPair.CodeArtifactVsRegistry => "codeartifact≠registry",
        _ => "streamed≠codeartifact",
    };
}
