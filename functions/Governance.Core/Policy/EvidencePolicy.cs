using Governance.Core.Evidence;

namespace Governance.Core.Policy;

/// <summary>What a finding about gathered evidence does: block the version (quarantine) or only inform (warn).</summary>
public enum EvidenceAction
{
    Quarantine,
    Warn,
}

/// <summary>
/// The <c>intel</c> section: what to do with advisories from the intel source (an OSV-compatible API). Malicious
/// advisories (OSV <c>MAL-</c> ids) are not configurable: they always archive the version and cannot be waived.
/// </summary>
public sealed record IntelPolicy(VulnerabilityPolicy Vulnerabilities, IntelUnreachablePolicy Unreachable);

/// <summary>Advisories at or above <see cref="MinimumSeverity"/> act with <see cref="Action"/>; an advisory of unknown severity never reaches a threshold.</summary>
public sealed record VulnerabilityPolicy(AdvisorySeverity MinimumSeverity, EvidenceAction Action)
{
    public bool Acts(AdvisorySeverity severity) => severity != AdvisorySeverity.Unknown && severity >= MinimumSeverity;
}

/// <summary>
/// What to do when the intel source could not be reached (after its retries), by the version's origin: an
/// <c>EXTERNAL</c> version was chosen by nobody on the team, so it fails closed by default; an <c>INTERNAL</c> one
/// (and a local file checked with the CLI) only warns. An <c>UNKNOWN</c> origin takes the stricter of the two.
/// </summary>
public sealed record IntelUnreachablePolicy(EvidenceAction External, EvidenceAction Internal)
{
    public EvidenceAction For(string originType) => originType switch
    {
        "EXTERNAL" => External,
        "INTERNAL" or "LOCAL" => Internal,
        _ => External == EvidenceAction.Quarantine || Internal == EvidenceAction.Quarantine ? EvidenceAction.Quarantine : EvidenceAction.Warn,
    };
}

/// <summary>
/// <c>integrity.publicRegistry</c>: the public registry's own digests for an EXTERNAL version.
/// <see cref="Unverified"/> applies when the registry had no digests for the version or could not be reached.
/// </summary>
public sealed record PublicRegistryPolicy(EvidenceAction Unverified);

/// <summary>
/// <c>licenses.discovery</c>: which licenses read from the artifact may stand in for CodeArtifact's metadata when it
/// has none (or none recognised).
/// </summary>
/// <param name="ParentPom">Follow a Maven POM's parent chain to its licenses.</param>
/// <param name="Archive">Read license files and manifests inside the archive.</param>
/// <param name="MinimumScore">How closely a license text must match its SPDX text (0.5–1) to count.</param>
public sealed record LicenseDiscoveryPolicy(bool ParentPom, bool Archive, double MinimumScore)
{
    public const double LowestScore = 0.5;
    public const double HighestScore = 1.0;
}
