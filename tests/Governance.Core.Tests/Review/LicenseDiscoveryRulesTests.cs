using Governance.Core.Evidence;
using Governance.Core.Policy;
using Governance.Core.Review;
using static Governance.Core.Tests.Review.EvidenceSubjects;
using static Governance.Core.Tests.Review.ReviewSubjects;

namespace Governance.Core.Tests.Review;

/// <summary>Issue 12: licenses read from the artifact stand in for missing or unrecognised metadata.</summary>
public class LicenseDiscoveryRulesTests
{
    private static readonly DiscoveredLicense ParentPom = new(LicenseSource.ParentPom, "Apache License, Version 2.0", "org.apache.commons:commons-parent:58", null);
    private static readonly DiscoveredLicense GplFile = new(LicenseSource.LicenseFile, "GPL-3.0-only", "META-INF/LICENSE in commons-text-1.10.0.jar", 0.98);
    private static readonly DiscoveredLicense Manifest = new(LicenseSource.PackageManifest, "MIT", "package/package.json in ui-kit-2.3.1.tgz", null);

    private static ReviewSubject Found(string[] metadata, params DiscoveredLicense[] found) =>
        Subject(Maven(), metadata).With(licenses: new LicenseDiscovery(found, []));

    [Fact]
    public void Evaluate_WhenMetadataIsMissingAndTheParentPomHasALicense_ShouldJudgeItAndSayWhere()
    {
        var verdict = Evaluate(Found([], ParentPom));

        Assert.Equal(VerdictOutcome.Pass, verdict.Outcome);
        Assert.Equal("Apache-2.0", verdict.Licenses.Expression);
        Assert.Equal("Allowed", verdict.Licenses.Standing);
        Assert.Equal("parent-pom", verdict.Licenses.Source);
        Assert.Equal("org.apache.commons:commons-parent:58", verdict.Licenses.Location);
        Assert.Equal(["Apache License, Version 2.0"], verdict.Licenses.Declared);
        Assert.Contains(verdict.Licenses.Notes!, n => n.Contains("metadata declares no license", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_WhenTheParentPomIsSwitchedOff_ShouldStayMissingWithANote()
    {
        var verdict = Evaluate(Found([], ParentPom), "licenses:\n  discovery:\n    parentPom: false\n");

        var finding = Assert.Single(verdict.Findings);
        Assert.Equal(RuleIds.LicenseMissing, finding.RuleId);
        Assert.Contains("licenses.discovery.parentPom is false", finding.Evidence["discovery"], StringComparison.Ordinal);
        Assert.Equal("metadata", verdict.Licenses.Source);
    }

    [Fact]
    public void Evaluate_WhenALicenseFileMatchesAboveTheThreshold_ShouldJudgeItWithItsScore()
    {
        var verdict = Evaluate(Found([], GplFile));

        var finding = Assert.Single(verdict.Findings);
        Assert.Equal(RuleIds.LicenseDenied, finding.RuleId);
        Assert.Equal("license-file", finding.Evidence["source"]);
        Assert.Equal("META-INF/LICENSE in commons-text-1.10.0.jar", finding.Evidence["location"]);
        Assert.Equal("0.98", finding.Evidence["score"]);
        Assert.Contains("(read from the license file META-INF/LICENSE in commons-text-1.10.0.jar (score 0.98))", finding.Message, StringComparison.Ordinal);
        Assert.Equal(0.98, verdict.Licenses.Score);
    }

    [Fact]
    public void Evaluate_WhenTheLicenseFileScoresBelowTheThreshold_ShouldStayMissingAndSayTheBestScore()
    {
        var weak = new DiscoveredLicense(LicenseSource.LicenseFile, "MIT", "LICENSE in x.jar", 0.82);
        var weaker = new DiscoveredLicense(LicenseSource.LicenseFile, "ISC", "COPYING in x.jar", 0.61);
        var subject = Subject(Maven(), []).With(licenses: new LicenseDiscovery([weaker, weak], ["the archive lib.jar stopped at the 10,000-entry bound"]));

        var verdict = Evaluate(subject);

        var finding = Assert.Single(verdict.Findings);
        Assert.Equal(RuleIds.LicenseMissing, finding.RuleId);
        var discovery = finding.Evidence["discovery"];
        Assert.Contains("the archive lib.jar stopped at the 10,000-entry bound", discovery, StringComparison.Ordinal);
        Assert.Contains("LICENSE in x.jar matched MIT with score 0.82, below licenses.discovery.minimumScore 0.90", discovery, StringComparison.Ordinal);
        Assert.DoesNotContain("COPYING", discovery, StringComparison.Ordinal);
        Assert.False(finding.Evidence.ContainsKey("source"));
    }

    [Fact]
    public void Evaluate_WhenTheThresholdIsLowered_ShouldUseTheSameLicenseFile()
    {
        var weak = new DiscoveredLicense(LicenseSource.LicenseFile, "MIT", "LICENSE in x.jar", 0.82);
        var verdict = Evaluate(Found([], weak), "licenses:\n  discovery:\n    minimumScore: 0.8\n");
        Assert.Equal(VerdictOutcome.Pass, verdict.Outcome);
        Assert.Equal("license-file", verdict.Licenses.Source);
    }

    [Fact]
    public void Evaluate_WhenManifestParentPomAndFileAllFound_ShouldPreferTheManifest()
    {
        var verdict = Evaluate(Found([], GplFile, ParentPom, Manifest));

        Assert.Equal(VerdictOutcome.Pass, verdict.Outcome);
        Assert.Equal("MIT", verdict.Licenses.Expression);
        Assert.Equal("package-manifest", verdict.Licenses.Source);
    }

    [Fact]
    public void Evaluate_WhenArchiveReadingIsOff_ShouldSkipManifestAndFileForTheParentPom()
    {
        var verdict = Evaluate(Found([], GplFile, ParentPom, Manifest), "licenses:\n  discovery:\n    archive: false\n");

        Assert.Equal("parent-pom", verdict.Licenses.Source);
        Assert.Contains(verdict.Licenses.Notes!, n => n.Contains("licenses.discovery.archive is false", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_WhenMetadataIsUnrecognised_ShouldUseTheDiscoveredLicenseAndNoteTheMetadata()
    {
        var verdict = Evaluate(Found(["SEE LICENSE IN LICENSE.txt"], new DiscoveredLicense(LicenseSource.LicenseFile, "MIT", "LICENSE.txt", 0.99)));

        Assert.Equal(VerdictOutcome.Pass, verdict.Outcome);
        Assert.Contains(verdict.Licenses.Notes!, n => n.Contains("'SEE LICENSE IN LICENSE.txt', not a recognised license", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_WhenMetadataHasARecognisedLicense_ShouldIgnoreDiscovery()
    {
        var verdict = Evaluate(Found(["MIT"], GplFile));
        Assert.Equal(VerdictOutcome.Pass, verdict.Outcome);
        Assert.Equal("metadata", verdict.Licenses.Source);
        Assert.Null(verdict.Licenses.Notes);
    }

    [Fact]
    public void Evaluate_WhenTheManifestLicenseIsUnrecognised_ShouldFallThroughToTheNextSource()
    {
        var odd = new DiscoveredLicense(LicenseSource.PackageManifest, "Whatever-Custom", "package.json", null);
        var verdict = Evaluate(Found([], odd, ParentPom));

        Assert.Equal("parent-pom", verdict.Licenses.Source);
        Assert.Contains(verdict.Licenses.Notes!, n => n.Contains("'Whatever-Custom' (package.json) is not a recognised license", StringComparison.Ordinal));
    }
}
