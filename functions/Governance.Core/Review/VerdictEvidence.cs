using System.Text.Json.Serialization;
using Governance.Core.Evidence;
using Governance.Core.Policy;

namespace Governance.Core.Review;

/// <summary>
/// Where the verdict's facts came from beyond CodeArtifact's record: what the intel source said, what the public
/// registry said, and each digest compared three ways. Optional on reading (documents written before it existed
/// still parse) and omitted when null.
/// </summary>
/// <param name="Hashes">One row per asset and algorithm compared with the public registry's digests; null when no
/// comparison was made. Filled from <c>DigestAgreement</c> (see <see cref="VerdictHashAgreement"/>).</param>
public sealed record VerdictEvidence(
    [property: JsonPropertyName("intel"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] VerdictIntel? Intel = null,
    [property: JsonPropertyName("registry"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] VerdictRegistry? Registry = null,
    [property: JsonPropertyName("hashes"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<VerdictHashAgreement>? Hashes = null)
{
    /// <summary>The verdict's evidence from the gathered <see cref="ReviewEvidence"/> (advisories malicious first, then by severity).</summary>
    public static VerdictEvidence From(ReviewEvidence evidence, IReadOnlyList<VerdictHashAgreement>? hashes)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var intel = evidence.Intel;
        var registry = evidence.Registry;
        return new VerdictEvidence(
            new VerdictIntel(
                intel.Source,
                StatusName(intel.Status),
                intel.Problem,
                intel.Attempts,
                [.. intel.Advisories
                    .OrderByDescending(a => a.Malicious)
                    .ThenByDescending(a => a.Severity)
                    .ThenByDescending(a => a.Score ?? 0)
                    .Select(VerdictAdvisory.From)]),
            new VerdictRegistry(registry.Source, StatusName(registry.Status), registry.Problem, registry.PublishedAt),
            hashes is { Count: > 0 } ? hashes : null);
    }

    public static string StatusName(IntelStatus status) => status switch
    {
        IntelStatus.Answered => "answered",
        IntelStatus.Unreachable => "unreachable",
        _ => "not-queried",
    };

    public static string StatusName(RegistryStatus status) => status switch
    {
        RegistryStatus.Found => "found",
        RegistryStatus.NotFound => "not-found",
        RegistryStatus.Unreachable => "unreachable",
        _ => "not-queried",
    };
}

/// <summary>What the intel source said about the version.</summary>
/// <param name="Source">The API's base URL ("" when none is configured).</param>
/// <param name="Status"><c>answered</c>, <c>unreachable</c> or <c>not-queried</c>.</param>
/// <param name="Problem">Why it is unreachable or not queried.</param>
/// <param name="Attempts">Requests made, retries included.</param>
public sealed record VerdictIntel(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("problem")] string? Problem,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonPropertyName("advisories")] IReadOnlyList<VerdictAdvisory> Advisories);

/// <summary>One advisory affecting the version, as the verdict cites it.</summary>
/// <param name="Severity"><c>low</c>, <c>moderate</c>, <c>high</c>, <c>critical</c> or <c>unknown</c>.</param>
/// <param name="Score">The CVSS base score, when the advisory has a vector.</param>
public sealed record VerdictAdvisory(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("aliases")] IReadOnlyList<string> Aliases,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("score")] double? Score,
    [property: JsonPropertyName("link")] string Link,
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("malicious")] bool Malicious)
{
    public static VerdictAdvisory From(Advisory advisory)
    {
        ArgumentNullException.ThrowIfNull(advisory);
        return new VerdictAdvisory(advisory.Id, advisory.Aliases, PolicyNames.SeverityName(advisory.Severity), advisory.Score,
            advisory.Link, advisory.Summary, advisory.Malicious);
    }
}

/// <summary>What the public registry said about an EXTERNAL version.</summary>
/// <param name="Source">The registry's base URL ("" when not queried).</param>
/// <param name="Status"><c>found</c>, <c>not-found</c>, <c>unreachable</c> or <c>not-queried</c>.</param>
/// <param name="Problem">Why it is not found, unreachable or not queried.</param>
/// <param name="PublishedAt">When the registry says the version was published.</param>
public sealed record VerdictRegistry(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("problem")] string? Problem,
    [property: JsonPropertyName("publishedAt")] DateTimeOffset? PublishedAt);

/// <summary>
/// One asset's digest for one algorithm, as computed from the streamed bytes, recorded by CodeArtifact and published
/// by the public registry (each null when that side has none), and whether every present side agreed. Rendered as
/// <c>SHA-512: streamed = CodeArtifact = Maven Central</c>.
/// </summary>
/// <param name="Algorithm">The wire name: <c>SHA-256</c>, <c>SHA-512</c>, <c>SHA-1</c>, <c>MD5</c>.</param>
public sealed record VerdictHashAgreement(
    [property: JsonPropertyName("asset")] string Asset,
    [property: JsonPropertyName("algorithm")] string Algorithm,
    [property: JsonPropertyName("streamed")] string? Streamed,
    [property: JsonPropertyName("codeArtifact")] string? CodeArtifact,
    [property: JsonPropertyName("registry")] string? Registry,
    [property: JsonPropertyName("agreed")] bool Agreed);
