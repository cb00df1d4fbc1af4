using Governance.Core.Packages;
using Governance.Evidence.Osv;

namespace Governance.Evidence.Tests.Osv;

internal static class OsvTestSupport
{
    /// <summary>Short timeouts and pauses so a hostile server costs the suite little time.</summary>
    public static OsvOptions Options(Uri baseUri, int attempts = 3, TimeSpan? timeout = null, int maxBytes = 1024 * 1024) =>
        new(baseUri, new EvidenceHttpOptions(timeout ?? TimeSpan.FromSeconds(5), attempts, maxBytes, TimeSpan.FromMilliseconds(10)));

    public static PackageVersionId Npm(string name, string version, string? scope = null) =>
        new("my-domain", "111122223333", "team-npm", PackageFormats.Npm, scope, name, version);

    public static PackageVersionId Maven(string group, string artifact, string version) =>
        new("my-domain", "111122223333", "team-maven", PackageFormats.Maven, group, artifact, version);
}
