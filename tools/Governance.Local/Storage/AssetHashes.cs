using System.Security.Cryptography;

namespace Governance.Local.Storage;

/// <summary>The four digests CodeArtifact reports for every asset, as lower-case hex, plus the size.</summary>
public sealed record AssetHashes(long Size, string Md5, string Sha1, string Sha256, string Sha512)
{
    /// <summary>The map CodeArtifact puts in <c>AssetSummary.hashes</c>, keyed by its wire algorithm names.</summary>
    public IReadOnlyDictionary<string, string> ToWireMap() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["MD5"] = Md5,
        ["SHA-1"] = Sha1,
        ["SHA-256"] = Sha256,
        ["SHA-512"] = Sha512,
    };
}

/// <summary>Feeds bytes through MD5, SHA-1, SHA-256 and SHA-512 at once, so an asset is read only one time.</summary>
public sealed class MultiHasher : IDisposable
{
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private readonly IncrementalHash _sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly IncrementalHash _sha512 = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
    private long _size;

    public void Append(ReadOnlySpan<byte> data)
    {
        _md5.AppendData(data);
        _sha1.AppendData(data);
        _sha256.AppendData(data);
        _sha512.AppendData(data);
        _size += data.Length;
    }

    public AssetHashes Finish() => new(
        _size,
        Convert.ToHexStringLower(_md5.GetHashAndReset()),
        Convert.ToHexStringLower(_sha1.GetHashAndReset()),
        Convert.ToHexStringLower(_sha256.GetHashAndReset()),
        Convert.ToHexStringLower(_sha512.GetHashAndReset()));

    public void Dispose()
    {
        _md5.Dispose();
        _sha1.Dispose();
        _sha256.Dispose();
        _sha512.Dispose();
    }
}
