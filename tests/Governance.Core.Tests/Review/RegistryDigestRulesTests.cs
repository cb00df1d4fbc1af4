using Governance.Core.Evidence;
using Governance.Core.Integrity;
using Governance.Core.Packages;
using Governance.Core.Policy;
using Governance.Core.Review;
using static Governance.Core.Tests.Review.EvidenceSubjects;
using static Governance.Core.Tests.Review.ReviewSubjects;

namespace Governance.Core.Tests.Review;

/// <summary>integrity.registry-mismatch: the stream, CodeArtifact's record and the public registry must agree.</summary>
public class RegistryDigestRulesTests
{
    private const string Sha512 = "aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11";
    private const string Other512 = "bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22";
    private const string Jar = "commons-text-1.10.0.jar";

    /// <summary>An EXTERNAL jar whose stream, record and registry SHA-512 are as given (SHA-256 always agrees).</summary>
    private static ReviewSubject External(string streamed, string recorded, string published)
    {
        var asset = new AssetIntegrity(Jar, 4,
            new Dictionary<string, string> { ["SHA-256"] = GoodSha, ["SHA-512"] = recorded },
            new Dictionary<HashKind, string> { [HashKind.Sha256] = GoodSha, [HashKind.Sha512] = streamed }, 4, false);
        var registry = new RegistryEvidence(RegistryStatus.Found, MavenUrl,
            new Dictionary<string, IReadOnlyDictionary<HashKind, string>>(StringComparer.Ordinal)
            {
                [Jar] = new Dictionary<HashKind, string> { [HashKind.Sha512] = published },
            },
            null, null);
        return Subject(Maven(), ["Apache-2.0"], asset).With(registry: registry, origin: "EXTERNAL");
    }

    [Fact]
    public void Evaluate_WhenAllThreeAgree_ShouldPassAndListTheComparison()
    {
        var verdict = PolicyEvaluator.Evaluate(External(Sha512, Sha512, Sha512), DefaultPolicy.Policy, Now);

        Assert.True(verdict.Passed, string.Join("; ", verdict.Findings.Select(f => f.Message)));
        var row = Assert.Single(verdict.Evidence!.Hashes!);
        Assert.Equal((Jar, "SHA-512", true), (row.Asset, row.Algorithm, row.Agreed));
        Assert.Equal(Sha512, row.Registry);
    }

    [Fact]
    public void Evaluate_WhenCodeArtifactRecordedTheBytesItServedButTheRegistryPublishedOthers_ShouldFailNamingBothPairs()
    {
        // The ingestion case: CodeArtifact's own record matches the stream, so only the registry shows the difference.
        var verdict = PolicyEvaluator.Evaluate(External(Other512, Other512, Sha512), DefaultPolicy.Policy, Now);

        Assert.False(verdict.Passed);
        var finding = Assert.Single(verdict.Findings, f => f.RuleId == RuleIds.RegistryMismatch);
        Assert.Equal("streamed≠registry, codeartifact≠registry", finding.Evidence["disagree"]);
        Assert.Contains(MavenUrl, finding.Message, StringComparison.Ordinal);
        Assert.Equal(Jar, finding.Asset);
        Assert.False(Assert.Single(verdict.Evidence!.Hashes!).Agreed);
    }

    [Fact]
    public void Evaluate_WhenOnlyCodeArtifactsRecordDiffersFromTheRegistry_ShouldNameThatPair()
    {
        var verdict = PolicyEvaluator.Evaluate(External(Sha512, Other512, Sha512), DefaultPolicy.Policy, Now);

        var finding = Assert.Single(verdict.Findings, f => f.RuleId == RuleIds.RegistryMismatch);
        Assert.Contains("codeartifact≠registry", finding.Evidence["disagree"], StringComparison.Ordinal);
        Assert.DoesNotContain("streamed≠registry", finding.Evidence["disagree"], StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WhenAWaiverNamesTheRegistryMismatch_ShouldRefuseTheWaiverAtLoad()
    {
        var result = PolicyLoader.LoadFromText("""
            waivers:
              - package: pkg:maven/org.apache.commons/commons-text
                version: 1.10.0
                rule: integrity.registry-mismatch
                reason: trust me
                expires: 2027-01-01
            """, "t.yaml");

        Assert.False(result.Success);
        Assert.Contains(result.Errors, e => e.Message.Contains("cannot be waived", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_WhenTheRegistryWasNotQueried_ShouldAddNoHashRows()
    {
        var subject = Subject(Maven(), ["Apache-2.0"]).With(origin: "INTERNAL");

        var verdict = PolicyEvaluator.Evaluate(subject, DefaultPolicy.Policy, Now);

        Assert.True(verdict.Passed);
        Assert.True(verdict.Evidence?.Hashes is null || verdict.Evidence.Hashes.Count == 0);
        Assert.DoesNotContain(verdict.Findings, f => f.RuleId == RuleIds.RegistryMismatch);
    }

    [Fact]
    public void Evaluate_WhenTheIntelSourceFailedAfterListingAMaliciousId_ShouldStillArchive()
    {
        var intel = new IntelEvidence(IntelStatus.Unreachable, OsvUrl,
            [Advisory("MAL-2026-2306", AdvisorySeverity.Critical, "malicious", null, malicious: true)], "detail of GHSA-x timed out", 3);

        var verdict = PolicyEvaluator.Evaluate(Subject(Npm(), ["MIT"]).With(intel: intel, origin: "EXTERNAL"), DefaultPolicy.Policy, Now);

        Assert.Contains(verdict.Findings, f => f.RuleId == RuleIds.IntelMalicious);
        Assert.Equal(PackageVersionStatus.Archived, verdict.Action.TargetStatus ?? verdict.Action.WouldBeStatus);
    }
}
