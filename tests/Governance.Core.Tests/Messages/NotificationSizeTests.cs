using System.Text;
using System.Text.Json;
using CsCheck;
using Governance.Core.Messages;
using Governance.Core.Packages;
using Governance.Core.Policy;
using Governance.Core.Ports;
using Governance.Core.Review;
using Governance.Core.Workflow;
using static Governance.Core.Tests.Review.ReviewSubjects;
using static Governance.Core.Tests.Review.EvidenceSubjects;

namespace Governance.Core.Tests.Messages;

/// <summary>
/// Issue 15: a version whose verdict is too large for SNS (256 KiB) must still be notified. Whatever the publisher puts
/// in license strings, license lists and asset names, the Publish payload fits, the verdict document still parses,
/// and package, outcome and rule ids survive.
/// </summary>
public class NotificationSizeTests
{
    /// <summary>Characters that cost the most once escaped (6 bytes in the verdict JSON, 7 in the SNS message) mixed with plain ones.</summary>
    private const string Costly = "Custom licence é😀\"<>&' ";

    public static TheoryData<string> HostileInputs => ["36 KB license string", "5,000 license entries", "1,000 assets", "all three"];

    internal static Verdict Hostile(string input, PackageVersionId? id = null)
    {
        var hugeLicense = Repeat(Costly, 36 * 1024);
        string[] licenses = input switch
        {
            "36 KB license string" => [hugeLicense],
            "5,000 license entries" => [.. Enumerable.Range(0, 5_000).Select(i => $"LicenseRef-{i}-{Costly}")],
            "1,000 assets" => ["GPL-3.0-only"],
            _ => [hugeLicense, .. Enumerable.Range(0, 5_000).Select(i => $"LicenseRef-{i}-{Costly}")],
        };
        AssetIntegrity[] assets = input is "1,000 assets" or "all three"
            ? [.. Enumerable.Range(0, 1_000).Select(i => Asset($"asset-{i}-{Costly}.tgz", BadSha))]
            : [Asset()];
        return PolicyEvaluator.Evaluate(Subject(id ?? Npm(), licenses, assets), DefaultPolicy.Policy, Now);
    }

    [Theory]
    [MemberData(nameof(HostileInputs))]
    public void Render_WhenInputIsHostile_ShouldFitInOneSnsMessageAndStillNamePackageOutcomeAndRules(string input)
    {
        var verdict = Hostile(input);
        var rules = verdict.Findings.Select(f => f.RuleId).Distinct().ToList();
        Assert.NotEmpty(rules);

        var message = NotificationRenderer.Render(verdict);

        var bytes = NotificationPayload.Bytes(message);
        Assert.True(bytes < NotificationPayload.MaxBytes, $"{input}: {bytes:N0} bytes");
        var (defaultText, email) = Published(message);
        Assert.Equal(message.DefaultJson, defaultText);

        var parsed = VerdictDocument.Parse(defaultText, out var error);
        Assert.True(parsed is not null, error);
        Assert.Equal(verdict.Package, parsed.Package);
        Assert.Equal(VerdictOutcome.Fail, parsed.Outcome);
        Assert.Equal(verdict.Action, parsed.Action);
        Assert.All(rules, r => Assert.Contains(parsed.Findings, f => f.RuleId == r));
        if (input == "36 KB license string")
        {
            // One capped license: the verdict is sent whole.
            Assert.Equal(VerdictDocument.Serialize(verdict), defaultText);
            Assert.Null(parsed.Summary);
        }
        else
        {
            Assert.NotNull(parsed.Summary);
            Assert.True(parsed.Summary.Summarised);
            Assert.Equal(verdict.Findings.Count, parsed.Summary.Findings);
            Assert.Equal(verdict.Licenses.Declared.Count, parsed.Summary.Licenses);
            Assert.Equal(verdict.Assets.Count, parsed.Summary.Assets);
            Assert.Equal(rules, parsed.Summary.RuleIds);
        }

        Assert.StartsWith("FAIL npm @acme/ui-kit 2.3.1 -> Unlisted", message.Subject, StringComparison.Ordinal);
        Assert.StartsWith("FAILED: npm @acme/ui-kit 2.3.1\nThe version failed the governance policy and its status is set to Unlisted.", email, StringComparison.Ordinal);
        Assert.All(rules, r => Assert.Contains(r, email, StringComparison.Ordinal));
        if (parsed.Summary is not null)
        {
            Assert.Contains("the ledger record " + NotificationRenderer.LedgerRecord(verdict), email, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(HostileInputs))]
    public void Evaluate_WhenInputIsHostile_ShouldCapEveryCopiedField(string input)
    {
        var verdict = Hostile(input);

        Assert.All(verdict.Licenses.Declared, d => Assert.InRange(d.Length, 1, VerdictBounds.License));
        Assert.All(verdict.Assets, a => Assert.InRange(a.Name.Length, 1, VerdictBounds.Identifier));
        Assert.All(verdict.Findings, f =>
        {
            Assert.InRange(f.Message.Length, 1, VerdictBounds.Message);
            Assert.All(f.Evidence.Values, v => Assert.True(v.Length <= VerdictBounds.EvidenceValue));
            Assert.True((f.Remedy?.Length ?? 0) <= VerdictBounds.Remedy);
        });
        if (input is "36 KB license string")
        {
            Assert.Contains("more characters)", verdict.Licenses.Declared[0], StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(HostileInputs))]
    public void Fit_WhenInputIsHostile_ShouldKeepTheLedgerDocumentWithinItsBound(string input)
    {
        var verdict = Hostile(input);

        var (recorded, json) = VerdictBounds.Fit(verdict, VersionReviewer.MaxLedgerVerdictBytes);

        Assert.True(Encoding.UTF8.GetByteCount(json) <= VersionReviewer.MaxLedgerVerdictBytes);
        var parsed = VerdictDocument.Parse(json, out var error);
        Assert.True(parsed is not null, error);
        Assert.Equal(json, VerdictDocument.Serialize(parsed));
        Assert.Equal(verdict.Findings.Count, parsed.TotalFindings);
        Assert.Equal(verdict.Licenses.Declared.Count, parsed.TotalLicenses);
        Assert.Equal(verdict.Assets.Count, parsed.TotalAssets);
        Assert.Equal(recorded.Outcome, parsed.Outcome);

        // Rendering the notification from what the ledger holds (what the reviewer does) fits too.
        Assert.True(NotificationPayload.Fits(NotificationRenderer.Render(parsed)));
    }

    [Fact]
    public void Render_WhenVerdictIsOrdinary_ShouldSendItWholeWithoutASummary()
    {
        var small = NotificationRendererTests.Evaluate(Npm(), ["GPL-3.0-only"], Asset(actual: BadSha));

        var message = NotificationRenderer.Render(small);

        Assert.Equal(VerdictDocument.Serialize(small), message.DefaultJson);
        Assert.DoesNotContain("\"summary\"", message.DefaultJson, StringComparison.Ordinal);
        Assert.DoesNotContain("more (see the ledger record", message.EmailBody, StringComparison.Ordinal);
    }

    [Fact]
    public void EmailBody_WhenListsAreLong_ShouldShowTheFirstEntriesThenSayHowManyMore()
    {
        var verdict = Hostile("all three");
        var record = NotificationRenderer.LedgerRecord(verdict);

        var body = NotificationRenderer.EmailBody(verdict);

        Assert.Contains("Assets (1,000):", body, StringComparison.Ordinal);
        Assert.Contains($"  ... and 950 more (see the ledger record {record})", body, StringComparison.Ordinal);
        Assert.Contains($"Findings ({verdict.Findings.Count:N0}):", body, StringComparison.Ordinal);
        Assert.Contains($"  ... and {verdict.Findings.Count - NotificationRenderer.EmailListItems:N0} more (see the ledger record {record})", body, StringComparison.Ordinal);
        Assert.Contains($" | and 4,981 more (see the ledger record {record}) -> ", body, StringComparison.Ordinal);
        Assert.StartsWith("111122223333/my-domain/team-npm/npm/acme/ui-kit/2.3.1#rev-1", record, StringComparison.Ordinal);
    }

    [Fact]
    public void Summarise_ShouldKeepOneFindingPerRuleIdAndTheFullCounts()
    {
        var verdict = Hostile("all three");
        var rules = verdict.Findings.Select(f => f.RuleId).Distinct().ToList();

        var summarised = VerdictBounds.Summarise(verdict, 5);

        Assert.Equal(Math.Max(5, rules.Count), summarised.Findings.Count);
        Assert.Equal(rules, summarised.Findings.Select(f => f.RuleId).Distinct());
        Assert.Equal(5, summarised.Licenses.Declared.Count);
        Assert.Equal(5, summarised.Assets.Count);
        var summary = summarised.Summary!;
        Assert.True(summary.Summarised);
        Assert.Equal((verdict.Findings.Count, 0, 5_001, 1_000), (summary.Findings, summary.Waived, summary.Licenses, summary.Assets));
        Assert.Equal(rules, summary.RuleIds);

        // Summarising again (a ledger document rendered for SNS) keeps the counts of the full verdict.
        var again = VerdictBounds.Summarise(summarised, 2);
        Assert.Equal(verdict.Findings.Count, again.Summary!.Findings);
        Assert.Equal(5_001, again.Summary.Licenses);
        Assert.Same(summarised, VerdictBounds.Summarise(summarised, 5));
    }

    [Fact]
    public void Render_WhenEveryFieldIsHugeAndCostlyToEscape_ShouldStillFit()
    {
        // Not a verdict the evaluator makes: every string at its worst, as a document read back could be.
        var costly = Repeat("😀\"<é", 5_000);
        string Evil(int i) => i + costly;
        var finding = (int i) => new Finding(Evil(i), i % 2 == 0 ? FindingSeverity.Blocking : FindingSeverity.Warning, Evil(i),
            Enumerable.Range(0, 20).ToDictionary(k => Evil(k), Evil), Evil(i), Evil(i));
        var verdict = new Verdict(
            Verdict.CurrentSchema,
            new VerdictPackage(Evil(1), Evil(2), Evil(3), Evil(4), Evil(5), Evil(6), Evil(7), Evil(8), Evil(9), PackageVersionStatus.Published, Evil(10)),
            VerdictOutcome.Fail,
            Evil(11),
            new VerdictAction(ActionKind.Quarantine, PackageVersionStatus.Unlisted, null, null),
            [.. Enumerable.Range(0, 100).Select(finding)],
            [.. Enumerable.Range(0, 100).Select(i => new WaivedFinding(finding(i), new WaiverReference(Evil(i), Evil(i), Evil(i), Evil(i), Now, i)))],
            new VerdictLicenses([.. Enumerable.Range(0, 200).Select(Evil)], Evil(12), Evil(13), Evil(15), Evil(16), 0.5, [.. Enumerable.Range(0, 200).Select(Evil)]),
            [.. Enumerable.Range(0, 200).Select(i => new VerdictAsset(Evil(i), i, i, Evil(i), true))],
            Now,
            Evil(14),
            Evidence: new VerdictEvidence(
                new VerdictIntel(Evil(17), Evil(18), Evil(19), 3, [.. Enumerable.Range(0, 300).Select(i =>
                    new VerdictAdvisory(Evil(i), [.. Enumerable.Range(0, 100).Select(Evil)], Evil(i), 9.9, Evil(i), Evil(i), i % 7 == 0))]),
                new VerdictRegistry(Evil(20), Evil(21), Evil(22), Now),
                [.. Enumerable.Range(0, 300).Select(i => new VerdictHashAgreement(Evil(i), Evil(i), Evil(i), Evil(i), Evil(i), i % 2 == 0))]));

        var message = NotificationRenderer.Render(verdict);

        Assert.True(NotificationPayload.Fits(message), $"{NotificationPayload.Bytes(message):N0} bytes");
        var parsed = VerdictDocument.Parse(message.DefaultJson, out var error);
        Assert.True(parsed is not null, error);
        Assert.Equal(100, parsed.Summary!.Findings);
        Assert.Equal(VerdictBounds.MaxRuleIds, parsed.Summary.RuleIds.Count);
        Assert.Contains("The full verdict is in the ledger record", message.EmailBody, StringComparison.Ordinal);
        // The evidence survives in short: the advisory ids (the first, most severe ones) and the sources' status.
        Assert.NotNull(parsed.Evidence?.Intel);
        Assert.InRange(parsed.Evidence.Intel.Advisories.Count, 1, 10);
        Assert.NotNull(parsed.Evidence.Registry);
        Assert.Contains("\nEvidence:\n", message.EmailBody, StringComparison.Ordinal);
        AssertSlackWithinLimits(SlackBlockKitRenderer.Render(verdict));
        var (_, ledger) = VerdictBounds.Fit(verdict, VersionReviewer.MaxLedgerVerdictBytes);
        Assert.True(Encoding.UTF8.GetByteCount(ledger) <= VersionReviewer.MaxLedgerVerdictBytes);
    }

    [Fact]
    public void Fit_WhenAMessageIsTooLarge_ShouldRenderItAgainFromItsVerdictOrCutIt()
    {
        var verdict = Hostile("1,000 assets");
        var oversized = new NotificationMessage("FAIL something", Repeat(Costly, 300_000), VerdictDocument.Serialize(verdict),
            new Dictionary<string, string> { ["verdict"] = "fail" });
        Assert.False(NotificationPayload.Fits(oversized));

        var fitted = NotificationRenderer.Fit(oversized);
        Assert.True(NotificationPayload.Fits(fitted));
        Assert.Equal(verdict.Package, VerdictDocument.Parse(fitted.DefaultJson, out _)!.Package);

        var notAVerdict = oversized with { DefaultJson = Repeat(Costly, 300_000) };
        var cut = NotificationRenderer.Fit(notAVerdict);
        Assert.True(NotificationPayload.Fits(cut));
        Assert.Equal("FAIL something", cut.Subject);

        var small = NotificationRenderer.Render(NotificationRendererTests.Evaluate(Npm(), ["MIT"]));
        Assert.Same(small, NotificationRenderer.Fit(small));
    }

    [Fact]
    public void Render_WhenSizesAndCharactersAreRandom_ShouldAlwaysFitAndParse()
    {
        var chars = Gen.OneOf(Gen.Const("abc-"), Gen.Const(Costly), Gen.Const("\u0000\r\n\u2028"), Gen.Const("\uD800x"));
        Gen.Select(chars, Gen.Int[0, 40_000], Gen.Int[0, 6_000], Gen.Int[0, 1_200], Gen.Bool).Sample((text, length, licenses, assets, tamper) =>
        {
            var declared = Enumerable.Range(0, licenses).Select(i => i == 0 ? Repeat(text, length) : $"L{i}{text}").ToArray();
            var subject = Subject(Npm(name: "n" + Repeat(text, 200)), declared,
                [.. Enumerable.Range(0, Math.Max(assets, 1)).Select(i => Asset($"a{i}{text}", tamper ? BadSha : GoodSha))])
                .With(intel: Review.EvidenceSubjects.Answered([.. Enumerable.Range(0, licenses % 90).Select(i => Review.EvidenceSubjects.Advisory(
                    $"GHSA-{i}{text}", Governance.Core.Evidence.AdvisorySeverity.Critical, Repeat(text, length / 4), 9.1, i % 5 == 0, $"CVE-{text}"))]));
            var verdict = PolicyEvaluator.Evaluate(subject, DefaultPolicy.Policy, Now);

            var message = NotificationRenderer.Render(verdict);

            Assert.True(NotificationPayload.Fits(message), $"{NotificationPayload.Bytes(message):N0} bytes");
            var parsed = VerdictDocument.Parse(message.DefaultJson, out var error);
            Assert.True(parsed is not null, error);
            Assert.Equal(verdict.Outcome, parsed.Outcome);
            Assert.Equal(verdict.Findings.Count, parsed.TotalFindings);
            Assert.Equal(verdict.Licenses.Declared.Count, parsed.TotalLicenses);
            Assert.Equal(verdict.Assets.Count, parsed.TotalAssets);
            if (parsed.Findings.Count < verdict.Findings.Count || parsed.Licenses.Declared.Count < verdict.Licenses.Declared.Count
                || parsed.Assets.Count < verdict.Assets.Count)
            {
                Assert.True(parsed.Summary is { Summarised: true });
            }
            AssertSlackWithinLimits(SlackBlockKitRenderer.Render(parsed));
        }, iter: 12, threads: 1);
    }

    [Theory]
    [MemberData(nameof(HostileInputs))]
    public void SlackRender_WhenInputIsHostile_ShouldStayWithinBlockKitLimitsAndCountFromTheFullVerdict(string input)
    {
        var verdict = Hostile(input);
        // The notify function renders from the verdict document SNS delivered: the summarised one.
        var received = VerdictDocument.Parse(NotificationRenderer.Render(verdict).DefaultJson, out _)!;

        foreach (var rendered in new[] { verdict, received })
        {
            var texts = AssertSlackWithinLimits(SlackBlockKitRenderer.Render(rendered));
            var all = string.Join("\n", texts);
            Assert.Contains("@acme/ui-kit 2.3.1", all, StringComparison.Ordinal);
            if (verdict.Licenses.Declared.Count > SlackBlockKitRenderer.MaxLicenses)
            {
                Assert.Contains($"_and {verdict.Licenses.Declared.Count - SlackBlockKitRenderer.MaxLicenses:N0} more_", all, StringComparison.Ordinal);
            }
            var shown = texts.Count(t => t.StartsWith(":x: ", StringComparison.Ordinal) || t.StartsWith(":warning: ", StringComparison.Ordinal));
            Assert.InRange(shown, 1, 44);
            if (verdict.Findings.Count > shown)
            {
                Assert.Contains($"…and {verdict.Findings.Count - shown:N0} more findings; see the email or the ledger record", all, StringComparison.Ordinal);
            }
            // Every rule has a section, even when the first 44 findings are all from one rule.
            Assert.All(verdict.Findings.Select(f => f.RuleId).Distinct(), r => Assert.Contains($"*{r}*", all, StringComparison.Ordinal));
        }
    }

    /// <summary>Block Kit's limits: at most 50 blocks, header ≤ 150, every section text ≤ 3000; returns the texts.</summary>
    internal static List<string> AssertSlackWithinLimits(string payload)
    {
        using var document = JsonDocument.Parse(payload);
        var blocks = document.RootElement.GetProperty("blocks").EnumerateArray().ToList();
        Assert.InRange(blocks.Count, 1, SlackBlockKitRenderer.MaxBlocks);
        var texts = new List<string> { document.RootElement.GetProperty("text").GetString()! };
        Assert.InRange(texts[0].Length, 1, SlackBlockKitRenderer.MaxSectionTextLength);
        foreach (var block in blocks)
        {
            if (block.TryGetProperty("text", out var text))
            {
                var value = text.GetProperty("text").GetString()!;
                var limit = block.GetProperty("type").GetString() == "header" ? SlackBlockKitRenderer.MaxHeaderLength : SlackBlockKitRenderer.MaxSectionTextLength;
                Assert.InRange(value.Length, 1, limit);
                texts.Add(value);
            }
            if (block.TryGetProperty("elements", out var elements))
            {
                foreach (var element in elements.EnumerateArray())
                {
                    var value = element.GetProperty("text").GetString()!;
                    Assert.InRange(value.Length, 1, SlackBlockKitRenderer.MaxSectionTextLength);
                    texts.Add(value);
                }
            }
        }
        return texts;
    }

    /// <summary>The <c>default</c> and <c>email</c> texts SNS reads from the Publish message.</summary>
    private static (string Default, string Email) Published(NotificationMessage message)
    {
        using var document = JsonDocument.Parse(NotificationPayload.Message(message));
        return (document.RootElement.GetProperty("default").GetString()!, document.RootElement.GetProperty("email").GetString()!);
    }

    private static string Repeat(string unit, int length)
    {
        var builder = new StringBuilder(length + unit.Length);
        while (builder.Length < length)
        {
            builder.Append(unit);
        }
        return builder.ToString();
    }
}
