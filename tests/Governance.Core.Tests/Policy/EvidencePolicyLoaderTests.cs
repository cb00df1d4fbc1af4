using Governance.Core.Evidence;
using Governance.Core.Integrity;
using Governance.Core.Policy;

namespace Governance.Core.Tests.Policy;

/// <summary>Issue 12: the policy keys for intel, the public registry's digests and license discovery.</summary>
public class EvidencePolicyLoaderTests
{
    private static GovernancePolicy Load(string yaml)
    {
        var result = PolicyLoader.LoadFromText(yaml, "test.yaml");
        Assert.True(result.Success, string.Join("\n", result.Errors));
        return result.Policy;
    }

    private static PolicyError SingleError(string yaml)
    {
        var result = PolicyLoader.LoadFromText(yaml, "test.yaml");
        Assert.False(result.Success);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void DefaultPolicy_ShouldHaveTheDocumentedEvidenceDefaults()
    {
        var policy = DefaultPolicy.Policy;
        Assert.Equal(new VulnerabilityPolicy(AdvisorySeverity.High, EvidenceAction.Quarantine), policy.Intel.Vulnerabilities);
        Assert.Equal(new IntelUnreachablePolicy(EvidenceAction.Quarantine, EvidenceAction.Warn), policy.Intel.Unreachable);
        Assert.Equal(new PublicRegistryPolicy(EvidenceAction.Warn), policy.Integrity.PublicRegistry);
        Assert.Equal(new LicenseDiscoveryPolicy(true, true, 0.9), policy.Licenses.Discovery);
    }

    [Fact]
    public void Load_WhenEveryEvidenceKeyIsSet_ShouldReadEachValue()
    {
        var policy = Load("""
            intel:
              vulnerabilities:
                minimumSeverity: Moderate
                action: warn
              unreachable:
                external: warn
                internal: quarantine
            integrity:
              requiredHashes: [SHA-512]
              publicRegistry:
                unverified: quarantine
            licenses:
              discovery:
                parentPom: false
                archive: false
                minimumScore: 0.75
            """);
        Assert.Equal(new VulnerabilityPolicy(AdvisorySeverity.Moderate, EvidenceAction.Warn), policy.Intel.Vulnerabilities);
        Assert.Equal(new IntelUnreachablePolicy(EvidenceAction.Warn, EvidenceAction.Quarantine), policy.Intel.Unreachable);
        Assert.Equal([HashKind.Sha512], policy.Integrity.RequiredHashes);
        Assert.Equal(EvidenceAction.Quarantine, policy.Integrity.PublicRegistry.Unverified);
        Assert.Equal(new LicenseDiscoveryPolicy(false, false, 0.75), policy.Licenses.Discovery);
    }

    [Fact]
    public void Load_WhenOnlySomeEvidenceKeysAreSet_ShouldTakeTheOthersFromTheDefault()
    {
        var policy = Load("intel:\n  vulnerabilities:\n    action: warn\nintegrity:\n  publicRegistry:\n    unverified: quarantine\nlicenses:\n  discovery:\n    minimumScore: 1\n");
        Assert.Equal(new VulnerabilityPolicy(AdvisorySeverity.High, EvidenceAction.Warn), policy.Intel.Vulnerabilities);
        Assert.Equal(DefaultPolicy.Policy.Intel.Unreachable, policy.Intel.Unreachable);
        Assert.Equal([HashKind.Sha256], policy.Integrity.RequiredHashes);
        Assert.Equal(EvidenceAction.Quarantine, policy.Integrity.PublicRegistry.Unverified);
        Assert.Equal(new LicenseDiscoveryPolicy(true, true, 1.0), policy.Licenses.Discovery);
        Assert.Equal(DefaultPolicy.Policy.Licenses.Allow, policy.Licenses.Allow);
    }

    [Theory]
    [InlineData("intel:\n  vulnerabilities:\n    minimumSeverity: severe\n", 3, "intel.vulnerabilities.minimumSeverity", "'severe' is not allowed; use one of low, moderate, high, critical")]
    [InlineData("intel:\n  vulnerabilities:\n    minimumSeverity: unknown\n", 3, "intel.vulnerabilities.minimumSeverity", "use one of low, moderate, high, critical")]
    [InlineData("intel:\n  vulnerabilities:\n    action: block\n", 3, "intel.vulnerabilities.action", "'block' is not allowed; use one of quarantine, warn")]
    [InlineData("intel:\n  unreachable:\n    external: allow\n", 3, "intel.unreachable.external", "use one of quarantine, warn")]
    [InlineData("intel:\n  unreachable:\n    internal: [warn]\n", 3, "intel.unreachable.internal", "must be one of quarantine, warn, found a list")]
    [InlineData("intel:\n  unreachable:\n    local: warn\n", 3, "intel.unreachable.local", "unknown key 'local'; allowed here: external, internal")]
    [InlineData("intel:\n  malicious: warn\n", 2, "intel.malicious", "unknown key 'malicious'; allowed here: vulnerabilities, unreachable")]
    [InlineData("intel: quarantine\n", 1, "intel", "must be a mapping")]
    [InlineData("integrity:\n  publicRegistry:\n    unverified: allow\n", 3, "integrity.publicRegistry.unverified", "'allow' is not allowed; use one of quarantine, warn")]
    [InlineData("integrity:\n  publicRegistry: warn\n", 2, "integrity.publicRegistry", "must be a mapping")]
    [InlineData("licenses:\n  discovery:\n    parentPom: yes please\n", 3, "licenses.discovery.parentPom", "use one of true, false")]
    [InlineData("licenses:\n  discovery:\n    archive: 1\n", 3, "licenses.discovery.archive", "use one of true, false")]
    [InlineData("licenses:\n  discovery:\n    minimumScore: 0.4\n", 3, "licenses.discovery.minimumScore", "'0.4' is not a number from 0.5 to 1")]
    [InlineData("licenses:\n  discovery:\n    minimumScore: 1.5\n", 3, "licenses.discovery.minimumScore", "'1.5' is not a number from 0.5 to 1")]
    [InlineData("licenses:\n  discovery:\n    minimumScore: high\n", 3, "licenses.discovery.minimumScore", "'high' is not a number from 0.5 to 1")]
    [InlineData("licenses:\n  discovery:\n    pom: true\n", 3, "licenses.discovery.pom", "unknown key 'pom'; allowed here: parentPom, archive, minimumScore")]
    public void Load_WhenAnEvidenceKeyIsWrong_ShouldNameTheKeyTheLineAndWhatIsAccepted(string yaml, int line, string key, string message)
    {
        var error = SingleError(yaml);
        Assert.Equal(key, error.Key);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"test.yaml:{line}:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenAWaiverNamesIntelMalicious_ShouldRefuseItWithTheReason()
    {
        var error = SingleError("waivers:\n  - package: pkg:npm/x\n    version: 1.0.0\n    rule: intel.malicious\n    reason: we trust it\n    expires: 2027-01-01\n");
        Assert.Equal("waivers[0].rule", error.Key);
        Assert.Equal(4, error.Line);
        Assert.Contains("'intel.malicious' cannot be waived", error.Message, StringComparison.Ordinal);
        Assert.Contains("known-malicious", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("digest", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("intel.vulnerable")]
    [InlineData("intel.unreachable")]
    [InlineData("registry.unverified")]
    [InlineData("intel.*")]
    public void Load_WhenAWaiverNamesAWaivableEvidenceRule_ShouldAcceptIt(string rule)
    {
        var policy = Load($"waivers:\n  - package: pkg:npm/x\n    version: 1.0.0\n    rule: {rule}\n    reason: CVE not reachable, SEC-7\n    expires: 2027-01-01\n");
        Assert.Equal(rule, Assert.Single(policy.Waivers).Rule);
    }

    [Theory]
    [InlineData("EXTERNAL", EvidenceAction.Quarantine)]
    [InlineData("INTERNAL", EvidenceAction.Warn)]
    [InlineData("LOCAL", EvidenceAction.Warn)]
    [InlineData("UNKNOWN", EvidenceAction.Quarantine)]
    public void IntelUnreachable_For_ShouldPickThePolicyOfTheOrigin(string origin, EvidenceAction expected)
    {
        Assert.Equal(expected, new IntelUnreachablePolicy(EvidenceAction.Quarantine, EvidenceAction.Warn).For(origin));
    }
}
