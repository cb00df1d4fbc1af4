using Governance.Core.Integrity;
using Governance.Core.Review;

namespace Governance.Core.Evidence;

/// <summary>Two of the three witnesses of an asset's bytes that gave different digests for one algorithm.</summary>
public enum DigestPair
{
    /// <summary>The bytes CodeArtifact served are not the bytes the public registry published.</summary>
    StreamedVsRegistry,
    /// <summary>CodeArtifact's record differs from the registry's: it took (or recorded) something else.</summary>
    CodeArtifactVsRegistry,
    /// <summary>The bytes served differ from CodeArtifact's own record (also judged by the integrity rules).</summary>
    StreamedVsCodeArtifact,
}

/// <summary>
/// One asset and one algorithm the registry published a digest for, with the three values side by side.
/// <see cref="Streamed"/> is null when the reviewer did not compute that algorithm (or stopped at the size limit);
/// <see cref="CodeArtifact"/> is null when CodeArtifact recorded none. A missing value takes part in no pair.
/// </summary>
public sealed record DigestTriple(
    string Asset,
    HashKind Kind,
    string? Streamed,
    string? CodeArtifact,
    string Registry,
    IReadOnlyList<DigestPair> Disagreements)
{
    public bool Agrees => Disagreements.Count == 0;

    /// <summary>The registry's digest was checked against the bytes themselves, not only against a record.</summary>
    public bool StreamCompared => Streamed is not null;
}

/// <param name="Triples">Every asset × every algorithm the registry published for it, in asset then strength order.</param>
/// <param name="AssetsWithoutRegistryDigest">Assets CodeArtifact lists that the registry published no digest for
/// (a file the registry does not know, or a registry that answered only partly).</param>
public sealed record DigestAgreementResult(IReadOnlyList<DigestTriple> Triples, IReadOnlyList<string> AssetsWithoutRegistryDigest)
{
    public IEnumerable<DigestTriple> Disagreements => Triples.Where(triple => !triple.Agrees);

    /// <summary>False when no registry digest could be compared with streamed bytes: the check was a record-only one.</summary>
    public bool AnyStreamCompared => Triples.Any(triple => triple.StreamCompared);
}

/// <summary>
/// Three-way agreement for EXTERNAL versions: the digest of the streamed bytes, CodeArtifact's record and what the
/// public registry itself publishes. Pure: the reviewer supplies what it streamed and what the registry said; turning
/// disagreements into findings and words is the policy's job.
/// </summary>
public static class DigestAgreement
{
    /// <summary>Strongest first: the order a registry digest is preferred in and the order triples are listed in.</summary>
    public static IReadOnlyList<HashKind> ByStrength { get; } = [HashKind.Sha512, HashKind.Sha256, HashKind.Sha1, HashKind.Md5];

    public static DigestAgreementResult Compare(IReadOnlyList<AssetIntegrity> assets, RegistryEvidence registry)
    {
        ArgumentNullException.ThrowIfNull(assets);
        ArgumentNullException.ThrowIfNull(registry);
        var triples = new List<DigestTriple>();
        var uncovered = new List<string>();
        foreach (var asset in assets)
        {
            if (!registry.Assets.TryGetValue(asset.Name, out var published) || published.Count == 0)
            {
                uncovered.Add(asset.Name);
                continue;
            }

            foreach (var kind in ByStrength.Where(published.ContainsKey))
            {
                var registryHex = Normalize(published[kind])!;
                var streamed = asset.SizeLimitExceeded ? null : Normalize(asset.ActualHashes.GetValueOrDefault(kind));
                var recorded = Normalize(Recorded(asset.ExpectedHashes, kind));
                triples.Add(new DigestTriple(asset.Name, kind, streamed, recorded, registryHex, Pairs(streamed, recorded, registryHex)));
            }
        }

        return new DigestAgreementResult(triples, uncovered);
    }

    /// <summary>
    /// The algorithms to compute while streaming so every digest in <paramref name="registry"/> can be compared with
    /// the bytes: each one it published for any asset (hashing several at once costs little next to the download).
    /// </summary>
    public static IReadOnlySet<HashKind> HashesToCompute(RegistryEvidence registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.Assets.Values.SelectMany(kinds => kinds.Keys).ToHashSet();
    }

    /// <summary>
    /// The algorithms to compute when streaming starts before the registry has answered: everything the registry of
    /// <paramref name="format"/> may publish (Maven Central: SHA-512/SHA-256/SHA-1; npm: SHA-512/SHA-1; PyPI:
    /// SHA-256/MD5). Empty for a format without a registry adapter.
    /// </summary>
    public static IReadOnlySet<HashKind> HashesToCompute(string format) => format?.ToLowerInvariant() switch
    {
        "maven" => new HashSet<HashKind> { HashKind.Sha512, HashKind.Sha256, HashKind.Sha1 },
        "npm" => new HashSet<HashKind> { HashKind.Sha512, HashKind.Sha1 },
        "pypi" => new HashSet<HashKind> { HashKind.Sha256, HashKind.Md5 },
        _ => new HashSet<HashKind>(),
    };

    private static List<DigestPair> Pairs(string? streamed, string? recorded, string registry)
    {
        var pairs = new List<DigestPair>(3);
        if (streamed is not null && streamed != registry)
        {
            pairs.Add(DigestPair.StreamedVsRegistry);
        }

        if (recorded is not null && recorded != registry)
        {
            pairs.Add(DigestPair.CodeArtifactVsRegistry);
        }

        if (streamed is not null && recorded is not null && streamed != recorded)
        {
            pairs.Add(DigestPair.StreamedVsCodeArtifact);
        }

        return pairs;
    }

    /// <summary>CodeArtifact's record is keyed by wire name (<c>SHA-256</c>); other spellings are accepted too.</summary>
    private static string? Recorded(IReadOnlyDictionary<string, string> expected, HashKind kind)
    {
        if (expected.TryGetValue(kind.WireName(), out var exact))
        {
            return exact;
        }

        return expected.FirstOrDefault(pair => HashKindNames.TryParse(pair.Key, out var parsed) && parsed == kind).Value;
    }

    private static string? Normalize(string? hex) => string.IsNullOrWhiteSpace(hex) ? null : hex.Trim().ToLowerInvariant();
}
