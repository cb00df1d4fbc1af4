namespace Governance.Core.Evidence;

/// <summary>Whether the intel source (an OSV-compatible API) was asked about the version, and whether it answered.</summary>
public enum IntelStatus
{
    /// <summary>No intel source is configured (the CLI's default), or the format has no OSV ecosystem.</summary>
    NotQueried,
    /// <summary>The source answered; <see cref="IntelEvidence.Advisories"/> is complete (possibly empty).</summary>
    Answered,
    /// <summary>The source could not be reached or gave an answer that cannot be read, after its retries.</summary>
    Unreachable,
}

/// <summary>
/// An advisory's severity as the policy compares it. OSV's CVSS vectors map by their base score (CVSS v3/v4
/// qualitative scale: 0.1–3.9 low, 4.0–6.9 moderate, 7.0–8.9 high, 9.0–10 critical); a database's own label
/// (GitHub's <c>database_specific.severity</c>) is used when there is no vector. <see cref="Unknown"/> sorts lowest.
/// </summary>
public enum AdvisorySeverity
{
    Unknown,
    Low,
    Moderate,
    High,
    Critical,
}

/// <summary>One OSV advisory that affects the reviewed version.</summary>
/// <param name="Id">The OSV id (<c>MAL-2022-1234</c>, <c>GHSA-…</c>, <c>CVE-…</c>).</param>
/// <param name="Aliases">Other ids of the same advisory (CVE ids for a GHSA).</param>
/// <param name="Summary">The advisory's one-line summary, untrusted text (bounded and escaped where it is shown).</param>
/// <param name="Score">The CVSS base score when the advisory carries a vector.</param>
/// <param name="Link">Where a person reads the advisory (https://osv.dev/vulnerability/{id}).</param>
/// <param name="Malicious">A known-malicious package version (an OSV <c>MAL-</c> id): archived, never waivable.</param>
public sealed record Advisory(
    string Id,
    IReadOnlyList<string> Aliases,
    string Summary,
    AdvisorySeverity Severity,
    double? Score,
    string Link,
    bool Malicious);

/// <summary>What the intel source said about one version, and where it came from.</summary>
/// <param name="Source">The API's base URL, as configured (for the message: where the fact came from).</param>
/// <param name="Problem">Why the source is <see cref="IntelStatus.Unreachable"/> (or not queried), for the finding.</param>
/// <param name="Attempts">How many requests were made (retries included).</param>
public sealed record IntelEvidence(
    IntelStatus Status,
    string Source,
    IReadOnlyList<Advisory> Advisories,
    string? Problem,
    int Attempts)
{
    public static IntelEvidence NotQueried(string reason) => new(IntelStatus.NotQueried, "", [], reason, 0);
}
