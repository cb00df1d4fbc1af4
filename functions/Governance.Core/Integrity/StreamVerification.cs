namespace Governance.Core.Integrity;

/// <summary>
/// What reading one stream produced: the digests (lower-case hex) of the bytes read, how many bytes were read, and
/// whether reading stopped because the stream was longer than the limit (then the digests cover only a prefix and
/// are left empty on purpose: they must never be compared).
/// </summary>
public sealed record StreamVerification(
    IReadOnlyDictionary<HashKind, string> Digests,
    long BytesRead,
    bool SizeLimitExceeded,
    long? MaxBytes);
