namespace Governance.Core.Integrity;

/// <summary>How one recomputed digest compares with the one CodeArtifact recorded.</summary>
public enum DigestMatch
{
    Match,
    Mismatch,
    /// <summary>CodeArtifact recorded no digest of this kind for the asset.</summary>
    ExpectedMissing,
    /// <summary>The digest was not computed (the stream was not read, or read past the size limit).</summary>
    ActualMissing,
}

public sealed record DigestCheck(HashKind Kind, string? Expected, string? Actual, DigestMatch Match);

/// <summary>Compares recomputed digests with recorded ones (hex, compared case-insensitively).</summary>
public static class DigestComparison
{
    /// <param name="expectedByWireName">The asset's recorded hashes keyed by wire name (<c>SHA-256</c>), as in <c>AssetDescriptor.Hashes</c>.</param>
    public static IReadOnlyList<DigestCheck> Compare(
        IReadOnlyDictionary<string, string> expectedByWireName,
        IReadOnlyDictionary<HashKind, string> actual,
        IEnumerable<HashKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(expectedByWireName);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(kinds);
        var checks = new List<DigestCheck>();
        foreach (var kind in kinds.Distinct())
        {
            var expected = FindExpected(expectedByWireName, kind);
            actual.TryGetValue(kind, out var computed);
            var match = expected is null ? DigestMatch.ExpectedMissing
                : computed is null ? DigestMatch.ActualMissing
                : HexEquals(expected, computed) ? DigestMatch.Match
                : DigestMatch.Mismatch;
            checks.Add(new DigestCheck(kind, expected?.ToLowerInvariant(), computed?.ToLowerInvariant(), match));
        }
        return checks;
    }

    /// <summary>Case-insensitive hex comparison that ignores surrounding whitespace.</summary>
    public static bool HexEquals(string left, string right) =>
        string.Equals(left.Trim(), right.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string? FindExpected(IReadOnlyDictionary<string, string> expected, HashKind kind)
    {
        if (expected.TryGetValue(kind.WireName(), out var exact))
        {
            return exact;
        }
        foreach (var (name, value) in expected)
        {
            if (HashKindNames.TryParse(name, out var parsed) && parsed == kind)
            {
                return value;
            }
        }
        return null;
    }
}
