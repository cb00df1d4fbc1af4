using Governance.Core.Integrity;

namespace Governance.Core.Evidence;

/// <summary>Whether the public registry an EXTERNAL version came from was asked for its own digests.</summary>
public enum RegistryStatus
{
    /// <summary>Not asked: the version is not EXTERNAL, or no registry is configured for its format.</summary>
    NotQueried,
    /// <summary>The registry answered with digests for the version.</summary>
    Found,
    /// <summary>The registry answered that it has no such version (or no such file).</summary>
    NotFound,
    /// <summary>The registry could not be reached or gave an answer that cannot be read, after its retries.</summary>
    Unreachable,
}

/// <summary>
/// The digests a public registry itself publishes for a version's files: Maven Central's <c>.sha1</c>/<c>.sha256</c>/
/// <c>.sha512</c> files beside each artifact, npm's <c>dist.integrity</c> (SHA-512) and <c>dist.shasum</c> (SHA-1),
/// PyPI's <c>digests.sha256</c>. Compared three ways with CodeArtifact's record and the streamed bytes.
/// </summary>
/// <param name="Source">The registry's base URL, as configured.</param>
/// <param name="Assets">CodeArtifact asset name → algorithm → lower-case hex, for the assets the registry publishes digests for.</param>
/// <param name="PublishedAt">When the registry says the version was published (npm <c>time[version]</c>, Maven
/// Central's <c>Last-Modified</c>, PyPI <c>upload_time</c>), when it says.</param>
/// <param name="Problem">Why the registry is <see cref="RegistryStatus.NotFound"/> or <see cref="RegistryStatus.Unreachable"/>.</param>
public sealed record RegistryEvidence(
    RegistryStatus Status,
    string Source,
    IReadOnlyDictionary<string, IReadOnlyDictionary<HashKind, string>> Assets,
    DateTimeOffset? PublishedAt,
    string? Problem)
{
    public static RegistryEvidence NotQueried(string reason) =>
        new(RegistryStatus.NotQueried, "", new Dictionary<string, IReadOnlyDictionary<HashKind, string>>(StringComparer.Ordinal), null, reason);
}
