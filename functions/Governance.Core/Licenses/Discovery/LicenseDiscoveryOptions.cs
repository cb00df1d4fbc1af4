namespace Governance.Core.Licenses.Discovery;

/// <summary>
/// The bounds of reading licenses out of an artifact. Every one stops the read with a note naming it; the defaults
/// keep a Lambda's memory to a few MiB per asset and its time to seconds whatever the archive holds.
/// </summary>
public sealed record LicenseDiscoveryOptions
{
    public static LicenseDiscoveryOptions Default { get; } = new();

    /// <summary>Read license files and manifests inside archives (policy <c>licenses.discovery.archive</c>).</summary>
    public bool ReadArchives { get; init; } = true;

    /// <summary>Follow a Maven version's parent POMs through the repository (policy <c>licenses.discovery.parentPom</c>).</summary>
    public bool FollowParentPom { get; init; } = true;

    /// <summary>Entries (files, directories, headers) walked per archive before the read stops.</summary>
    public int MaxEntries { get; init; } = 20_000;

    /// <summary>Bytes inflated per archive (every entry that had to be decompressed) before the read stops.</summary>
    public long MaxUncompressedBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>Uncompressed ÷ compressed bytes allowed once <see cref="RatioGraceBytes"/> were inflated (a zip bomb's is in the thousands).</summary>
    public double MaxCompressionRatio { get; init; } = 200;

    /// <summary>Bytes inflated before the ratio is checked: small entries of zeros legitimately compress very well.</summary>
    public long RatioGraceBytes { get; init; } = 1024 * 1024;

    /// <summary>Bytes kept of one candidate file (LICENSE, package.json, PKG-INFO, .nuspec); the rest is not read.</summary>
    public int MaxCandidateBytes { get; init; } = 256 * 1024;

    /// <summary>Candidate files read per archive; later ones are skipped.</summary>
    public int MaxCandidateFiles { get; init; } = 32;

    /// <summary>Bytes of a POM kept (the version's own, streamed; each parent's, opened through the port).</summary>
    public int MaxPomBytes { get; init; } = 1024 * 1024;

    /// <summary>Parent POMs followed before the chain is abandoned.</summary>
    public int MaxParentDepth { get; init; } = 8;

    /// <summary>Chunks (each up to the verifier's 1 MiB buffer) queued between the hashing and the archive reader.</summary>
    public int PipeCapacity { get; init; } = 2;
}
