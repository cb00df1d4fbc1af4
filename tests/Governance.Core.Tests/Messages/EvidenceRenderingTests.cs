using System.Text.Json;
using Governance.Core.Evidence;
using Governance.Core.Messages;
using Governance.Core.Policy;
using Governance.Core.Review;
using static Governance.Core.Tests.Review.EvidenceSubjects;
using static Governance.Core.Tests.Review.ReviewSubjects;

namespace Governance.Core.Tests.Messages;

/// <summary>Issue 12: every message says where each fact came from, escaped and bounded.</summary>
public class EvidenceRenderingTests
{
    private const string Sha512 = "aa11bb22cc33dd44ee55ff6600112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff0011";

    /// <summary>A Maven version from Maven Central with advisories, a registry answer, a digest row and a parent-POM license.</summary>
    internal static Verdict Rich(params VerdictHashAgreement[] hashes)
    {
        var subject = Subject(Maven(), []).With(
            intel: Answered(
                Advisory("GHSA-aaaa-bbbb-cccc", AdvisorySeverity.Moderate, "Information exposure", 5.3, false, "CVE-2024-0001"),
                Advisory("MAL-2025-42", AdvisorySeverity.Unknown, "Malicious code in commons-text", null, malicious: true)),
            registry: Registry(RegistryStatus.Found),
            licenses: new LicenseDiscovery([new(LicenseSource.ParentPom, "Apache-2.0", "org.apache.commons:commons-parent:58", null)], []),
            origin: "EXTERNAL");
        var verdict = Evaluate(subject);
        return hashes.Length == 0 ? verdict : verdict with { Evidence = verdict.Evidence! with { Hashes = hashes } };
    }

    private static List<string> Mrkdwn(string slack)
    {
        var payload = JsonDocument.Parse(slack).RootElement;
        var texts = new List<string> { payload.GetProperty("text").GetString()! };
        foreach (var block in payload.GetProperty("blocks").EnumerateArray())
        {
            if (block.TryGetProperty("text", out var text) && text.GetProperty("type").GetString() == "mrkdwn")
            {
                texts.Add(text.GetProperty("text").GetString()!);
            }
        }
        return texts;
    }

    /// <summary>The intel section (it starts the evidence) and the provenance section after it.</summary>
    private static string EvidenceSection(string slack) => string.Join("\n", Mrkdwn(slack).Where(t =>
        t.StartsWith("*Evidence*", StringComparison.Ordinal) || t.StartsWith("*Registry:*", StringComparison.Ordinal)));

    [Fact]
    public void EmailBody_ShouldSayWhereEachFactCameFrom()
    {
        var email = NotificationRenderer.EmailBody(Rich(new VerdictHashAgreement("commons-text-1.10.0.jar", "SHA-512", Sha512, Sha512, Sha512, true)));

        Assert.Contains("\nEvidence:\n", email, StringComparison.Ordinal);
        Assert.Contains("  Intel:      https://api.osv.dev: 2 advisories affect this version\n", email, StringComparison.Ordinal);
        var malicious = email.IndexOf("    - MAL-2025-42 https://osv.dev/vulnerability/MAL-2025-42 (MALICIOUS): Malicious code in commons-text", StringComparison.Ordinal);
        var vulnerable = email.IndexOf("    - GHSA-aaaa-bbbb-cccc https://osv.dev/vulnerability/GHSA-aaaa-bbbb-cccc (moderate, CVSS 5.3; CVE-2024-0001): Information exposure", StringComparison.Ordinal);
        Assert.True(malicious > 0 && vulnerable > malicious, email);
        Assert.Contains("  Registry:   Maven Central (https://repo1.maven.org/maven2): found, published 2024-03-01 09:30 UTC\n", email, StringComparison.Ordinal);
        Assert.Contains("    - commons-text-1.10.0.jar: SHA-512: streamed = CodeArtifact = Maven Central\n", email, StringComparison.Ordinal);
        Assert.Contains("  License:    read from the parent POM org.apache.commons:commons-parent:58\n", email, StringComparison.Ordinal);
        Assert.Contains("The version failed the governance policy and its status is set to Archived.", email, StringComparison.Ordinal);
    }

    [Fact]
    public void EmailBody_WhenDigestsDisagree_ShouldShowEachSide()
    {
        var email = NotificationRenderer.EmailBody(Rich(new VerdictHashAgreement("a.jar", "SHA-1", "1111222233334444aaaa", "1111222233334444aaaa", "99998888777766665555", false)));
        Assert.Contains("a.jar: SHA-1 DIFFER: streamed 1111222233334444…, CodeArtifact 1111222233334444…, Maven Central 9999888877776666…", email, StringComparison.Ordinal);
        Assert.Contains("  Hashes:     0 of 1 digests agree three ways", email, StringComparison.Ordinal);
    }

    [Fact]
    public void EmailBody_WhenNothingWasQueried_ShouldSaySoAndWhy()
    {
        var email = NotificationRenderer.EmailBody(Evaluate(Subject(Npm(), ["MIT"]).With(
            intel: IntelEvidence.NotQueried("no intel source is configured"),
            registry: RegistryEvidence.NotQueried("origin INTERNAL: the version was not taken from a public registry"))));

        Assert.Contains("  Intel:      not queried: no intel source is configured\n", email, StringComparison.Ordinal);
        Assert.Contains("  Registry:   not queried: origin INTERNAL: the version was not taken from a public registry\n", email, StringComparison.Ordinal);
        Assert.Contains("  Hashes:     streamed = CodeArtifact for 1 of 1 assets listed; not compared with a public registry\n", email, StringComparison.Ordinal);
        Assert.Contains("  License:    from CodeArtifact's metadata\n", email, StringComparison.Ordinal);
    }

    [Fact]
    public void EmailBody_WhenIntelIsUnreachableAndTheLicenseFileScoredLow_ShouldSayWhy()
    {
        var verdict = Evaluate(Subject(Maven(), []).With(
            intel: Unreachable("HTTP 503 Service Unavailable", 3),
            licenses: new LicenseDiscovery([new(LicenseSource.LicenseFile, "MIT", "LICENSE in x.jar", 0.7)], []),
            origin: "EXTERNAL"));
        var email = NotificationRenderer.EmailBody(verdict);

        Assert.Contains("  Intel:      https://api.osv.dev: unreachable after 3 attempts: HTTP 503 Service Unavailable\n", email, StringComparison.Ordinal);
        Assert.Contains("note: the best license text below the threshold: LICENSE in x.jar matched MIT with score 0.70", email, StringComparison.Ordinal);
        Assert.Contains("[intel.unreachable]", email, StringComparison.Ordinal);
        Assert.Contains("[license.missing]", email, StringComparison.Ordinal);
    }

    [Fact]
    public void Slack_ShouldListAdvisoriesAsLinksMaliciousFirstAndTheProvenance()
    {
        var section = EvidenceSection(SlackBlockKitRenderer.Render(Rich(new VerdictHashAgreement("commons-text-1.10.0.jar", "SHA-512", Sha512, Sha512, Sha512, true))));

        var malicious = section.IndexOf("• <https://osv.dev/vulnerability/MAL-2025-42|MAL-2025-42> (MALICIOUS)", StringComparison.Ordinal);
        var vulnerable = section.IndexOf("• <https://osv.dev/vulnerability/GHSA-aaaa-bbbb-cccc|GHSA-aaaa-bbbb-cccc> (moderate, CVSS 5.3; CVE-2024-0001)", StringComparison.Ordinal);
        Assert.True(malicious > 0 && vulnerable > malicious, section);
        Assert.Contains("*Registry:* Maven Central (https://repo1.maven.org/maven2): found", section, StringComparison.Ordinal);
        Assert.Contains("• commons-text-1.10.0.jar: SHA-512: streamed = CodeArtifact = Maven Central", section, StringComparison.Ordinal);
        Assert.Contains("*License:* read from the parent POM org.apache.commons:commons-parent:58", section, StringComparison.Ordinal);
    }

    public static TheoryData<string> HostileTexts => ["<!channel> click <https://evil.example|here>", "line1\nSubject: forged\r\n\u0007\u001b[31m", new string('x', 10 * 1024)];

    [Theory]
    [MemberData(nameof(HostileTexts))]
    public void Render_WhenAdvisoryTextsAreHostile_ShouldEscapeAndBoundThemEverywhere(string hostile)
    {
        var advisory = new Advisory("GHSA-<!here>|x", ["CVE-<!channel>"], hostile, AdvisorySeverity.Critical, 9.9,
            "https://osv.dev/vulnerability/x|<!channel>", false);
        var verdict = Evaluate(Subject(Maven(), []).With(
            intel: new IntelEvidence(IntelStatus.Unreachable, "https://osv.example/<!channel>", [advisory], hostile, 2),
            registry: new RegistryEvidence(RegistryStatus.Unreachable, "https://repo.example/\u0007", new Dictionary<string, IReadOnlyDictionary<Governance.Core.Integrity.HashKind, string>>(), null, hostile),
            licenses: new LicenseDiscovery([new(LicenseSource.LicenseFile, "MIT", hostile, 0.5)], [hostile, hostile]),
            origin: "EXTERNAL"));
        verdict = verdict with { Evidence = verdict.Evidence! with { Intel = new VerdictIntel("https://osv.example", "answered", null, 1, [VerdictAdvisory.From(advisory)]) } };

        // The verdict bounds every copied text.
        var bounded = VerdictBounds.Bound(verdict);
        Assert.All(bounded.Evidence!.Intel!.Advisories, a => Assert.True(a.Summary.Length <= VerdictBounds.AdvisorySummary));
        Assert.True(bounded.Evidence.Registry!.Problem!.Length <= VerdictBounds.EvidenceValue);
        Assert.All(bounded.Licenses.Notes!, n => Assert.True(n.Length <= VerdictBounds.EvidenceValue));

        var message = NotificationRenderer.Render(verdict);
        Assert.True(NotificationPayload.Fits(message));
        var email = message.EmailBody;
        Assert.DoesNotContain("\u0007", email, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", email, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", email, StringComparison.Ordinal);
        Assert.DoesNotContain("\nSubject: forged", email, StringComparison.Ordinal);
        Assert.All(email.Split('\n'), line => Assert.True(line.Length <= 3_000, $"{line.Length} characters"));

        var slack = SlackBlockKitRenderer.Render(verdict);
        var texts = Mrkdwn(slack);
        Assert.All(texts, t => Assert.DoesNotContain("<!channel>", t, StringComparison.Ordinal));
        Assert.All(texts, t => Assert.DoesNotContain("<!here>", t, StringComparison.Ordinal));
        Assert.All(texts, t => Assert.DoesNotContain("<https://evil", t, StringComparison.Ordinal));
        Assert.All(texts, t => Assert.DoesNotContain("\u0007", t, StringComparison.Ordinal));
        // The link with '|' and '<' is not made a Slack link: the id in code, the URL escaped.
        Assert.Contains("`GHSA-&lt;!here&gt;/x` https://osv.dev/vulnerability/x|&lt;!channel&gt;", EvidenceSection(slack), StringComparison.Ordinal);
        var blocks = JsonDocument.Parse(slack).RootElement.GetProperty("blocks").EnumerateArray().ToList();
        Assert.True(blocks.Count <= SlackBlockKitRenderer.MaxBlocks);
        Assert.All(blocks.Where(b => b.GetProperty("type").GetString() == "section"),
            b => Assert.True(b.GetProperty("text").GetProperty("text").GetString()!.Length <= SlackBlockKitRenderer.MaxSectionTextLength));
    }

    [Fact]
    public void Render_WhenThereAreHundredsOfHugeAdvisories_ShouldFitAndKeepTheMaliciousOne()
    {
        const string Costly = "é😀\"<>&' \u0001";
        var huge = string.Concat(Enumerable.Repeat(Costly, 10 * 1024 / Costly.Length));
        var advisories = Enumerable.Range(0, 300)
            .Select(i => new Advisory($"GHSA-{i:D4}-{huge[..40]}", [.. Enumerable.Range(0, 50).Select(j => $"CVE-{j}-{huge[..100]}")], huge,
                AdvisorySeverity.Critical, 9.0, "https://osv.dev/vulnerability/" + huge, false))
            .Append(Advisory("MAL-2025-7", malicious: true))
            .ToArray();
        var verdict = Evaluate(Subject(Npm(), ["MIT"]).With(intel: Answered(advisories)));
        Assert.Equal("MAL-2025-7", verdict.Evidence!.Intel!.Advisories[0].Id);
        Assert.True(verdict.Evidence.Intel.Advisories.Count <= VerdictBounds.MaxAdvisories);

        var message = NotificationRenderer.Render(verdict);

        Assert.True(NotificationPayload.Fits(message), $"{NotificationPayload.Bytes(message):N0} bytes");
        var parsed = VerdictDocument.Parse(message.DefaultJson, out var error);
        Assert.True(parsed is not null, error);
        Assert.Equal("MAL-2025-7", parsed.Evidence!.Intel!.Advisories[0].Id);
        Assert.Contains(parsed.Findings, f => f.RuleId == RuleIds.IntelMalicious);
        Assert.Contains("MAL-2025-7", message.EmailBody, StringComparison.Ordinal);
        Assert.StartsWith("FAIL npm @acme/ui-kit 2.3.1 -> Archived", message.Subject, StringComparison.Ordinal);

        var minimal = VerdictBounds.Minimal(verdict);
        Assert.True(minimal.Evidence!.Intel!.Advisories.Count <= 10);
        Assert.All(minimal.Evidence.Intel.Advisories, a => Assert.Equal("", a.Summary));

        var (_, ledger) = VerdictBounds.Fit(verdict, Governance.Core.Workflow.VersionReviewer.MaxLedgerVerdictBytes);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(ledger) <= Governance.Core.Workflow.VersionReviewer.MaxLedgerVerdictBytes);

        var slack = SlackBlockKitRenderer.Render(verdict);
        Assert.Contains("…and", EvidenceSection(slack).Replace("...and", "…and", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void VerdictDocument_WithEvidence_ShouldRoundTripAndOldDocumentsShouldStillParse()
    {
        var verdict = Rich(new VerdictHashAgreement("a.jar", "SHA-512", Sha512, Sha512, null, true));
        var json = VerdictDocument.Serialize(verdict);
        Assert.Contains("\n  \"evidence\": {", json, StringComparison.Ordinal);
        Assert.Contains("\"source\": \"parent-pom\"", json, StringComparison.Ordinal);

        var parsed = VerdictDocument.Parse(json, out var error);
        Assert.True(parsed is not null, error);
        Assert.Equal(json, VerdictDocument.Serialize(parsed));
        Assert.Equal(SlackBlockKitRenderer.Render(verdict), SlackBlockKitRenderer.Render(parsed));

        var old = verdict with { Evidence = null, Licenses = new VerdictLicenses(verdict.Licenses.Declared, verdict.Licenses.Expression, verdict.Licenses.Standing) };
        var oldJson = VerdictDocument.Serialize(old);
        Assert.DoesNotContain("\n  \"evidence\"", oldJson, StringComparison.Ordinal);
        Assert.DoesNotContain("\"notes\"", oldJson, StringComparison.Ordinal);
        var oldParsed = VerdictDocument.Parse(oldJson, out error);
        Assert.True(oldParsed is not null, error);
        Assert.Null(oldParsed.Evidence);
        var oldEmail = NotificationRenderer.EmailBody(oldParsed);
        Assert.False(oldEmail.Contains("\nEvidence:\n", StringComparison.Ordinal), oldEmail);
    }
}
