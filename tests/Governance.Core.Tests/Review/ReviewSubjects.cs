using Governance.Core.Integrity;
using Governance.Core.Packages;
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
}
