using Governance.Core.Integrity;
using Governance.Core.Packages;
using Governance.Core.Policy;
using Governance.Core.Review;
using static Governance.Core.Tests.Review.ReviewSubjects;

namespace Governance.Core.Tests.Review;

public class PolicyEvaluatorTests
{
    [Fact]
    public void Evaluate_WhenMitAndHashMatches_ShouldPassAndPublish()
    {
        var verdict = PolicyEvaluator.Evaluate(Subject(Npm(), ["MIT"]), TestPolicy(), Now);
        Assert.Equal(VerdictOutcome.Pass, verdict.Outcome);
        Assert.Empty(verdict.Findings);
        Assert.Equal(new VerdictAction(ActionKind.Publish, PackageVersionStatus.Published, null, null), verdict.Action);
        Assert.Equal("pkg:npm/%40acme/ui-kit@2.3.1", verdict.Package.Purl);
        Assert.Equal("MIT", verdict.Licenses.Expression);
        Assert.True(Assert.Single(verdict.Assets).Verified);
    }

    [Fact]
    public void Evaluate_WhenSha256Differs_ShouldFailWithMismatchEvidence()
    {
        var verdict = PolicyEvaluator.Evaluate(Subject(Npm(), ["MIT"], Asset(actual: BadSha)), TestPolicy(), Now);
        Assert.Equal(VerdictOutcome.Fail, verdict.Outcome);
        Assert.Equal(new VerdictAction(ActionKind.Quarantine, PackageVersionStatus.Unlisted, null, null), verdict.Action);
        var finding = Assert.Single(verdict.Findings);
        Assert.Equal("integrity.sha256-mismatch", finding.RuleId);
        Assert.Equal(GoodSha, finding.Evidence["expected"]);
        Assert.Equal(BadSha, finding.Evidence["actual"]);
        Assert.Equal("ui-kit-2.3.1.tgz", finding.Asset);
    }

    [Fact]
    public void Evaluate_WhenRequiredHashNotRecorded_ShouldReportHashMissing()
    {
        var verdict = PolicyEvaluator.Evaluate(Subject(Npm(), ["MIT"]), TestPolicy("integrity:\n  requiredHashes: [SHA-256, SHA-512]\n"), Now);
        Assert.Equal("integrity.hash-missing", Assert.Single(verdict.Findings).RuleId);
    }

    [Fact]
    public void Evaluate_WhenGplDeclared_ShouldFailWithDeniedAndWaiverRemedy()
    {
        var verdict = PolicyEvaluator.Evaluate(Subject(Npm(), ["GPL-3.0-or-later"]), TestPolicy(), Now);
        var finding = Assert.Single(verdict.Findings);
        Assert.Equal("license.denied", finding.RuleId);
        Assert.Equal("GPL-3.0-or-later", finding.Evidence["expression"]);
        Assert.Contains("package: \"pkg:npm/%40acme/ui-kit\"", finding.Remedy, StringComparison.Ordinal);
        Assert.Contains("rule: license.denied", finding.Remedy, StringComparison.Ordinal);
        Assert.Contains("expires: 2027-02-23", finding.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WhenRemedyWaiverIsAddedToPolicy_ShouldPassWithTheFindingWaived()
    {
        var first = PolicyEvaluator.Evaluate(Subject(Npm(), ["GPL-3.0-only"]), TestPolicy(), Now);
        var remedy = first.Findings[0].Remedy!;
        var waiverYaml = remedy[remedy.IndexOf("waivers:", StringComparison.Ordinal)..].Replace("<why", "legal approved <why", StringComparison.Ordinal);

        var second = PolicyEvaluator.Evaluate(Subject(Npm(), ["GPL-3.0-only"]), TestPolicy(waiverYaml), Now);

        Assert.Equal(VerdictOutcome.Pass, second.Outcome);
        var waived = Assert.Single(second.Waived);
        Assert.Equal("license.denied", waived.Finding.RuleId);
        Assert.Equal("pkg:npm/%40acme/ui-kit", waived.Waiver.Package);
    }

    [Fact]
    public void Evaluate_WhenWaiverExpired_ShouldFailAndSayTheWaiverExpired()
    {
        var yaml = """
            waivers:
              - package: pkg:npm/%40acme/ui-kit
                version: 2.3.1
                rule: license.denied
                reason: approved for Q3
                expires: 2026-11-24
            """;
        var verdict = PolicyEvaluator.Evaluate(Subject(Npm(), ["GPL-3.0-only"]), TestPolicy(yaml), Now);
        Assert.Equal(VerdictOutcome.Fail, verdict.Outcome);
        Assert.Empty(verdict.Waived);
        Assert.Equal(["license.denied", "waiver.expired"], verdict.Findings.Select(f => f.RuleId));
        Assert.Equal(FindingSeverity.Warning, verdict.Findings[1].Severity);
        Assert.Equal("2", verdict.Findings[1].Evidence["policyLine"]);
    }

    [Fact]
    public void Evaluate_WhenWaiverExpiresToday_ShouldStillApplyUntilEndOfDay()
    {
        var yaml = "waivers:\n  - package: pkg:npm/@acme/ui-kit\n    version: 2.3.1\n    rule: license.*\n    reason: r\n    expires: 2026-11-25\n";
        Assert.True(PolicyEvaluator.Evaluate(Subject(Npm(), ["GPL-3.0-only"]), TestPolicy(yaml), Now).Passed);
    }

    [Fact]
    public void Evaluate_WhenWaiverIsForAnotherVersion_ShouldNotApply()
    {
        var yaml = "waivers:\n  - package: pkg:npm/@acme/ui-kit\n    version: 2.3.0\n    rule: license.denied\n    reason: r\n    expires: 2030-01-01\n";
        Assert.False(PolicyEvaluator.Evaluate(Subject(Npm(), ["GPL-3.0-only"]), TestPolicy(yaml), Now).Passed);
    }

    [Fact]
    public void Evaluate_WhenUnknownLicenseText_ShouldReportItVerbatim()
    {
        var verdict = PolicyEvaluator.Evaluate(Subject(Npm(), ["SEE LICENSE IN LICENSE.md"]), TestPolicy(), Now);
        var finding = Assert.Single(verdict.Findings);
        Assert.Equal("license.unknown", finding.RuleId);
        Assert.Contains("SEE LICENSE IN LICENSE.md", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WhenGenericWithoutLicense_ShouldPassUnderDefaultPolicy()
    {
        Assert.True(PolicyEvaluator.Evaluate(Subject(Generic(), []), TestPolicy(), Now).Passed);
    }

    [Fact]
    public void Evaluate_WhenNpmWithoutLicense_ShouldFailWithMissing()
    {
        Assert.Equal("license.missing", Assert.Single(PolicyEvaluator.Evaluate(Subject(Npm(), []), TestPolicy(), Now).Findings).RuleId);
    }

    [Fact]
    public void Evaluate_WhenMplNotAllowed_ShouldFailWithNotAllowed()
    {
        Assert.Equal("license.not-allowed", Assert.Single(PolicyEvaluator.Evaluate(Subject(Npm(), ["MPL-2.0"]), TestPolicy(), Now).Findings).RuleId);
    }

    [Fact]
    public void Evaluate_WhenOnDenyList_ShouldFailWithTheEntry()
    {
        var yaml = "denyList:\n  - package: pkg:npm/@acme/ui-kit\n    versions: '>=2.0.0 <2.4.0'\n    reason: CVE-2026-0001\n";
        var finding = Assert.Single(PolicyEvaluator.Evaluate(Subject(Npm(), ["MIT"]), TestPolicy(yaml), Now).Findings);
        Assert.Equal("deny-list.match", finding.RuleId);
        Assert.Equal("CVE-2026-0001", finding.Evidence["reason"]);
        Assert.True(PolicyEvaluator.Evaluate(Subject(Npm(version: "2.4.0"), ["MIT"]), TestPolicy(yaml), Now).Passed);
    }

    [Fact]
    public void Evaluate_WhenAssetOverLimit_ShouldFailWithSizeExceeded()
    {
        var asset = Asset() with { SizeLimitExceeded = true, ActualHashes = new Dictionary<HashKind, string>(), BytesRead = 2001 };
        var verdict = PolicyEvaluator.Evaluate(Subject(Npm(), ["MIT"], asset), TestPolicy("sizeLimits:\n  maxAssetBytes: 2KB\n"), Now);
        var finding = Assert.Single(verdict.Findings);
        Assert.Equal("size.exceeded", finding.RuleId);
        Assert.False(Assert.Single(verdict.Assets).Verified);
    }

    [Fact]
    public void Evaluate_WhenVersionTotalOverLimit_ShouldFailOnce()
    {
        var verdict = PolicyEvaluator.Evaluate(Subject(Npm(), ["MIT"], Asset("a", size: 600), Asset("b", size: 600)),
            TestPolicy("sizeLimits:\n  maxVersionBytes: 1000\n"), Now);
        Assert.Single(verdict.Findings, f => f.RuleId == "size.exceeded");
    }

    [Fact]
    public void Evaluate_WhenAuditMode_ShouldTakeNoActionAndSayWhatEnforceWouldDo()
    {
        var verdict = PolicyEvaluator.Evaluate(Subject(Npm(), ["AGPL-3.0-only"]), TestPolicy().WithOverrides(PolicyMode.Audit, PackageVersionStatus.Archived), Now);
        Assert.Equal(VerdictOutcome.Fail, verdict.Outcome);
        Assert.Equal(new VerdictAction(ActionKind.None, null, ActionKind.Quarantine, PackageVersionStatus.Archived), verdict.Action);
        Assert.Equal("audit", verdict.Mode);
        Assert.Equal("none", verdict.Action.AttributeValue);
    }

    [Fact]
    public void Evaluate_WhenIntegrityFindingHasWaiverForFamily_ShouldNotWaiveIt()
    {
        var yaml = "waivers:\n  - package: pkg:npm/@acme/ui-kit\n    version: 2.3.1\n    rule: '*'\n    reason: r\n    expires: 2030-01-01\n";
        var verdict = PolicyEvaluator.Evaluate(Subject(Npm(), ["MIT"], Asset(actual: BadSha)), TestPolicy(yaml), Now);
        Assert.False(verdict.Passed);
        Assert.Empty(verdict.Waived);
    }

    [Fact]
    public void VerdictDocument_WhenSerializedAndParsed_ShouldRoundTrip()
    {
        var verdict = PolicyEvaluator.Evaluate(Subject(Npm(), ["GPL-3.0-only", "MIT"], Asset(actual: BadSha)), TestPolicy(), Now);
        var json = VerdictDocument.Serialize(verdict);

        var parsed = VerdictDocument.Parse(json, out var error);

        Assert.Null(error);
        Assert.NotNull(parsed);
        Assert.Equal(json, VerdictDocument.Serialize(parsed));
        Assert.Contains("\"ruleId\": \"integrity.sha256-mismatch\"", json, StringComparison.Ordinal);
        Assert.Contains("\"outcome\": \"Fail\"", json, StringComparison.Ordinal);
        Assert.Contains("\"schema\": \"governance.verdict/v1\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}", "package")]
    [InlineData("[]", "")]
    [InlineData("not json", "not valid")]
    public void VerdictDocument_WhenNotAVerdict_ShouldExplain(string json, string fragment)
    {
        Assert.Null(VerdictDocument.Parse(json, out var error));
        Assert.Contains(fragment, error, StringComparison.Ordinal);
    }
}
