using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Governance.Core.Review;

namespace Governance.Core.Messages;

/// <summary>
/// Renders a verdict as a Slack incoming-webhook payload with Block Kit blocks, within Block Kit's limits: header text
/// ≤ 150 characters, section text ≤ 3000, at most 50 blocks. Untrusted text is capped per field, stripped of control
/// characters and mrkdwn-escaped (&amp;, &lt;, &gt;), so a package name cannot inject links or mentions. At most
/// <see cref="MaxLicenses"/> declared licenses and as many findings as the blocks allow are shown, then "and K more",
/// counting from the full verdict when the document received was summarised.
/// </summary>
public static class SlackBlockKitRenderer
{
    public const int MaxHeaderLength = 150;
    public const int MaxSectionTextLength = 3000;
    public const int MaxBlocks = 50;

    /// <summary>Declared licenses shown before "and K more".</summary>
    public const int MaxLicenses = 10;

    // Header, summary, licenses, intel, provenance, divider ... context: the findings get the rest, minus one for
    // "and N more".
    private const int FixedBlocks = 7;

    /// <summary>Advisories the evidence section lists (malicious first) before "and K more".</summary>
    public const int MaxAdvisories = 10;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The JSON body to POST to a Slack incoming webhook.</summary>
    public static string Render(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        verdict = VerdictBounds.Bound(verdict);
        var p = verdict.Package;
        var name = $"{PackageDisplay.Name(p)} {p.Version}";
        var icon = verdict.Passed ? ":white_check_mark:" : ":no_entry:";
        var headline = verdict.Action.Kind switch
        {
            ActionKind.Publish => $"{name} passed: Published",
            ActionKind.Quarantine => $"{name} failed: {verdict.Action.TargetStatus}",
            _ => $"{name} {(verdict.Passed ? "passed" : "failed")} (audit, would be {verdict.Action.WouldBeStatus})",
        };

        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            // The top-level text is the notification fallback (push notifications, screen readers).
            w.WriteString("text", Limit(SlackText.Escape($"{(verdict.Passed ? "PASS" : "FAIL")} {p.Format} {headline}", 500), MaxSectionTextLength));
            w.WriteStartArray("blocks");

            w.WriteStartObject();
            w.WriteString("type", "header");
            WriteText(w, "plain_text", Limit(UntrustedText.SingleLine($"{(verdict.Passed ? "PASS" : "FAIL")} {headline}", 500), MaxHeaderLength));
            w.WriteEndObject();

            Section(w, $"{icon} *{SlackText.Escape(p.Format, 32)}* `{SlackText.Escape(p.Purl, 400)}`\n"
                + $"*Repository:* {SlackText.Escape(p.Domain, 100)}/{SlackText.Escape(p.Repository, 100)}   *Mode:* {SlackText.Escape(verdict.Mode, 32)}   *Action:* {SlackText.Escape(verdict.Action.Describe(), 200)}"
                + (verdict.Reevaluation is { } again ? $"\n*Re-evaluated:* {SlackText.Escape(again.Reason, 300)}" : ""));

            var declared = verdict.TotalLicenses == 0 ? "_none declared_"
                : string.Join(" | ", verdict.Licenses.Declared.Take(MaxLicenses).Select(d => $"`{SlackText.Escape(d, 200).Replace("`", "'", StringComparison.Ordinal)}`"));
            var moreLicenses = verdict.TotalLicenses - Math.Min(MaxLicenses, verdict.Licenses.Declared.Count);
            if (moreLicenses > 0)
            {
                declared += $" | _and {Count(moreLicenses)} more_";
            }
            Section(w, $"*Licenses:* {declared} → {SlackText.Escape(verdict.Licenses.Expression ?? "not understood", 400)} ({SlackText.Escape(verdict.Licenses.Standing, 50)})");
            foreach (var evidence in EvidenceSections(verdict))
            {
                Section(w, evidence);
            }

            w.WriteStartObject();
            w.WriteString("type", "divider");
            w.WriteEndObject();

            // As many findings as the blocks allow, at least one per rule id (so a rule is not hidden behind 44
            // findings of another), then the waived ones.
            var budget = MaxBlocks - FixedBlocks - 1;
            var shown = VerdictBounds.Summarise(verdict, budget);
            var items = shown.Findings.Select(f => FindingText(f, null))
                .Concat(shown.Waived.Select(x => FindingText(x.Finding, x.Waiver))).Take(budget).ToList();
            if (items.Count == 0 && verdict.TotalFindings + verdict.TotalWaived == 0)
            {
                Section(w, "No findings: every check passed.");
            }
            foreach (var item in items)
            {
                Section(w, item);
            }
            var more = verdict.TotalFindings + verdict.TotalWaived - items.Count;
            if (more > 0)
            {
                Section(w, $"…and {Count(more)} more findings; see the email or the ledger record `{SlackText.Escape(NotificationRenderer.LedgerRecord(verdict), 1_000)}`.");
            }

            w.WriteStartObject();
            w.WriteString("type", "context");
            w.WriteStartArray("elements");
            w.WriteStartObject();
            w.WriteString("type", "mrkdwn");
            w.WriteString("text", Limit($"Policy {SlackText.Escape(verdict.PolicySource, 200)} · revision `{SlackText.Escape(p.Revision, 100)}` · {verdict.EvaluatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC", MaxSectionTextLength));
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();

            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string FindingText(Finding finding, WaiverReference? waiver)
    {
        var b = new StringBuilder();
        b.Append(waiver is null ? (finding.Severity == FindingSeverity.Blocking ? ":x: " : ":warning: ") : ":large_blue_circle: waived ");
        b.Append('*').Append(SlackText.Escape(finding.RuleId, 64)).Append("* ").Append(SlackText.Escape(finding.Message, 800));
        if (waiver is not null)
        {
            b.Append("\n_Waiver:_ ").Append(SlackText.Escape(waiver.Reason, 300))
                .Append(" (until ").Append(waiver.ExpiresAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(')');
        }
        else if (finding.Remedy is { } remedy)
        {
            b.Append("\n```").Append(SlackText.EscapeBlock(remedy, 1500)).Append("```");
        }
        return b.ToString();
    }

    private static readonly EvidenceText.Style SlackStyle = new((text, max) => SlackText.Escape(text, max), SlackLink);

    /// <summary>
    /// Where the facts came from, in two sections: what the intel source said, then the registry, the digests and the
    /// license's source. Each stays within a section's 3000 characters by listing only the detail lines that fit, then
    /// "…and K more", so a long advisory list never pushes the provenance out of the message.
    /// </summary>
    private static IEnumerable<string> EvidenceSections(Verdict verdict)
    {
        var entries = EvidenceText.Entries(verdict, new EvidenceText.Limits(MaxAdvisories, 120, 5, 3), SlackStyle);
        var intel = entries.Where(e => e.Label == "Intel").ToList();
        var provenance = entries.Where(e => e.Label != "Intel").ToList();
        if (intel.Count > 0)
        {
            yield return Fitted("*Evidence*", intel);
        }
        if (provenance.Count > 0)
        {
            yield return Fitted(intel.Count > 0 ? "" : "*Evidence*", provenance);
        }
    }

    private static string Fitted(string heading, List<EvidenceText.Entry> entries)
    {
        // Room kept for the "…and K more" line of each entry.
        const int Reserve = 40;
        var b = new StringBuilder(heading);
        foreach (var entry in entries)
        {
            var head = $"{(b.Length == 0 ? "" : "\n")}*{entry.Label}:* {entry.Text}";
            b.Append(UntrustedText.Truncate(head, Math.Max(1, MaxSectionTextLength - Reserve * entries.Count - b.Length)));
            var shown = 0;
            foreach (var line in entry.Details)
            {
                if (b.Length + line.Length + 3 > MaxSectionTextLength - Reserve * entries.Count)
                {
                    break;
                }
                b.Append("\n• ").Append(line);
                shown++;
            }
            if (shown < entry.Details.Count)
            {
                b.Append("\n• …and ").Append(Count(entry.Details.Count - shown)).Append(" more");
            }
        }
        return b.ToString();
    }

    /// <summary>
    /// <c>&lt;url|id&gt;</c> when the URL is a plain https URL (nothing in it can end the link or start a mention);
    /// otherwise the id in code and the URL as escaped text.
    /// </summary>
    private static string SlackLink(string url, string id)
    {
        var label = SlackText.Escape(id, 128).Replace("|", "/", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal);
        return SafeUrl(url) ? $"<{url}|{label}>" : $"`{label}` {SlackText.Escape(url, 300)}";
    }

    private static bool SafeUrl(string url) =>
        url.Length <= 300
        && url.StartsWith("https://", StringComparison.Ordinal)
        && url.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '~' or '/' or ':' or '%' or '?' or '=' or '+' or '#');

    private static void Section(Utf8JsonWriter w, string mrkdwn)
    {
        w.WriteStartObject();
        w.WriteString("type", "section");
        WriteText(w, "mrkdwn", Limit(mrkdwn, MaxSectionTextLength));
        w.WriteEndObject();
    }

    private static void WriteText(Utf8JsonWriter w, string type, string text)
    {
        w.WriteStartObject("text");
        w.WriteString("type", type);
        w.WriteString("text", text);
        w.WriteEndObject();
    }

    private static string Limit(string text, int max) => UntrustedText.Truncate(text, max);

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
