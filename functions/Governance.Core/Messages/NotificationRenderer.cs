using System.Globalization;
using System.Text;
using Governance.Core.Ports;
using Governance.Core.Review;

namespace Governance.Core.Messages;

/// <summary>
/// Renders a verdict for people and machines: an email subject a person can scan, a readable plain-text body, the
/// verdict JSON, and the SNS <see cref="NotificationMessage"/> with filterable attributes.
/// </summary>
public static class NotificationRenderer
{
    /// <summary>SNS subjects must be under 100 characters, ASCII, without line breaks.</summary>
    public const int MaxSubjectLength = 99;

    /// <summary>The complete SNS notification: subject, email body, the verdict document as default, and attributes.</summary>
    public static NotificationMessage Render(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return new NotificationMessage(Subject(verdict), EmailBody(verdict), VerdictDocument.Serialize(verdict), Attributes(verdict));
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

    /// <summary>The plain-text email: summary, package, licenses, assets, each finding with evidence and remedy.</summary>
    public static string EmailBody(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
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

        Line(b, "Package", UntrustedText.SingleLine(p.Purl, 500));
        Line(b, "Repository", UntrustedText.SingleLine($"{p.Domain}/{p.Repository} (domain owner {p.DomainOwner})", 300));
        Line(b, "Revision", UntrustedText.SingleLine(p.Revision, 100));
        Line(b, "Status seen", p.ObservedStatus.ToString());
        Line(b, "Origin", UntrustedText.SingleLine(p.Origin, 50));
        Line(b, "Mode", verdict.Mode);
        Line(b, "Action", verdict.Action.Describe());
        var declared = verdict.Licenses.Declared.Count == 0 ? "(none declared)"
            : string.Join(" | ", verdict.Licenses.Declared.Select(d => UntrustedText.SingleLine(d, 200)));
        Line(b, "Licenses", $"{declared} -> {UntrustedText.SingleLine(verdict.Licenses.Expression ?? "(not understood)", 300)} ({verdict.Licenses.Standing})");
        b.Append('\n');

        b.Append("Assets (").Append(verdict.Assets.Count.ToString(CultureInfo.InvariantCulture)).Append("):\n");
        foreach (var asset in verdict.Assets)
        {
            b.Append("  - ").Append(UntrustedText.SingleLine(asset.Name, 200))
                .Append(", ").Append(asset.Size.ToString("N0", CultureInfo.InvariantCulture)).Append(" bytes, ")
                .Append(asset.Verified ? $"SHA-256 {asset.Sha256}" : "not verified").Append('\n');
        }
        b.Append('\n');

        if (verdict.Findings.Count == 0)
        {
            b.Append("Findings: none.\n");
        }
        else
        {
            b.Append("Findings (").Append(verdict.Findings.Count.ToString(CultureInfo.InvariantCulture)).Append("):\n");
            var n = 1;
            foreach (var finding in verdict.Findings)
            {
                AppendFinding(b, n++, finding);
            }
        }
        if (verdict.Waived.Count > 0)
        {
            b.Append("\nWaived (").Append(verdict.Waived.Count.ToString(CultureInfo.InvariantCulture)).Append("):\n");
            foreach (var waived in verdict.Waived)
            {
                b.Append("  - [").Append(waived.Finding.RuleId).Append("] ").Append(UntrustedText.SingleLine(waived.Finding.Message, 500)).Append('\n')
                    .Append("    waiver: ").Append(UntrustedText.SingleLine(waived.Waiver.Reason, 300))
                    .Append(" (policy line ").Append(waived.Waiver.Line.ToString(CultureInfo.InvariantCulture))
                    .Append(", expires ").Append(waived.Waiver.ExpiresAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append(" UTC)\n");
            }
        }
        b.Append("\nPolicy: ").Append(UntrustedText.SingleLine(verdict.PolicySource, 300))
            .Append("; evaluated at ").Append(verdict.EvaluatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(" UTC.\n");
        return b.ToString();
    }

    private static void AppendFinding(StringBuilder b, int n, Finding finding)
    {
        b.Append(n.ToString(CultureInfo.InvariantCulture)).Append(". [").Append(finding.RuleId).Append(']')
            .Append(finding.Severity == FindingSeverity.Warning ? " (warning) " : " ")
            .Append(UntrustedText.SingleLine(finding.Message, 1000)).Append('\n');
        foreach (var (key, value) in finding.Evidence)
        {
            b.Append("     ").Append(key).Append(": ").Append(UntrustedText.SingleLine(value, 500)).Append('\n');
        }
        if (finding.Remedy is { } remedy)
        {
            b.Append("   Remedy:\n");
            foreach (var line in UntrustedText.MultiLine(remedy, 3000).Split('\n'))
            {
                b.Append("     ").Append(line).Append('\n');
            }
        }
    }

    private static void Line(StringBuilder b, string label, string value) =>
        b.Append(label).Append(':').Append(' ', Math.Max(1, 13 - label.Length)).Append(value).Append('\n');
}
