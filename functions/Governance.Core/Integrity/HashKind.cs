namespace Governance.Core.Integrity;

/// <summary>The digest algorithms CodeArtifact records for an asset.</summary>
public enum HashKind
{
    Sha256,
    Sha512,
    Sha1,
    Md5,
}

/// <summary>Wire names (<c>SHA-256</c>, as CodeArtifact spells them) and rule-id slugs (<c>sha256</c>) of <see cref="HashKind"/>.</summary>
public static class HashKindNames
{
    public static IReadOnlyList<HashKind> All { get; } = [HashKind.Sha256, HashKind.Sha512, HashKind.Sha1, HashKind.Md5];

    public static string WireName(this HashKind kind) => kind switch
    {
        HashKind.Sha256 => "SHA-256",
        HashKind.Sha512 => "SHA-512",
        HashKind.Sha1 => "SHA-1",
        HashKind.Md5 => "MD5",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown hash kind"),
    };

    /// <summary>The lower-case, punctuation-free form used in rule ids: <c>integrity.sha256-mismatch</c>.</summary>
    public static string Slug(this HashKind kind) => kind.WireName().Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>Accepts the wire name case-insensitively, with or without the hyphen (<c>SHA-256</c>, <c>sha256</c>).</summary>
    public static bool TryParse(string? name, out HashKind kind)
    {
        kind = default;
        if (name is null)
        {
            return false;
        }
        var compact = name.Replace("-", "", StringComparison.Ordinal).Trim();
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Slug(), compact, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }
        return false;
    }

    public static string AllowedNames => string.Join(", ", All.Select(k => k.WireName()));
}
