using System.Text;
using Governance.Core.Messages;

namespace Governance.Core.Review;

/// <summary>
/// Bounds on what a verdict copies from the publisher, so that no package can make its verdict too large to record
/// or to notify. Two kinds:
/// <list type="bullet">
/// <item><see cref="Bound"/>: a per-field character cap (<see cref="UntrustedText.Bound"/>, with a visible marker) on
/// every string a verdict holds. The evaluator applies it to every verdict it makes; renderers apply it again to
/// verdicts they read back.</item>
/// <item><see cref="Summarise"/> and <see cref="Minimal"/>: the lists (findings, waived findings, declared licenses,
/// assets) cut to their first entries, keeping at least one finding per rule id, with a <see cref="VerdictSummary"/>
/// that gives the full counts and every rule id. Used only when a document must fit a size (an SNS message, a
/// ledger item).</item>
/// </list>
/// </summary>
public static class VerdictBounds
{
    /// <summary>
    /// Package coordinates (domain, owner, repository, format, namespace, name, version, revision, origin) and asset
    /// names. CodeArtifact allows at most 255 characters for any of them, so a real value is never cut and the notify
    /// function's receipt key (built from these fields) stays exact.
    /// </summary>
    public const int Identifier = 512;

    /// <summary>The package URL: the coordinates percent-encoded.</summary>
    public const int PackageUrl = 1_024;

    /// <summary>One declared license. Real ones (SPDX expressions, license names, a URL) are far shorter.</summary>
    public const int License = 512;

    /// <summary>The normalised license expression, and the license standing.</summary>
    public const int Expression = 1_024;

    /// <summary>A finding's message (it quotes license strings and asset names).</summary>
    public const int Message = 2_048;

    /// <summary>One evidence value (declared licenses joined, digests, sizes).</summary>
    public const int EvidenceValue = 1_024;

    /// <summary>Evidence entries kept per finding (the rules write at most 6).</summary>
    public const int EvidenceEntries = 16;

    /// <summary>A remedy (our text, quoting the package in a waiver snippet).</summary>
    public const int Remedy = 4_096;

    /// <summary>Rule ids, modes, digests, standings: short by construction; bounded for documents read back.</summary>
    public const int Token = 128;

    /// <summary>The policy source name and waiver reasons.</summary>
    public const int PolicyText = 1_024;

    /// <summary>Advisories a verdict keeps (malicious first, then by severity: the ones cut are the least severe).</summary>
    public const int MaxAdvisories = 64;

    /// <summary>Aliases kept per advisory.</summary>
    public const int MaxAliases = 8;

    /// <summary>An advisory's summary (one line in OSV; a hostile source may send more).</summary>
    public const int AdvisorySummary = 512;

    /// <summary>An advisory's link.</summary>
    public const int Link = 512;

    /// <summary>Hash comparison rows kept (one per asset and algorithm).</summary>
    public const int MaxHashRows = 64;

    /// <summary>License discovery notes kept.</summary>
    public const int MaxNotes = 16;

    /// <summary>Distinct rule ids listed in a <see cref="VerdictSummary"/> (there are 19 rule ids).</summary>
    public const int MaxRuleIds = 24;

    /// <summary>Caps every string in <paramref name="verdict"/> (idempotent: a bounded verdict is returned unchanged in content).</summary>
    public static Verdict Bound(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var p = verdict.Package;
        return verdict with
        {
            Schema = UntrustedText.Bound(verdict.Schema, Token),
            Package = new VerdictPackage(
                UntrustedText.Bound(p.Domain, Identifier),
                UntrustedText.Bound(p.DomainOwner, Identifier),
                UntrustedText.Bound(p.Repository, Identifier),
                UntrustedText.Bound(p.Format, Identifier),
                p.Namespace is null ? null : UntrustedText.Bound(p.Namespace, Identifier),
                UntrustedText.Bound(p.Name, Identifier),
                UntrustedText.Bound(p.Version, Identifier),
                UntrustedText.Bound(p.Revision, Identifier),
                UntrustedText.Bound(p.Purl, PackageUrl),
                p.ObservedStatus,
                UntrustedText.Bound(p.Origin, Identifier)),
            Mode = UntrustedText.Bound(verdict.Mode, Token),
            Findings = [.. verdict.Findings.Select(BoundFinding)],
            Waived = [.. verdict.Waived.Select(w => new WaivedFinding(BoundFinding(w.Finding), BoundWaiver(w.Waiver)))],
            Licenses = new VerdictLicenses(
                [.. verdict.Licenses.Declared.Select(d => UntrustedText.Bound(d, License))],
                verdict.Licenses.Expression is null ? null : UntrustedText.Bound(verdict.Licenses.Expression, Expression),
                UntrustedText.Bound(verdict.Licenses.Standing, Token),
                Optional(verdict.Licenses.Source, Token),
                Optional(verdict.Licenses.Location, PackageUrl),
                verdict.Licenses.Score,
                verdict.Licenses.Notes is null ? null : [.. verdict.Licenses.Notes.Take(MaxNotes).Select(n => UntrustedText.Bound(n, EvidenceValue))]),
            Assets = [.. verdict.Assets.Select(a => a with
            {
                Name = UntrustedText.Bound(a.Name, Identifier),
                Sha256 = a.Sha256 is null ? null : UntrustedText.Bound(a.Sha256, Token),
            })],
            PolicySource = UntrustedText.Bound(verdict.PolicySource, PolicyText),
            Summary = verdict.Summary is null ? null : verdict.Summary with { RuleIds = BoundRuleIds(verdict.Summary.RuleIds) },
            Evidence = verdict.Evidence is null ? null : BoundEvidence(verdict.Evidence),
        };
    }

    private static VerdictEvidence BoundEvidence(VerdictEvidence evidence) => new(
        evidence.Intel is not { } intel ? null : new VerdictIntel(
            UntrustedText.Bound(intel.Source, PolicyText),
            UntrustedText.Bound(intel.Status, Token),
            Optional(intel.Problem, EvidenceValue),
            intel.Attempts,
            [.. intel.Advisories.Take(MaxAdvisories).Select(a => new VerdictAdvisory(
                UntrustedText.Bound(a.Id, Token),
                [.. a.Aliases.Take(MaxAliases).Select(x => UntrustedText.Bound(x, Token))],
                UntrustedText.Bound(a.Severity, Token),
                a.Score,
                UntrustedText.Bound(a.Link, Link),
                UntrustedText.Bound(a.Summary, AdvisorySummary),
                a.Malicious))]),
        evidence.Registry is not { } registry ? null : new VerdictRegistry(
            UntrustedText.Bound(registry.Source, PolicyText),
            UntrustedText.Bound(registry.Status, Token),
            Optional(registry.Problem, EvidenceValue),
            registry.PublishedAt),
        evidence.Hashes is null ? null : [.. evidence.Hashes.Take(MaxHashRows).Select(h => new VerdictHashAgreement(
            UntrustedText.Bound(h.Asset, Identifier),
            UntrustedText.Bound(h.Algorithm, Token),
            Optional(h.Streamed, Token),
            Optional(h.CodeArtifact, Token),
            Optional(h.Registry, Token),
            h.Agreed))]);

    private static string? Optional(string? text, int maxLength) => text is null ? null : UntrustedText.Bound(text, maxLength);

    /// <summary>The evidence with its lists cut to <paramref name="maxItems"/> (advisories are ordered most severe first).</summary>
    private static VerdictEvidence? CutEvidence(VerdictEvidence? evidence, int maxItems) => evidence is null ? null : evidence with
    {
        Intel = evidence.Intel is null ? null : evidence.Intel with { Advisories = [.. evidence.Intel.Advisories.Take(maxItems)] },
        Hashes = evidence.Hashes is null ? null : [.. evidence.Hashes.Take(maxItems)],
    };

    private static bool EvidenceWithin(VerdictEvidence? evidence, int maxItems) =>
        (evidence?.Intel?.Advisories.Count ?? 0) <= maxItems && (evidence?.Hashes?.Count ?? 0) <= maxItems;

    /// <summary>
    /// The verdict with each list cut to its first <paramref name="maxItems"/> entries (findings: at least one per rule
    /// id first, then the rest in order) and a <see cref="VerdictSummary"/> with the full counts. A verdict whose lists
    /// are all within <paramref name="maxItems"/> is returned unchanged.
    /// </summary>
    public static Verdict Summarise(Verdict verdict, int maxItems)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentOutOfRangeException.ThrowIfNegative(maxItems);
        if (verdict.Findings.Count <= maxItems && verdict.Waived.Count <= maxItems
            && verdict.Licenses.Declared.Count <= maxItems && verdict.Assets.Count <= maxItems && EvidenceWithin(verdict.Evidence, maxItems))
        {
            return verdict;
        }

        return verdict with
        {
            Findings = KeepFindings(verdict.Findings, maxItems),
            Waived = [.. verdict.Waived.Take(maxItems)],
            Licenses = verdict.Licenses with { Declared = [.. verdict.Licenses.Declared.Take(maxItems)] },
            Assets = [.. verdict.Assets.Take(maxItems)],
            Summary = SummaryOf(verdict),
            Evidence = CutEvidence(verdict.Evidence, maxItems),
        };
    }

    /// <summary>
    /// The smallest verdict that still says what happened: package, outcome, action, the license expression, one
    /// finding per rule id (message only, shortened), the first declared licenses, and the full counts. Its size is
    /// bounded whatever the input: every field is capped and every list is short.
    /// </summary>
    public static Verdict Minimal(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        verdict = Bound(verdict);
        const int Shortened = 200;
        return verdict with
        {
            Findings = [.. KeepFindings(verdict.Findings, 0).Select(f => new Finding(
                f.RuleId, f.Severity, UntrustedText.Bound(f.Message, Shortened), new Dictionary<string, string>(StringComparer.Ordinal), null, null))],
            Waived = [],
            Licenses = new VerdictLicenses(
                [.. verdict.Licenses.Declared.Take(3).Select(d => UntrustedText.Bound(d, Shortened))],
                verdict.Licenses.Expression is null ? null : UntrustedText.Bound(verdict.Licenses.Expression, Shortened),
                verdict.Licenses.Standing,
                verdict.Licenses.Source,
                Optional(verdict.Licenses.Location, Shortened),
                verdict.Licenses.Score,
                verdict.Licenses.Notes is null ? null : [.. verdict.Licenses.Notes.Take(3).Select(n => UntrustedText.Bound(n, Shortened))]),
            Assets = [],
            PolicySource = UntrustedText.Bound(verdict.PolicySource, Shortened),
            Summary = SummaryOf(verdict),
            // Where the facts came from survives in short: the advisory ids (malicious first) without their texts,
            // the sources and their status; the digest rows are in the ledger record.
            Evidence = verdict.Evidence is not { } evidence ? null : new VerdictEvidence(
                evidence.Intel is null ? null : evidence.Intel with
                {
                    Source = UntrustedText.Bound(evidence.Intel.Source, Shortened),
                    Problem = Optional(evidence.Intel.Problem, Shortened),
                    Advisories = [.. evidence.Intel.Advisories.Take(10).Select(a => a with
                    {
                        Aliases = [],
                        Link = UntrustedText.Bound(a.Link, Shortened),
                        Summary = "",
                    })],
                },
                evidence.Registry is null ? null : evidence.Registry with
                {
                    Source = UntrustedText.Bound(evidence.Registry.Source, Shortened),
                    Problem = Optional(evidence.Registry.Problem, Shortened),
                },
                null),
        };
    }

    /// <summary>
    /// The verdict and its document, whole if the document's UTF-8 form is at most <paramref name="maxBytes"/>, else
    /// summarised with fewer and fewer entries, else <see cref="Minimal"/>. The decision ledger stores this (a DynamoDB
    /// item holds at most 400 KB).
    /// </summary>
    public static (Verdict Verdict, string Json) Fit(Verdict verdict, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        verdict = Bound(verdict);
        foreach (var candidate in Candidates(verdict))
        {
            var json = VerdictDocument.Serialize(candidate);
            if (Encoding.UTF8.GetByteCount(json) <= maxBytes)
            {
                return (candidate, json);
            }
        }

        var minimal = Minimal(verdict);
        return (minimal, VerdictDocument.Serialize(minimal));
    }

    private static IEnumerable<Verdict> Candidates(Verdict verdict)
    {
        yield return verdict;
        foreach (var items in (int[])[1_000, 200, 50, 20])
        {
            var summarised = Summarise(verdict, items);
            if (!ReferenceEquals(summarised, verdict))
            {
                yield return summarised;
            }
        }
    }

    /// <summary>The counts of the full verdict (kept from an earlier summary when the verdict was already cut).</summary>
    private static VerdictSummary SummaryOf(Verdict verdict) => new(
        true,
        verdict.TotalFindings,
        verdict.TotalWaived,
        verdict.TotalLicenses,
        verdict.TotalAssets,
        BoundRuleIds([.. (verdict.Summary?.RuleIds ?? []).Concat(verdict.Findings.Select(f => f.RuleId))]));

    private static List<string> BoundRuleIds(IEnumerable<string> ruleIds) =>
        [.. ruleIds.Select(r => UntrustedText.Bound(r, Token)).Distinct(StringComparer.Ordinal).Take(MaxRuleIds)];

    /// <summary>
    /// The first finding of each rule id (up to <see cref="MaxRuleIds"/> of them), then the others in order up to
    /// <paramref name="maxItems"/>; the findings kept stay in their original order.
    /// </summary>
    private static List<Finding> KeepFindings(IReadOnlyList<Finding> findings, int maxItems)
    {
        var keep = new bool[findings.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var kept = 0;
        for (var i = 0; i < findings.Count && seen.Count < MaxRuleIds; i++)
        {
            if (seen.Add(findings[i].RuleId))
            {
                keep[i] = true;
                kept++;
            }
        }
        for (var i = 0; i < findings.Count && kept < maxItems; i++)
        {
            if (!keep[i])
            {
                keep[i] = true;
                kept++;
            }
        }
        return [.. findings.Where((_, i) => keep[i])];
    }

    private static Finding BoundFinding(Finding finding) => finding with
    {
        RuleId = UntrustedText.Bound(finding.RuleId, Token),
        Message = UntrustedText.Bound(finding.Message, Message),
        Evidence = BoundEvidence(finding.Evidence),
        Remedy = finding.Remedy is null ? null : UntrustedText.Bound(finding.Remedy, Remedy),
        Asset = finding.Asset is null ? null : UntrustedText.Bound(finding.Asset, Identifier),
    };

    private static Dictionary<string, string> BoundEvidence(IReadOnlyDictionary<string, string> evidence)
    {
        var bounded = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in evidence.Take(EvidenceEntries))
        {
            // Two long keys can share their first characters: the first one wins.
            bounded.TryAdd(UntrustedText.Bound(key, Token), UntrustedText.Bound(value, EvidenceValue));
        }
        return bounded;
    }

    private static WaiverReference BoundWaiver(WaiverReference waiver) => waiver with
    {
        Package = UntrustedText.Bound(waiver.Package, PackageUrl),
        Version = UntrustedText.Bound(waiver.Version, Identifier),
        Rule = UntrustedText.Bound(waiver.Rule, Token),
        Reason = UntrustedText.Bound(waiver.Reason, PolicyText),
    };
}
