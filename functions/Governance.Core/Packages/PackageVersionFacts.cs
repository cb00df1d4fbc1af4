namespace Governance.Core.Packages;

/// <summary>What CodeArtifact says about a package version right now (DescribePackageVersion).</summary>
/// <param name="Licenses">License names or SPDX ids as recorded, in order; empty when none are recorded.</param>
/// <param name="OriginType">INTERNAL (published to this domain), EXTERNAL (from an upstream connection) or UNKNOWN.</param>
public sealed record PackageVersionFacts(
    PackageVersionId Id,
    PackageVersionStatus Status,
    string Revision,
    IReadOnlyList<string> Licenses,
    string OriginType,
    DateTimeOffset? PublishedTime);

/// <summary>One asset of a package version with the hashes CodeArtifact recorded for it (ListPackageVersionAssets).</summary>
/// <param name="Hashes">Algorithm name (<c>SHA-256</c>, <c>SHA-512</c>, <c>SHA-1</c>, <c>MD5</c>, as on the wire) → lower-case hex.</param>
public sealed record AssetDescriptor(string Name, long Size, IReadOnlyDictionary<string, string> Hashes);
