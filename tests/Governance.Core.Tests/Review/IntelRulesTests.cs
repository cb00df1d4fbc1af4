using Governance.Core.Evidence;
using Governance.Core.Packages;
using Governance.Core.Policy;
using Governance.Core.Review;
using static Governance.Core.Tests.Review.EvidenceSubjects;
using static Governance.Core.Tests.Review.ReviewSubjects;

namespace Governance.Core.Tests.Review;

/// <summary>Issue 12: intel.malicious, intel.vulnerable, intel.unreachable and registry.unverified.</summary>
public class IntelRulesTests
{
    private static ReviewSubject Clean() => Subject(Npm(), ["MIT"]);

    [Fact]
    public void Evaluate_WhenAdvisoryIsMalicious_ShouldArchiveEvenThoughTheQuarantineStatusIsUnlisted()
    {
        var verdict = Evaluate(Clean().With(intel: Answered(Advisory("MAL-2025-1234", AdvisorySeverity.Unknown, "Malicious code in ui-kit", null, malicious: true))),
            "quarantineStatus: Unlisted\n");

        Assert.Equal(VerdictOutcome.Fail, verdict.Outcome);
        Assert.Equal(new VerdictAction(ActionKind.Quarantine, PackageVersionStatus.Archived, null, null), verdict.Action);
        var finding = Assert.Single(verdict.Findings);
        Assert.Equal(RuleIds.IntelMalicious, finding.RuleId);
        Assert.Equal(FindingSeverity.Blocking, finding.Severity);
        Assert.Equal("MAL-2025-1234", finding.Evidence["id"]);
        Assert.Equal("https://osv.dev/vulnerability/MAL-2025-1234", finding.Evidence["link"]);
        Assert.Contains("known-malicious", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("waivers:", finding.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WhenMaliciousInAuditMode_ShouldSayEnforceWouldArchive()
    {
        var verdict = Evaluate(Clean().With(intel: Answered(Advisory("MAL-2025-1", malicious: true))), "mode: audit\n");

        Assert.Equal(new VerdictAction(ActionKind.None, null, ActionKind.Quarantine, PackageVersionStatus.Archived), verdict.Action);
        Assert.Contains("Archived", verdict.Action.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WhenOnlyAnotherRuleFails_ShouldKeepThePolicysQuarantineStatus()
    {
        var verdict = Evaluate(Subject(Npm(), ["GPL-3.0-only"]).With(intel: Answered(Advisory("GHSA-low", AdvisorySeverity.Low))));
        Assert.Equal(PackageVersionStatus.Unlisted, verdict.Action.TargetStatus);
    }

    [Fact]
    public void Evaluate_WhenAFamilyWaiverCoversIntel_ShouldStillNotWaiveMalicious()
    {
        var subject = Clean().With(intel: Answered(
            Advisory("MAL-2025-9", malicious: true),
            Advisory("GHSA-aaaa-bbbb-cccc", AdvisorySeverity.Critical, score: 9.8)));
        var verdict = Evaluate(subject,
            "waivers:\n  - package: \"pkg:npm/%40acme/ui-kit\"\n    version: 2.3.1\n    rule: intel.*\n    reason: SEC-1 accepted\n    expires: 2027-01-01\n");

        Assert.Equal(RuleIds.IntelMalicious, Assert.Single(verdict.Findings).RuleId);
        Assert.Equal(RuleIds.IntelVulnerable, Assert.Single(verdict.Waived).Finding.RuleId);
        Assert.Equal(PackageVersionStatus.Archived, verdict.Action.TargetStatus);
    }

    [Fact]
    public void Evaluate_WhenAWaiverForIntelMaliciousIsBuiltByHand_ShouldNotApply()
    {
        var policy = TestPolicy() with
        {
            Waivers = [new Waiver(new PackageMatcher("npm", "acme", "ui-kit"), "2.3.1", RuleIds.IntelMalicious, "r", Now.AddDays(30), 1)],
        };
        var verdict = PolicyEvaluator.Evaluate(Clean().With(intel: Answered(Advisory("MAL-1", malicious: true))), policy, Now);
        Assert.Empty(verdict.Waived);
        Assert.Equal(VerdictOutcome.Fail, verdict.Outcome);
    }

    [Theory]
    [InlineData(AdvisorySeverity.Critical, true)]
    [InlineData(AdvisorySeverity.High, true)]
    [InlineData(AdvisorySeverity.Moderate, false)]
    [InlineData(AdvisorySeverity.Low, false)]
    [InlineData(AdvisorySeverity.Unknown, false)]
    public void Evaluate_WhenAdvisoryIsAtOrBelowTheThreshold_ShouldActOnlyAtOrAbove(AdvisorySeverity severity, bool acts)
    {
        var verdict = Evaluate(Clean().With(intel: Answered(Advisory("GHSA-xxxx", severity))));

        Assert.Equal(acts ? VerdictOutcome.Fail : VerdictOutcome.Pass, verdict.Outcome);
        Assert.Equal(acts ? 1 : 0, verdict.Findings.Count(f => f.RuleId == RuleIds.IntelVulnerable));
        // Acting or not, the advisory is in the verdict's evidence for the message.
        Assert.Equal("GHSA-xxxx", Assert.Single(verdict.Evidence!.Intel!.Advisories).Id);
    }

    [Fact]
    public void Evaluate_WhenVulnerableWithEachAdvisory_ShouldGiveOneFindingPerAdvisoryWithItsEvidence()
    {
        var verdict = Evaluate(Clean().With(intel: Answered(
            Advisory("GHSA-1111", AdvisorySeverity.High, "Prototype pollution", 8.1, false, "CVE-2025-1", "CVE-2025-2"),
            Advisory("GHSA-2222", AdvisorySeverity.Critical, "RCE", 9.8))),
            "intel:\n  vulnerabilities:\n    minimumSeverity: moderate\n");

        var findings = verdict.Findings.Where(f => f.RuleId == RuleIds.IntelVulnerable).ToList();
        Assert.Equal(2, findings.Count);
        var first = findings.Single(f => f.Evidence["id"] == "GHSA-1111");
        Assert.Equal("CVE-2025-1, CVE-2025-2", first.Evidence["aliases"]);
        Assert.Equal("high", first.Evidence["severity"]);
        Assert.Equal("8.1", first.Evidence["score"]);
        Assert.Equal("https://osv.dev/vulnerability/GHSA-1111", first.Evidence["link"]);
        Assert.Equal("Prototype pollution", first.Evidence["summary"]);
        Assert.Contains("rule: intel.vulnerable", first.Remedy, StringComparison.Ordinal);
        Assert.All(findings, f => Assert.Equal(FindingSeverity.Blocking, f.Severity));
        // Most severe first in the evidence.
        Assert.Equal(["GHSA-2222", "GHSA-1111"], verdict.Evidence!.Intel!.Advisories.Select(a => a.Id));
    }

    [Fact]
    public void Evaluate_WhenVulnerableAndActionIsWarn_ShouldPassWithAWarning()
    {
        var verdict = Evaluate(Clean().With(intel: Answered(Advisory("GHSA-3333", AdvisorySeverity.Critical))),
            "intel:\n  vulnerabilities:\n    action: warn\n");

        Assert.Equal(VerdictOutcome.Pass, verdict.Outcome);
        var finding = Assert.Single(verdict.Findings);
        Assert.Equal(RuleIds.IntelVulnerable, finding.RuleId);
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
    }

    [Fact]
    public void Evaluate_WhenVulnerableIsWaived_ShouldPass()
    {
        var verdict = Evaluate(Clean().With(intel: Answered(Advisory("GHSA-4444"))),
            "waivers:\n  - package: \"pkg:npm/%40acme/ui-kit\"\n    version: 2.3.1\n    rule: intel.vulnerable\n    reason: SEC-2 not reachable\n    expires: 2027-01-01\n");
        Assert.Equal(VerdictOutcome.Pass, verdict.Outcome);
        Assert.Equal(RuleIds.IntelVulnerable, Assert.Single(verdict.Waived).Finding.RuleId);
    }

    [Theory]
    [InlineData("EXTERNAL", FindingSeverity.Blocking)]
    [InlineData("INTERNAL", FindingSeverity.Warning)]
    public void Evaluate_WhenIntelIsUnreachable_ShouldFollowThePolicyForTheOrigin(string origin, FindingSeverity severity)
    {
        var verdict = Evaluate(Clean().With(intel: Unreachable("timed out after 10 s", 3), origin: origin));

        var finding = Assert.Single(verdict.Findings);
        Assert.Equal(RuleIds.IntelUnreachable, finding.RuleId);
        Assert.Equal(severity, finding.Severity);
        Assert.Equal(OsvUrl, finding.Evidence["source"]);
        Assert.Equal("timed out after 10 s", finding.Evidence["problem"]);
        Assert.Equal("3", finding.Evidence["attempts"]);
        Assert.Equal(severity == FindingSeverity.Blocking ? VerdictOutcome.Fail : VerdictOutcome.Pass, verdict.Outcome);
        Assert.Equal(PackageVersionStatus.Unlisted, severity == FindingSeverity.Blocking ? verdict.Action.TargetStatus : PackageVersionStatus.Unlisted);
    }

    [Fact]
    public void Evaluate_WhenIntelUnreachableForInternalIsQuarantine_ShouldBlock()
    {
        var verdict = Evaluate(Clean().With(intel: Unreachable()), "intel:\n  unreachable:\n    internal: quarantine\n");
        Assert.Equal(FindingSeverity.Blocking, Assert.Single(verdict.Findings).Severity);
    }

    [Fact]
    public void Evaluate_WhenIntelAndRegistryWereNotQueried_ShouldGiveNoFindingButKeepTheReason()
    {
        var verdict = Evaluate(Clean().With(
            intel: IntelEvidence.NotQueried("no intel source is configured"),
            registry: RegistryEvidence.NotQueried("no public registry is configured"),
            origin: "EXTERNAL"));

        Assert.Empty(verdict.Findings);
        Assert.Equal("not-queried", verdict.Evidence!.Intel!.Status);
        Assert.Equal("no intel source is configured", verdict.Evidence.Intel.Problem);
        Assert.Equal("not-queried", verdict.Evidence.Registry!.Status);
    }

    [Theory]
    [InlineData(RegistryStatus.NotFound, "", FindingSeverity.Warning)]
    [InlineData(RegistryStatus.Unreachable, "", FindingSeverity.Warning)]
    [InlineData(RegistryStatus.Unreachable, "integrity:\n  publicRegistry:\n    unverified: quarantine\n", FindingSeverity.Blocking)]
    public void Evaluate_WhenExternalVersionIsUnverifiedByTheRegistry_ShouldFollowThePolicy(RegistryStatus status, string yaml, FindingSeverity severity)
    {
        var verdict = Evaluate(Subject(Maven(), ["Apache-2.0"]).With(registry: Registry(status, "HTTP 404"), origin: "EXTERNAL"), yaml);

        var finding = Assert.Single(verdict.Findings);
        Assert.Equal(RuleIds.RegistryUnverified, finding.RuleId);
        Assert.Equal(severity, finding.Severity);
        Assert.Equal(MavenUrl, finding.Evidence["source"]);
        Assert.Equal("HTTP 404", finding.Evidence["problem"]);
        Assert.Equal(status == RegistryStatus.NotFound ? "not-found" : "unreachable", finding.Evidence["status"]);
    }

    [Theory]
    [InlineData(RegistryStatus.Found, "EXTERNAL")]
    [InlineData(RegistryStatus.NotFound, "INTERNAL")]
    public void Evaluate_WhenRegistryFoundOrVersionNotExternal_ShouldGiveNoRegistryFinding(RegistryStatus status, string origin)
    {
        var verdict = Evaluate(Subject(Maven(), ["Apache-2.0"]).With(registry: Registry(status), origin: origin));
        Assert.DoesNotContain(verdict.Findings, f => f.RuleId == RuleIds.RegistryUnverified);
    }

    [Fact]
    public void RuleIds_ShouldListTheNewRulesAndKeepMaliciousOutOfTheWaivable()
    {
        Assert.Contains(RuleIds.IntelMalicious, RuleIds.All);
        Assert.Contains(RuleIds.RegistryUnverified, RuleIds.All);
        Assert.DoesNotContain(RuleIds.IntelMalicious, RuleIds.Waivable);
        Assert.DoesNotContain(RuleIds.RegistryMismatch, RuleIds.Waivable);
        Assert.Contains(RuleIds.IntelVulnerable, RuleIds.Waivable);
        Assert.Contains(RuleIds.IntelUnreachable, RuleIds.Waivable);
        Assert.Contains(RuleIds.RegistryUnverified, RuleIds.Waivable);
    }
}
