using System.Globalization;
using System.Text;
using Governance.Core.Packages;
using Governance.Core.Ports;
using Governance.Core.Review;

namespace Governance.Core.Messages;

/// <summary>
/// Renders a verdict for people and machines: an email subject a person can scan, a readable plain-text body, the
/// verdict JSON, and the SNS <see cref="NotificationMessage"/> with filterable attributes.
/// </summary>
/// <remarks>
/// Every notification fits in one SNS message (<see cref="NotificationPayload.MaxBytes"/>): untrusted text is capped
/// per field, the email lists at most <see cref="EmailListItems"/> entries of each kind (then "and K more (see the
/// ledger record …)"), and when the whole payload is still too large <see cref="Render"/> degrades in steps: the
/// verdict document's lists are summarised (<see cref="VerdictBounds.Summarise"/>), then the email is shortened, then
/// the email becomes a short text pointing to the ledger record and the verdict its minimal form. Package, outcome,
/// action and rule ids survive every step.
/// </remarks>
public static class NotificationRenderer
{
    /// <summary>SNS subjects must be under 100 characters, ASCII, without line breaks.</summary>
    public const int MaxSubjectLength = 99;

    /// <summary>Findings, waived findings and assets an email shows in full before "and K more".</summary>
    public const int EmailListItems = 50;

    /// <summary>Declared licenses an email shows before "and K more".</summary>
    public const int EmailLicenses = 20;

    /// <summary>Entries of each list a shortened email shows.</summary>
    public const int CompactListItems = 10;

    /// <summary>Entries of each list kept in a summarised verdict document (the first summarising step).</summary>
    public const int SummaryItems = 100;

    /// <summary>Entries of each list kept when <see cref="SummaryItems"/> is still too many.</summary>
    public const int SmallSummaryItems = 20;

    private enum Detail
    {
        /// <summary>Every field, lists up to <see cref="EmailListItems"/>.</summary>
        Full,
        /// <summary>Lists up to <see cref="CompactListItems"/>, evidence and remedies shortened.</summary>
        Compact,
        /// <summary>Headline, package, action, rule ids and counts; the rest is in the ledger record.</summary>
        Short,
    }

    /// <summary>
    /// The complete SNS notification: subject, email body, the verdict document as default, and attributes, whose
    /// Publish payload (<see cref="NotificationPayload.Bytes(NotificationMessage)"/>) is within SNS's limit.
    /// </summary>
    public static NotificationMessage Render(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        verdict = VerdictBounds.Bound(verdict);
        var subject = Subject(verdict);
        var attributes = Attributes(verdict);
        NotificationMessage? message = null;
        foreach (var (document, detail) in Steps(verdict))
        {
            message = new NotificationMessage(subject, EmailBody(document, detail), VerdictDocument.Serialize(document), attributes);
            if (NotificationPayload.Fits(message))
            {
                return message;
            }
        }

        // The last step (minimal verdict, short email) is bounded by construction: every field is capped and every
        // list is short, so it fits whatever the input (NotificationSizeTests prove it for the worst characters).
        return message!;
    }

    /// <summary>
    /// The final guard where the Publish payload is assembled: <paramref name="message"/> itself when it fits, else
    /// rendered again from its verdict document in the steps of <see cref="Render"/>; a message whose default is not a
    /// verdict document has its texts cut.
    /// </summary>
    public static NotificationMessage Fit(NotificationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (NotificationPayload.Fits(message))
        {
            return message;
        }

        if (VerdictDocument.Parse(message.DefaultJson, out _) is { } verdict)
        {
            return Render(verdict);
        }

        // Not ours: at most 7 bytes per character once escaped twice, so 16,000 characters each stay well within the
        // limit, and SNS takes at most 10 attributes.
        const int Characters = 16_000;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in message.Attributes.Take(10))
        {
            attributes.TryAdd(UntrustedText.Bound(name, 256), UntrustedText.Bound(value, 256));
        }

        return new NotificationMessage(
            UntrustedText.Ascii(UntrustedText.SingleLine(message.Subject, MaxSubjectLength)),
            UntrustedText.Bound(message.EmailBody, Characters),
            UntrustedText.Bound(message.DefaultJson, Characters),
            attributes);
    }

    private static IEnumerable<(Verdict Document, Detail Detail)> Steps(Verdict verdict)
    {
        yield return (verdict, Detail.Full);
        var summarised = VerdictBounds.Summarise(verdict, SummaryItems);
        if (!ReferenceEquals(summarised, verdict))
        {
            yield return (summarised, Detail.Full);
        }

        var small = VerdictBounds.Summarise(verdict, SmallSummaryItems);
        if (!ReferenceEquals(small, summarised))
        {
            yield return (small, Detail.Full);
        }

        yield return (small, Detail.Compact);
        yield return (small, Detail.Short);
        yield return (VerdictBounds.Minimal(verdict), Detail.Short);
    }

    /// <summary>Where the whole verdict is: the decision ledger's key for the version and revision.</summary>
    public static string LedgerRecord(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var key = new DecisionKey(PackageIdentity.VersionKey(verdict.Package.ToPackageVersionId()), verdict.Package.Revision);
        return UntrustedText.SingleLine(key.ToString(), 1_024);
    }

    /// <summary>
    /// String message attributes for subscription filter policies: <c>verdict</c> (pass/fail), <c>format</c>,
    /// <c>repository</c>, <c>action</c> (the status set, or none).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Attributes(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["verdict"] = verdict.Passed ? "pass" : "fail",
            ["format"] = UntrustedText.SingleLine(verdict.Package.Format, 64),
            ["repository"] = UntrustedText.SingleLine(verdict.Package.Repository, 100),
            ["action"] = verdict.Action.AttributeValue,
        };
    }

    /// <summary><c>FAIL npm @acme/ui-kit 2.3.1 -> Unlisted: license.denied</c>, bounded to <see cref="MaxSubjectLength"/>.</summary>
    public static string Subject(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var head = verdict.Passed ? "PASS" : "FAIL";
        var action = verdict.Action.Kind == ActionKind.None ? "audit" : $"{verdict.Action.TargetStatus}";
        var rules = string.Join(", ", verdict.BlockingFindings.Select(f => f.RuleId).Distinct());
        var suffix = $" -> {action}" + (rules.Length > 0 ? $": {rules}" : "");
        var package = $"{verdict.Package.Format} {PackageDisplay.Name(verdict.Package)} {verdict.Package.Version}";
        package = UntrustedText.Ascii(UntrustedText.SingleLine(package, 500));
        suffix = UntrustedText.Ascii(suffix);
        // The package name gives way first: the verdict and the action are what a person scans for.
        var room = MaxSubjectLength - head.Length - 1 - Math.Min(suffix.Length, 60);
        var subject = $"{head} {UntrustedText.Truncate(package, Math.Max(room, 20)).Replace('…', '~')}{suffix}";
        return subject.Length <= MaxSubjectLength ? subject : subject[..(MaxSubjectLength - 3)] + "...";
    }

    /// <summary>
    /// The plain-text email: summary, package, licenses, assets, each finding with evidence and remedy (at most
    /// <see cref="EmailListItems"/> of each, then "and K more").
    /// </summary>
    public static string EmailBody(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return EmailBody(VerdictBounds.Bound(verdict), Detail.Full);
    }

    private static string EmailBody(Verdict verdict, Detail detail)
    {
        var p = verdict.Package;
        var b = new StringBuilder();
        var name = UntrustedText.SingleLine($"{p.Format} {PackageDisplay.Name(p)} {p.Version}", 300);
        b.Append(verdict.Passed ? "PASSED: " : "FAILED: ").Append(name).Append('\n');
        b.Append(verdict.Action.Kind switch
        {
            ActionKind.Publish => "The version passed the governance policy and is Published.",
            ActionKind.Quarantine => $"The version failed the governance policy and its status is set to {verdict.Action.TargetStatus}.",
            _ => $"Audit mode: no status was changed. In enforce mode the status would be set to {verdict.Action.WouldBeStatus}.",
        }).Append("\n\n");
        if (verdict.Reevaluation is { } again)
        {
            // The reason quotes findings, which quote what the publisher wrote: bounded and on one line.
            b.Append("Re-evaluated (decision ").Append(again.Evaluation.ToString(CultureInfo.InvariantCulture)).Append(" on this revision): ")
                .Append(UntrustedText.SingleLine(again.Reason, 500)).Append(". Before: ").Append(UntrustedText.SingleLine(again.PreviousOutcome ?? "?", 20))
                .Append(", status ").Append(UntrustedText.SingleLine(again.PreviousStatus ?? "?", 20)).Append(".\n\n");
        }

        Line(b, "Package", UntrustedText.SingleLine(p.Purl, 500));
        Line(b, "Repository", UntrustedText.SingleLine($"{p.Domain}/{p.Repository} (domain owner {p.DomainOwner})", 300));
        Line(b, "Revision", UntrustedText.SingleLine(p.Revision, 100));
        Line(b, "Status seen", p.ObservedStatus.ToString());
        Line(b, "Origin", UntrustedText.SingleLine(p.Origin, 50));
        Line(b, "Mode", UntrustedText.SingleLine(verdict.Mode, 50));
        Line(b, "Action", verdict.Action.Describe());
        var licenses = detail switch
        {
            Detail.Full => EmailLicenses,
            Detail.Compact => CompactListItems,
            _ => 3,
        };
        var moreLicenses = verdict.TotalLicenses - Math.Min(licenses, verdict.Licenses.Declared.Count);
        var declared = verdict.TotalLicenses == 0 ? "(none declared)"
            : string.Join(" | ", verdict.Licenses.Declared.Take(licenses).Select(d => UntrustedText.SingleLine(d, 200)))
                + (moreLicenses > 0 ? $" | and {Count(moreLicenses)} more (see the ledger record {LedgerRecord(verdict)})" : "");
        Line(b, "Licenses", $"{declared} -> {UntrustedText.SingleLine(verdict.Licenses.Expression ?? "(not understood)", 300)} ({UntrustedText.SingleLine(verdict.Licenses.Standing, 50)})");
        AppendEvidence(b, verdict, detail);

        if (detail == Detail.Short)
        {
            AppendShort(b, verdict);
        }
        else
        {
            var items = detail == Detail.Full ? EmailListItems : CompactListItems;
            AppendLists(b, verdict, items, detail);
        }

        b.Append("\nPolicy: ").Append(UntrustedText.SingleLine(verdict.PolicySource, 300))
            .Append("; evaluated at ").Append(verdict.EvaluatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(" UTC.\n");
        return b.ToString();
    }

    /// <summary>
    /// The first <paramref name="items"/> findings, with at least one of every rule id: a rule whose findings all come
    /// after the cut (one license finding behind a thousand asset findings) takes the place of a later finding of a
    /// rule already shown, so the email always says every reason the version failed.
    /// </summary>
    internal static List<Finding> FirstOfEveryRule(IReadOnlyList<Finding> findings, int items)
    {
        var shown = findings.Take(items).ToList();
        foreach (var missing in findings.Skip(items).Where(f => shown.TrueForAll(s => s.RuleId != f.RuleId)).DistinctBy(f => f.RuleId).ToList())
        {
            var repeated = shown.FindLastIndex(s => shown.Count(other => other.RuleId == s.RuleId) > 1);
            if (repeated >= 0)
            {
                shown.RemoveAt(repeated);
            }
            shown.Add(missing);
        }
        return shown;
    }

    private static void AppendLists(StringBuilder b, Verdict verdict, int items, Detail detail)
    {
        var record = LedgerRecord(verdict);
        b.Append('\n');
        b.Append("Assets (").Append(Count(verdict.TotalAssets)).Append("):\n");
        foreach (var asset in verdict.Assets.Take(items))
        {
            b.Append("  - ").Append(UntrustedText.SingleLine(asset.Name, 200))
                .Append(", ").Append(asset.Size.ToString("N0", CultureInfo.InvariantCulture)).Append(" bytes, ")
                .Append(asset.Verified ? $"SHA-256 {UntrustedText.SingleLine(asset.Sha256, 100)}" : "not verified").Append('\n');
        }
        AppendMore(b, verdict.TotalAssets - Math.Min(items, verdict.Assets.Count), record);
        b.Append('\n');

        if (verdict.TotalFindings == 0)
        {
            b.Append("Findings: none.\n");
        }
        else
        {
            b.Append("Findings (").Append(Count(verdict.TotalFindings)).Append("):\n");
            var n = 1;
            var shown = FirstOfEveryRule(verdict.Findings, items);
            foreach (var finding in shown)
            {
                AppendFinding(b, n++, finding, detail);
            }
            AppendMore(b, verdict.TotalFindings - shown.Count, record);
        }
        if (verdict.TotalWaived > 0)
        {
            b.Append("\nWaived (").Append(Count(verdict.TotalWaived)).Append("):\n");
            foreach (var waived in verdict.Waived.Take(items))
            {
                b.Append("  - [").Append(UntrustedText.SingleLine(waived.Finding.RuleId, 64)).Append("] ").Append(UntrustedText.SingleLine(waived.Finding.Message, 500)).Append('\n')
                    .Append("    waiver: ").Append(UntrustedText.SingleLine(waived.Waiver.Reason, 300))
                    .Append(" (policy line ").Append(waived.Waiver.Line.ToString(CultureInfo.InvariantCulture))
                    .Append(", expires ").Append(waived.Waiver.ExpiresAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append(" UTC)\n");
            }
            AppendMore(b, verdict.TotalWaived - Math.Min(items, verdict.Waived.Count), record);
        }
    }

    /// <summary>The last step: no lists, only what a person needs to know what happened and where the rest is.</summary>
    private static void AppendShort(StringBuilder b, Verdict verdict)
    {
        var rules = verdict.Summary?.RuleIds ?? [.. verdict.Findings.Select(f => f.RuleId).Distinct(StringComparer.Ordinal)];
        Line(b, "Rules", rules.Count == 0 ? "(none)" : UntrustedText.SingleLine(string.Join(", ", rules), 2_000));
        Line(b, "Counts", $"{Count(verdict.TotalFindings)} findings, {Count(verdict.TotalWaived)} waived, "
            + $"{Count(verdict.TotalLicenses)} declared licenses, {Count(verdict.TotalAssets)} assets");
        b.Append("\nThe details do not fit in one notification (SNS accepts at most 256 KiB per message). ")
            .Append("The full verdict is in the ledger record ").Append(LedgerRecord(verdict)).Append(".\n");
    }

    private static readonly EvidenceText.Style EmailStyle = new(
        (text, max) => UntrustedText.SingleLine(text, max),
        (url, id) => $"{UntrustedText.SingleLine(id, 128)} {UntrustedText.SingleLine(url, 300)}");

    /// <summary>
    /// The "Evidence:" section of the email on its own (empty when there is none), for <c>governance check</c>,
    /// which shows the same facts for a local file.
    /// </summary>
    public static string EvidenceSection(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var b = new StringBuilder();
        AppendEvidence(b, verdict, Detail.Full);
        return b.ToString();
    }

    /// <summary>Where the facts came from: intel, the public registry, the digests compared, the license's source.</summary>
    private static void AppendEvidence(StringBuilder b, Verdict verdict, Detail detail)
    {
        var limits = detail switch
        {
            Detail.Full => new EvidenceText.Limits(EmailListItems, 500, EmailListItems, CompactListItems),
            Detail.Compact => new EvidenceText.Limits(CompactListItems, 200, CompactListItems, 3),
            _ => new EvidenceText.Limits(CompactListItems, 0, 0, 1),
        };
        var entries = EvidenceText.Entries(verdict, limits, EmailStyle);
        if (entries.Count == 0)
        {
            return;
        }
        b.Append("\nEvidence:\n");
        foreach (var entry in entries)
        {
            b.Append("  ").Append(entry.Label).Append(':').Append(' ', Math.Max(1, 11 - entry.Label.Length)).Append(entry.Text).Append('\n');
            foreach (var line in entry.Details)
            {
                b.Append("    - ").Append(line).Append('\n');
            }
        }
    }

    private static void AppendMore(StringBuilder b, int more, string record)
    {
        if (more > 0)
        {
            b.Append("  ... and ").Append(Count(more)).Append(" more (see the ledger record ").Append(record).Append(")\n");
        }
    }

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static void AppendFinding(StringBuilder b, int n, Finding finding, Detail detail)
    {
        var (evidence, remedyLength) = detail == Detail.Full ? (500, 3000) : (200, 1000);
        b.Append(n.ToString(CultureInfo.InvariantCulture)).Append(". [").Append(UntrustedText.SingleLine(finding.RuleId, 64)).Append(']')
            .Append(finding.Severity == FindingSeverity.Warning ? " (warning) " : " ")
            .Append(UntrustedText.SingleLine(finding.Message, 1000)).Append('\n');
        foreach (var (key, value) in finding.Evidence)
        {
            b.Append("     ").Append(UntrustedText.SingleLine(key, 64)).Append(": ").Append(UntrustedText.SingleLine(value, evidence)).Append('\n');
        }
        if (finding.Remedy is { } remedy)
        {
            b.Append("   Remedy:\n");
            foreach (var line in UntrustedText.MultiLine(remedy, remedyLength).Split('\n'))
            {
                b.Append("     ").Append(line).Append('\n');
            }
        }
    }

    private static void Line(StringBuilder b, string label, string value) =>
        b.Append(label).Append(':').Append(' ', Math.Max(1, 13 - label.Length)).Append(value).Append('\n');
}
