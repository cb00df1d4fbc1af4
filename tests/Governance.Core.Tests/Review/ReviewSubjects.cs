using Governance.Core.Integrity;
using Governance.Core.Packages;
using Governance.Core.Policy;
using Governance.Core.Review;

namespace Governance.Core.Tests.Review;

/// <summary>Builds review subjects for the evaluator tests.</summary>
public static class ReviewSubjects
{
    public const string GoodSha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    public const string BadSha = "0000000000000000000000000000000000000000000000000000000000000000";

    public static PackageVersionId Npm(string name = "ui-kit", string version = "2.3.1") =>
        new("my-domain", "111122223333", "team-npm", "npm", "acme", name, version);

    public static PackageVersionId Generic() =>
        new("nextwork", "123456789012", "nextwork-devops-cicd", "generic", "secret-mission", "secret-mission", "1.0.0");

    public static AssetIntegrity Asset(string name = "ui-kit-2.3.1.tgz", string actual = GoodSha, long size = 4) =>
        new(name, size, new Dictionary<string, string> { ["SHA-256"] = GoodSha.ToUpperInvariant() },
            new Dictionary<HashKind, string> { [HashKind.Sha256] = actual }, size, false);

    public static ReviewSubject Subject(PackageVersionId id, string[] licenses, params AssetIntegrity[] assets) =>
        new(new PackageVersionFacts(id, PackageVersionStatus.Published, "rev-1", licenses, "INTERNAL", null),
            assets.Length == 0 ? [Asset()] : assets);

    /// <summary>The moment every evaluator test judges at (waivers and ages are counted from it).</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The embedded default policy, or <paramref name="yaml"/> loaded (which must load without errors).</summary>
    public static GovernancePolicy TestPolicy(string yaml = "")
    {
        if (yaml.Length == 0)
        {
            return DefaultPolicy.Policy;
        }

        var result = PolicyLoader.LoadFromText(yaml, "t.yaml");
        Assert.True(result.Success, string.Join("\n", result.Errors));
        return result.Policy;
    }

    /// <summary>The verdict on <paramref name="subject"/> under <see cref="TestPolicy"/> at <see cref="Now"/>.</summary>
    public static Verdict Evaluate(ReviewSubject subject, string yaml = "") => PolicyEvaluator.Evaluate(subject, TestPolicy(yaml), Now);
}

/// <summary>Builds the evidence gathered beyond CodeArtifact for the evaluator and renderer tests.</summary>
public static class EvidenceSubjects
{
    public const string OsvUrl = "https://api.osv.dev";
    public const string MavenUrl = "https://repo1.maven.org/maven2";

    public static Governance.Core.Evidence.Advisory Advisory(
        string id,
        Governance.Core.Evidence.AdvisorySeverity severity = Governance.Core.Evidence.AdvisorySeverity.High,
        string summary = "Prototype pollution in merge",
        double? score = 7.5,
        bool malicious = false,
        params string[] aliases) =>
        new(id, aliases, summary, severity, score, $"https://osv.dev/vulnerability/{id}", malicious);

    public static Governance.Core.Evidence.IntelEvidence Answered(params Governance.Core.Evidence.Advisory[] advisories) =>
        new(Governance.Core.Evidence.IntelStatus.Answered, OsvUrl, advisories, null, 1);

    public static Governance.Core.Evidence.IntelEvidence Unreachable(string problem = "connection refused", int attempts = 3) =>
        new(Governance.Core.Evidence.IntelStatus.Unreachable, OsvUrl, [], problem, attempts);

    public static Governance.Core.Evidence.RegistryEvidence Registry(Governance.Core.Evidence.RegistryStatus status, string? problem = null) =>
        new(status, MavenUrl, new Dictionary<string, IReadOnlyDictionary<HashKind, string>>(StringComparer.Ordinal),
            status == Governance.Core.Evidence.RegistryStatus.Found ? new DateTimeOffset(2024, 3, 1, 9, 30, 0, TimeSpan.Zero) : null, problem);

    public static ReviewSubject With(
        this ReviewSubject subject,
        Governance.Core.Evidence.IntelEvidence? intel = null,
        Governance.Core.Evidence.RegistryEvidence? registry = null,
        Governance.Core.Evidence.LicenseDiscovery? licenses = null,
        string? origin = null) =>
        subject with
        {
            Facts = origin is null ? subject.Facts : subject.Facts with { OriginType = origin },
            Evidence = new Governance.Core.Evidence.ReviewEvidence(
                intel ?? subject.Evidence.Intel,
                registry ?? subject.Evidence.Registry,
                licenses ?? subject.Evidence.Licenses),
        };

    public static PackageVersionId Maven(string name = "commons-text", string version = "1.10.0") =>
        new("nextwork", "123456789012", "nextwork-devops-cicd", "maven", "org.apache.commons", name, version);
}
