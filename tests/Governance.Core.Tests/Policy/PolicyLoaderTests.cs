using CsCheck;
using Governance.Core.Integrity;
using Governance.Core.Packages;
using Governance.Core.Policy;

namespace Governance.Core.Tests.Policy;

public class PolicyLoaderTests
{
    private static PolicyError SingleError(string yaml)
    {
        var result = PolicyLoader.LoadFromText(yaml, "test.yaml");
        Assert.False(result.Success);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void DefaultPolicy_WhenLoaded_ShouldHaveTheDocumentedDefaults()
    {
        var policy = DefaultPolicy.Policy;
        Assert.Equal(PolicyMode.Enforce, policy.Mode);
        Assert.Equal(PackageVersionStatus.Unlisted, policy.QuarantineStatus);
        Assert.Equal([HashKind.Sha256], policy.Integrity.RequiredHashes);
        Assert.Contains("MIT", policy.Licenses.Allow);
        Assert.Contains("Apache-2.0", policy.Licenses.Allow);
        Assert.Contains("GPL-*", policy.Licenses.Deny);
        Assert.Contains("AGPL-*", policy.Licenses.Deny);
        Assert.Equal(LicenseFallback.Quarantine, policy.Licenses.UnknownFor("npm"));
        Assert.Equal(LicenseFallback.Allow, policy.Licenses.MissingFor("generic"));
        Assert.Equal(LicenseFallback.Quarantine, policy.Licenses.MissingFor("maven"));
        Assert.Equal(2L * 1024 * 1024 * 1024, policy.SizeLimits.MaxAssetBytes);
        Assert.Empty(policy.Waivers);
        Assert.True(policy.Scope.IncludesRepository("nextwork-devops-cicd"));
    }

    [Fact]
    public void DefaultPolicy_ShouldBeTheRepositoryGovernanceYaml()
    {
        Assert.Equal(File.ReadAllText(Fixtures.Path("governance.yaml")), DefaultPolicy.Text);
    }

    [Fact]
    public void LoadFromText_WhenKeysOmitted_ShouldTakeDefaultValues()
    {
        var result = PolicyLoader.LoadFromText("mode: audit\n", "p.yaml");
        Assert.True(result.Success, string.Join("\n", result.Errors));
        Assert.Equal(PolicyMode.Audit, result.Policy.Mode);
        Assert.Equal(DefaultPolicy.Policy.Licenses.Allow, result.Policy.Licenses.Allow);
        Assert.Equal("p.yaml", result.Policy.SourceName);
    }

    [Fact]
    public void LoadFromText_WhenFullPolicy_ShouldReadEverySection()
    {
        var yaml = """
            version: 1
            mode: audit
            quarantineStatus: Archived
            scope:
              repositories: [team-*, nextwork-devops-cicd]
              formats: [npm, maven]
            integrity:
              requiredHashes: [SHA-256, sha512]
            licenses:
              allow: [MIT, GPL-2.0, LicenseRef-Acme]
              deny: [AGPL-*]
              allowedExceptions: [Classpath-exception-2.0]
              unknown: allow
              missing: quarantine
              formats:
                generic: { missing: allow }
            denyList:
              - package: pkg:npm/event-stream
                versions: ">=3.3.6 <4.0.0"
                reason: compromised maintainer account
            sizeLimits:
              maxAssetBytes: 100MB
              maxVersionBytes: null
            waivers:
              - package: pkg:npm/%40acme/ui-kit
                version: 2.3.1
                rule: license.*
                reason: legal approved LEGAL-42
                expires: 2026-12-31
            """;
        var result = PolicyLoader.LoadFromText(yaml, "p.yaml");
        Assert.True(result.Success, string.Join("\n", result.Errors));
        var p = result.Policy;
        Assert.Equal(PackageVersionStatus.Archived, p.QuarantineStatus);
        Assert.True(p.Scope.IncludesRepository("team-npm"));
        Assert.False(p.Scope.IncludesRepository("other"));
        Assert.False(p.Scope.IncludesFormat("pypi"));
        Assert.Equal([HashKind.Sha256, HashKind.Sha512], p.Integrity.RequiredHashes);
        Assert.Contains("GPL-2.0-only", p.Licenses.Allow);
        Assert.Equal(LicenseFallback.Allow, p.Licenses.Unknown);
        var deny = Assert.Single(p.DenyList);
        Assert.Equal("event-stream", deny.Package.Name);
        Assert.True(deny.Versions.Contains("3.3.6"));
        Assert.False(deny.Versions.Contains("4.0.0"));
        Assert.Equal(100_000_000, p.SizeLimits.MaxAssetBytes);
        Assert.Null(p.SizeLimits.MaxVersionBytes);
        var waiver = Assert.Single(p.Waivers);
        Assert.Equal("acme", waiver.Package.Namespace);
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), waiver.ExpiresAt);
        Assert.True(waiver.CoversRule("license.denied"));
        Assert.False(waiver.CoversRule("deny-list.match"));
    }

    [Theory]
    [InlineData("mode: maybe\n", 1, "mode", "enforce, audit")]
    [InlineData("quarantineStatus: Deleted\n", 1, "quarantineStatus", "Unlisted, Archived")]
    [InlineData("mode: audit\nlicences: {}\n", 2, "licences", "allowed here: version, mode")]
    [InlineData("licenses:\n  unknown: perhaps\n", 2, "licenses.unknown", "quarantine, allow")]
    [InlineData("licenses:\n  allow: [MIT, MTI]\n", 2, "licenses.allow", "'MTI' is not an SPDX license id")]
    [InlineData("licenses:\n  allowedExceptions: [Nope-exception]\n", 2, "licenses.allowedExceptions", "not an SPDX license exception")]
    [InlineData("licenses:\n  formats:\n    rpm: { missing: allow }\n", 3, "licenses.formats.rpm", "not a package format")]
    [InlineData("integrity:\n  requiredHashes: [SHA-3]\n", 2, "integrity.requiredHashes", "SHA-256, SHA-512, SHA-1, MD5")]
    [InlineData("integrity:\n  requiredHashes: []\n", 2, "integrity.requiredHashes", "at least one")]
    [InlineData("sizeLimits:\n  maxAssetBytes: lots\n", 2, "sizeLimits.maxAssetBytes", "2GiB")]
    [InlineData("scope:\n  formats: [npm, rpm]\n", 2, "scope.formats", "not a package format")]
    [InlineData("denyList:\n  - package: npm/left-pad\n    reason: x\n", 2, "denyList[0].package", "pkg:")]
    [InlineData("denyList:\n  - package: pkg:npm/left-pad\n", 2, "denyList[0].reason", "is required")]
    [InlineData("denyList:\n  - package: pkg:npm/left-pad\n    versions: '>>1'\n    reason: x\n", 3, "denyList[0].versions", "comparator")]
    [InlineData("waivers:\n  - package: pkg:npm/x\n    version: 1.0.0\n    rule: license.denied\n    reason: ok\n", 2, "waivers[0].expires", "every waiver ends")]
    [InlineData("waivers:\n  - package: pkg:npm/x\n    version: 1.0.0\n    rule: license.denied\n    reason: ok\n    expires: next year\n", 6, "waivers[0].expires", "2026-12-31")]
    [InlineData("waivers:\n  - package: pkg:npm/x\n    version: 1.0.0\n    rule: integrity.sha256-mismatch\n    reason: ok\n    expires: 2030-01-01\n", 4, "waivers[0].rule", "cannot be waived")]
    [InlineData("waivers:\n  - package: pkg:npm/x\n    version: 1.0.0\n    rule: licence.denied\n    reason: ok\n    expires: 2030-01-01\n", 4, "waivers[0].rule", "license.denied")]
    [InlineData("waivers:\n  - package: pkg:npm/x@1.0.0\n    version: 1.0.0\n    rule: license.denied\n    reason: ok\n    expires: 2030-01-01\n", 2, "waivers[0].package", "names a version")]
    [InlineData("version: 2\n", 1, "version", "allowed: 1")]
    [InlineData("mode: [audit]\n", 1, "mode", "must be one of")]
    public void LoadFromText_WhenValueIsBad_ShouldNameFileLineKeyAndWhatIsAllowed(string yaml, int line, string key, string fragment)
    {
        var error = SingleError(yaml);
        Assert.Equal("test.yaml", error.File);
        Assert.Equal(line, error.Line);
        Assert.Equal(key, error.Key);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromText_WhenYamlIsBroken_ShouldGiveLineAndColumn()
    {
        var result = PolicyLoader.LoadFromText("mode: audit\nscope: [\n", "broken.yaml");
        var error = Assert.Single(result.Errors);
        Assert.Equal("broken.yaml", error.File);
        Assert.True(error.Line >= 2);
        Assert.Contains("not valid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromText_WhenSeveralProblems_ShouldReportAll()
    {
        var result = PolicyLoader.LoadFromText("mode: x\nquarantineStatus: y\n", "t.yaml");
        Assert.Equal(["mode", "quarantineStatus"], result.Errors.Select(e => e.Key));
    }

    [Fact]
    public void ToString_ShouldBeCompilerStyle()
    {
        Assert.Equal("t.yaml:1:7: mode: 'x' is not allowed; use one of enforce, audit",
            PolicyLoader.LoadFromText("mode: x\n", "t.yaml").Errors[0].ToString());
    }

    [Fact]
    public void Load_WhenFileMissing_ShouldReturnErrorNamingTheFile()
    {
        var result = PolicyLoader.Load("/nonexistent/governance.yaml");
        Assert.Equal("/nonexistent/governance.yaml", Assert.Single(result.Errors).File);
    }

    [Fact]
    public void WithOverrides_WhenGiven_ShouldReplaceModeAndStatusOnly()
    {
        var policy = DefaultPolicy.Policy.WithOverrides(PolicyMode.Audit, PackageVersionStatus.Archived);
        Assert.Equal(PolicyMode.Audit, policy.Mode);
        Assert.Equal(PackageVersionStatus.Archived, policy.QuarantineStatus);
        Assert.Equal(DefaultPolicy.Policy.Licenses, policy.Licenses);
        Assert.Throws<ArgumentException>(() => DefaultPolicy.Policy.WithOverrides(null, PackageVersionStatus.Deleted));
    }

    [Theory]
    [InlineData("audit", "archived", null)]
    [InlineData("", "", null)]
    [InlineData("dry-run", null, "GOVERNANCE_MODE")]
    [InlineData(null, "Disposed", "GOVERNANCE_QUARANTINE_STATUS")]
    public void WithEnvironmentOverrides_WhenValueBad_ShouldNameTheVariable(string? mode, string? status, string? errorVariable)
    {
        var result = DefaultPolicy.Policy.WithEnvironmentOverrides(mode, status);
        if (errorVariable is null)
        {
            Assert.NotNull(result.Policy);
        }
        else
        {
            Assert.Null(result.Policy);
            Assert.Contains(errorVariable, result.Error, StringComparison.Ordinal);
        }
    }
}

public class PolicyLoaderPropertyTests
{
    [Fact]
    public void LoadFromText_WhenTextIsArbitrary_ShouldNeverThrow()
    {
        var yamlish = Gen.String[Gen.Char["[]{}:,-'\"#&*!|>%@` \n\tmodeauditlicens0123"], 0, 120];
        Gen.OneOf(yamlish, Gen.String).Sample(text =>
        {
            var result = PolicyLoader.LoadFromText(text, "fuzz.yaml");
            Assert.True(result.Success || result.Errors.Count > 0);
        }, iter: int.Parse(Environment.GetEnvironmentVariable("FUZZ_ITER") ?? "3000"));
    }

    [Fact]
    public void LoadFromText_WhenFlowSequenceUnclosed_ShouldReportInvalidYaml()
    {
        var result = PolicyLoader.LoadFromText("mode: enforce\nlicenses:\n  allow: [MIT\n  deny: []\n", "bad.yaml");
        var error = Assert.Single(result.Errors);
        Assert.Contains("not valid YAML", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line >= 3, error.ToString());
    }

    [Theory]
    [InlineData("-\t:")]
    [InlineData("a: [b")]
    public void LoadFromText_WhenYamlDotNetThrowsNonYamlException_ShouldStillReportAnError(string text)
    {
        var result = PolicyLoader.LoadFromText(text, "odd.yaml");
        Assert.Contains("not valid YAML", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromText_WhenKeyDuplicated_ShouldReportIt()
    {
        var error = Assert.Single(PolicyLoader.LoadFromText("mode: enforce\nmode: audit\n", "dup.yaml").Errors);
        Assert.Contains("Duplicate key", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Line);
    }
}
