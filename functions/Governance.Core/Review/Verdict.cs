using System.Text.Json.Serialization;
using Governance.Core.Packages;
using Governance.Core.Policy;

namespace Governance.Core.Review;

[JsonConverter(typeof(JsonStringEnumConverter<VerdictOutcome>))]
public enum VerdictOutcome
{
    Pass,
    Fail,
}

[JsonConverter(typeof(JsonStringEnumConverter<ActionKind>))]
public enum ActionKind
{
    /// <summary>Set the status to Published.</summary>
    Publish,
    /// <summary>Set the status to the policy's quarantine status.</summary>
    Quarantine,
    /// <summary>Change nothing (audit mode); <see cref="VerdictAction.WouldBe"/> says what enforce mode would do.</summary>
    None,
}

/// <summary>A finding blocks the version unless waived; a warning only informs.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FindingSeverity>))]
public enum FindingSeverity
{
    Blocking,
    Warning,
}

/// <summary>
/// What to do with the version. <see cref="TargetStatus"/> is the status to set (null for None);
/// in audit mode <see cref="WouldBe"/> / <see cref="WouldBeStatus"/> say what enforce mode would have done.
/// </summary>
public sealed record VerdictAction(
    [property: JsonPropertyName("kind")] ActionKind Kind,
    [property: JsonPropertyName("targetStatus")] PackageVersionStatus? TargetStatus,
    [property: JsonPropertyName("wouldBe")] ActionKind? WouldBe,
    [property: JsonPropertyName("wouldBeStatus")] PackageVersionStatus? WouldBeStatus)
{
    /// <summary>Short human text: <c>Published</c>, <c>Unlisted</c>, <c>none (audit; would set Unlisted)</c>.</summary>
    public string Describe() => Kind switch
    {
        ActionKind.None => $"none (audit mode; enforce would set {WouldBeStatus})",
        _ => $"{TargetStatus}",
    };

    /// <summary>The value of the notification's <c>action</c> attribute: the status set, or <c>none</c>.</summary>
    [JsonIgnore]
    public string AttributeValue => Kind == ActionKind.None ? "none" : TargetStatus?.ToString() ?? "none";
}

/// <summary>One reason a version fails (or a warning): a stable rule id, a message, evidence and how to fix it.</summary>
/// <param name="Asset">The asset the finding is about, when it is about one.</param>
public sealed record Finding(
    [property: JsonPropertyName("ruleId")] string RuleId,
    [property: JsonPropertyName("severity")] FindingSeverity Severity,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("evidence")] IReadOnlyDictionary<string, string> Evidence,
    [property: JsonPropertyName("remedy")] string? Remedy,
    [property: JsonPropertyName("asset")] string? Asset);

/// <summary>A waiver as the verdict cites it.</summary>
public sealed record WaiverReference(
    [property: JsonPropertyName("package")] string Package,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("rule")] string Rule,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("expiresAt")] DateTimeOffset ExpiresAt,
    [property: JsonPropertyName("line")] int Line)
{
    public static WaiverReference From(Waiver waiver)
    {
        ArgumentNullException.ThrowIfNull(waiver);
        return new WaiverReference(waiver.Package.PackageUrl, waiver.Version, waiver.Rule, waiver.Reason, waiver.ExpiresAt, waiver.Line);
    }
}

/// <summary>A finding a current waiver covers: it no longer blocks, and the verdict says which waiver allowed it.</summary>
public sealed record WaivedFinding(
    [property: JsonPropertyName("finding")] Finding Finding,
    [property: JsonPropertyName("waiver")] WaiverReference Waiver);

/// <summary>The reviewed version, flattened for the verdict document.</summary>
public sealed record VerdictPackage(
    [property: JsonPropertyName("domain")] string Domain,
    [property: JsonPropertyName("domainOwner")] string DomainOwner,
    [property: JsonPropertyName("repository")] string Repository,
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("namespace")] string? Namespace,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("revision")] string Revision,
    [property: JsonPropertyName("purl")] string Purl,
    [property: JsonPropertyName("observedStatus")] PackageVersionStatus ObservedStatus,
    [property: JsonPropertyName("origin")] string Origin)
{
    public PackageVersionId ToPackageVersionId() => new(Domain, DomainOwner, Repository, Format, Namespace, Name, Version);

    public static VerdictPackage From(PackageVersionFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var id = facts.Id;
        return new VerdictPackage(id.Domain, id.DomainOwner, id.Repository, id.Format, id.Namespace, id.Name, id.Version,
            facts.Revision, PackageUrl.For(id), facts.Status, facts.OriginType);
    }
}

/// <summary>
/// The license part of the verdict: what was declared, what it normalised to, and how it stands; and where the
/// license came from. The last four are optional on reading and omitted when null (documents written before them
/// still parse).
/// </summary>
/// <param name="Declared">The licenses evaluated: CodeArtifact's metadata, or what was read from the artifact when
/// <paramref name="Source"/> says so.</param>
/// <param name="Source"><c>metadata</c>, <c>parent-pom</c>, <c>license-file</c> or <c>package-manifest</c>.</param>
/// <param name="Location">Which file, when the license was read from the artifact (a parent POM's coordinates,
/// <c>META-INF/LICENSE in x.jar</c>), several joined with "; ".</param>
/// <param name="Score">For a license text: how closely it matched its SPDX text (the lowest of those used), 0–1.</param>
/// <param name="Notes">What the license discovery could not use, and why (a bound that stopped an archive read, a
/// text below the match threshold, a source the policy switched off).</param>
public sealed record VerdictLicenses(
    [property: JsonPropertyName("declared")] IReadOnlyList<string> Declared,
    [property: JsonPropertyName("expression")] string? Expression,
    [property: JsonPropertyName("standing")] string Standing,
    [property: JsonPropertyName("source"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Source = null,
    [property: JsonPropertyName("location"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Location = null,
    [property: JsonPropertyName("score"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Score = null,
    [property: JsonPropertyName("notes"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Notes = null);

/// <summary>
/// Why a version was decided again without a new revision (absent on the review of a new revision): a cooldown that
/// ended, a waiver that expired, a policy that changed, new intel. <see cref="Evaluation"/> counts the decisions on
/// this revision (2 for the first re-evaluation).
/// </summary>
public sealed record VerdictReevaluation(
    [property: JsonPropertyName("evaluation")] int Evaluation,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("previousOutcome")] string? PreviousOutcome,
    [property: JsonPropertyName("previousStatus")] string? PreviousStatus);

/// <summary>One asset as checked: recorded size, bytes read, and the digests compared.</summary>
public sealed record VerdictAsset(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("bytesRead")] long BytesRead,
    [property: JsonPropertyName("sha256")] string? Sha256,
    [property: JsonPropertyName("verified")] bool Verified);

/// <summary>
/// Present on a verdict whose lists were cut to fit (an SNS message, a ledger item; <see cref="VerdictBounds"/>):
/// how many findings, waived findings, declared licenses and assets the full verdict had, and every rule id its
/// findings came from. The lists that remain are the first entries (and at least one finding per rule id).
/// </summary>
/// <param name="Summarised">Always true: the flag a consumer tests.</param>
public sealed record VerdictSummary(
    [property: JsonPropertyName("summarised")] bool Summarised,
    [property: JsonPropertyName("findings")] int Findings,
    [property: JsonPropertyName("waived")] int Waived,
    [property: JsonPropertyName("licenses")] int Licenses,
    [property: JsonPropertyName("assets")] int Assets,
    [property: JsonPropertyName("ruleIds")] IReadOnlyList<string> RuleIds);

/// <summary>
/// The decision on one package version at one revision. Serialised with <see cref="VerdictJsonContext"/>: this is
/// the machine document sent as the notification's default message and stored in the ledger; field names are
/// stable and <see cref="VerdictDocument.Parse"/> reads it back. <see cref="Summary"/> is written only when the lists
/// were cut (and is optional on reading, so documents written before it existed still parse); <see cref="Evidence"/>
/// likewise says where the facts beyond CodeArtifact's record came from, and is optional on reading.
/// </summary>
public sealed record Verdict(
    [property: JsonPropertyName("schema")] string Schema,
    [property: JsonPropertyName("package")] VerdictPackage Package,
    [property: JsonPropertyName("outcome")] VerdictOutcome Outcome,
    [property: JsonPropertyName("mode")] string Mode,
    [property: JsonPropertyName("action")] VerdictAction Action,
    [property: JsonPropertyName("findings")] IReadOnlyList<Finding> Findings,
    [property: JsonPropertyName("waived")] IReadOnlyList<WaivedFinding> Waived,
    [property: JsonPropertyName("licenses")] VerdictLicenses Licenses,
    [property: JsonPropertyName("assets")] IReadOnlyList<VerdictAsset> Assets,
    [property: JsonPropertyName("evaluatedAt")] DateTimeOffset EvaluatedAt,
    [property: JsonPropertyName("policy")] string PolicySource,
    [property: JsonPropertyName("summary"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] VerdictSummary? Summary = null,
    [property: JsonPropertyName("evidence"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] VerdictEvidence? Evidence = null,
    [property: JsonPropertyName("reevaluation"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] VerdictReevaluation? Reevaluation = null)
{
    public const string CurrentSchema = "governance.verdict/v1";

    [JsonIgnore]
    public bool Passed => Outcome == VerdictOutcome.Pass;

    /// <summary>The findings that make the version fail.</summary>
    [JsonIgnore]
    public IEnumerable<Finding> BlockingFindings => Findings.Where(f => f.Severity == FindingSeverity.Blocking);

    /// <summary>How many findings the full verdict had (the list may have been cut: <see cref="Summary"/>).</summary>
    [JsonIgnore]
    public int TotalFindings => Math.Max(Summary?.Findings ?? 0, Findings.Count);

    /// <summary>How many waived findings the full verdict had.</summary>
    [JsonIgnore]
    public int TotalWaived => Math.Max(Summary?.Waived ?? 0, Waived.Count);

    /// <summary>How many licenses the version declared.</summary>
    [JsonIgnore]
    public int TotalLicenses => Math.Max(Summary?.Licenses ?? 0, Licenses.Declared.Count);

    /// <summary>How many assets the version has.</summary>
    [JsonIgnore]
    public int TotalAssets => Math.Max(Summary?.Assets ?? 0, Assets.Count);
}

// Strict reading: a document missing a field, or with null where the record says non-null, is rejected with the
// field's name rather than half-read.
[JsonSourceGenerationOptions(
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UseStringEnumConverter = true,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(Verdict))]
public sealed partial class VerdictJsonContext : JsonSerializerContext;
