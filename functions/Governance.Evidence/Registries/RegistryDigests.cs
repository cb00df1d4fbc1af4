using Governance.Core.Integrity;

namespace Governance.Evidence.Registries;

/// <summary>Reads digests as registries publish them: hex in checksum files and JSON, base64 in npm's SRI strings.</summary>
internal static class RegistryDigests
{
    /// <summary>Hex digits of each algorithm's digest: a value of another length is not that digest.</summary>
    public static int HexLength(HashKind kind) => kind switch
    {
        HashKind.Sha512 => 128,
        HashKind.Sha256 => 64,
        HashKind.Sha1 => 40,
        _ => 32,
    };

    /// <summary>Lower-case hex when <paramref name="text"/> is a well-formed digest of <paramref name="kind"/>; null otherwise.</summary>
    public static string? Hex(string? text, HashKind kind)
    {
        if (text is null)
        {
            return null;
        }

        var trimmed = text.Trim();
        return trimmed.Length == HexLength(kind) && trimmed.All(char.IsAsciiHexDigit) ? trimmed.ToLowerInvariant() : null;
    }

    /// <summary>
    /// The digest in a Maven checksum file: the first whitespace-separated token (files written by some tools read
    /// <c>hex  filename</c> or end with a newline), when it is hex of the right length.
    /// </summary>
    public static string? ChecksumFile(ReadOnlySpan<byte> body, HashKind kind)
    {
        // A checksum file is one line; anything longer than a few hundred bytes is not one.
        if (body.Length > 1024)
        {
            return null;
        }

        var text = System.Text.Encoding.ASCII.GetString(body);
        var token = text.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return Hex(token, kind);
    }

    /// <summary>
    /// Each digest in a Subresource Integrity value (<c>sha512-&lt;base64&gt; sha1-…</c>, space-separated, options after
    /// <c>?</c> ignored) as hex, for the algorithms CodeArtifact records; others (sha384) and malformed ones are skipped.
    /// </summary>
    public static Dictionary<HashKind, string> Sri(string? integrity)
    {
        var digests = new Dictionary<HashKind, string>();
        foreach (var entry in (integrity ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = entry.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0)
            {
                continue;
            }

            HashKind? kind = entry[..dash].ToLowerInvariant() switch
            {
                "sha512" => HashKind.Sha512,
                "sha256" => HashKind.Sha256,
                "sha1" => HashKind.Sha1,
                _ => null,
            };
            var value = entry[(dash + 1)..];
            var question = value.IndexOf('?', StringComparison.Ordinal);
            value = question >= 0 ? value[..question] : value;
            var bytes = new byte[value.Length];
            if (kind is { } known && Convert.TryFromBase64String(value, bytes, out var written) && written * 2 == HexLength(known))
            {
                digests.TryAdd(known, Convert.ToHexStringLower(bytes.AsSpan(0, written)));
            }
        }

        return digests;
    }
}
