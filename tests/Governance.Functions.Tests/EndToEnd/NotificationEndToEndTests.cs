using System.Text.Json;
using Governance.Core.Review;
using Governance.Functions.Tests.Support;

namespace Governance.Functions.Tests.EndToEnd;

/// <summary>
/// What people receive: the email (through the SNS email subscription) and the Slack message (through the notify
/// function and the webhook), for hostile package names and license strings that arrive the real way.
/// </summary>
public abstract class NotificationScenarios(EndToEndFixture fixture)
{
    private const string HostileLicense = "MIT <!channel> <script>alert(1)</script> & \u001b[31mred";

    [Fact]
    public async Task Notify_WhenNpmLicenseIsHostile_ShouldEscapeItInSlackAndKeepControlCharactersOutOfTheEmail()
    {
        var stack = await fixture.SharedStackAsync();
        await stack.PublishNpmAsync("e2e", "hostile-license", "1.0.0", HostileLicense);
        await stack.WaitForQuietAsync();

        var (described, _, verdict) = await stack.CurrentVerdictAsync("npm", "e2e", "hostile-license", "1.0.0");
        Assert.Equal("Unlisted", described.Status);
        Assert.Contains(verdict.Findings, f => f.RuleId is RuleIds.LicenseUnknown or RuleIds.LicenseNotAllowed);

        var payload = Assert.Single(stack.SlackPayloadsMentioning("hostile-license"));
        var texts = SlackTexts(payload);
        var all = string.Join("\n", texts);
        Assert.Contains("&lt;!channel&gt;", all, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", all, StringComparison.Ordinal);
        Assert.DoesNotContain("<!channel>", all, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", all, StringComparison.Ordinal);
        Assert.DoesNotContain(" & ", all, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', all);

        var email = Assert.Single(stack.EmailsMentioning(verdict.Package.Purl));
        AssertNoControlCharacters(email.Body);
        AssertNoControlCharacters(email.Subject);
        Assert.Contains("<!channel>", email.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notify_WhenGenericPackageNameIsHostile_ShouldEscapeItInSlackAndRenderItReadablyInEmail()
    {
        var stack = await fixture.SharedStackAsync();
        const string name = "evil<b>&amp;<@U123>";
        await ReviewVerdictScenarios.TamperedPublishAsync(stack, "hostile", name, "6.6.6", StackHarness.AssetBytes("evil", "6.6.6", "payload"));
        await stack.WaitForQuietAsync();

        var (_, _, verdict) = await stack.CurrentVerdictAsync("generic", "hostile", name, "6.6.6");
        var email = Assert.Single(stack.EmailsMentioning(verdict.Package.Purl));
        AssertNoControlCharacters(email.Body);
        Assert.Contains(name, email.Body, StringComparison.Ordinal);

        var payload = Assert.Single(
            stack.Stack.Slack.Records.Where(r => r.StatusCode == 200 && r.FilePath is not null).Select(r => File.ReadAllText(r.FilePath!)),
            p => string.Join("\n", SlackTexts(p)).Contains("evil&lt;b&gt;&amp;amp;&lt;@U123&gt;", StringComparison.Ordinal));
        var all = string.Join("\n", SlackTexts(payload));
        Assert.DoesNotContain("<@U123>", all, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", all, StringComparison.Ordinal);
        // The header is plain_text: Slack shows it verbatim (no mentions, no links), so it carries the name as is.
        using var document = JsonDocument.Parse(payload);
        var header = document.RootElement.GetProperty("blocks")[0];
        Assert.Equal("header", header.GetProperty("type").GetString());
        Assert.Equal("plain_text", header.GetProperty("text").GetProperty("type").GetString());
        AssertNoControlCharacters(header.GetProperty("text").GetProperty("text").GetString()!);
    }

    [Fact]
    public async Task Notify_WhenVersionFails_ShouldSendReadableEmailAndValidBlockKit()
    {
        var stack = await fixture.SharedStackAsync();
        await ReviewVerdictScenarios.TamperedPublishAsync(stack, "readable", "readable-plan", "4.2.0", StackHarness.AssetBytes("readable-plan", "4.2.0", "payload"));
        await stack.WaitForQuietAsync();

        var (_, _, verdict) = await stack.CurrentVerdictAsync("generic", "readable", "readable-plan", "4.2.0");
        var email = Assert.Single(stack.EmailsMentioning(verdict.Package.Purl));
        Assert.StartsWith("FAIL generic readable/readable-plan 4.2.0 -> Unlisted", email.Subject, StringComparison.Ordinal);
        Assert.Contains("FAILED: generic readable/readable-plan 4.2.0", email.Body, StringComparison.Ordinal);
        Assert.Contains($"Repository:   {StackHarness.Domain}/{StackHarness.Repository}", email.Body, StringComparison.Ordinal);
        Assert.Contains("Action:       Unlisted", email.Body, StringComparison.Ordinal);
        foreach (var finding in verdict.Findings)
        {
            Assert.Contains($"[{finding.RuleId}]", email.Body, StringComparison.Ordinal);
            foreach (var (key, value) in finding.Evidence)
            {
                Assert.Contains($"{key}: {value}", email.Body, StringComparison.Ordinal);
            }

            Assert.Contains(finding.Remedy!, email.Body.Replace("\n     ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        }

        AssertNoControlCharacters(email.Body);

        var payload = Assert.Single(stack.SlackPayloadsMentioning(verdict.Package.Purl));
        using var document = JsonDocument.Parse(payload);
        var blocks = document.RootElement.GetProperty("blocks");
        Assert.InRange(blocks.GetArrayLength(), 1, 50);
        Assert.False(string.IsNullOrEmpty(document.RootElement.GetProperty("text").GetString()));
        foreach (var block in blocks.EnumerateArray())
        {
            if (block.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.Object)
            {
                var limit = block.GetProperty("type").GetString() == "header" ? 150 : 3000;
                Assert.InRange(text.GetProperty("text").GetString()!.Length, 1, limit);
            }
        }

        Assert.Contains("integrity.sha256-mismatch", payload, StringComparison.Ordinal);
        // The capture endpoint validates every payload as Slack would: nothing this stack posted was refused.
        Assert.DoesNotContain(stack.Stack.Slack.Records, r => r.StatusCode is 400 or 413);
    }

    [Fact]
    public async Task Notify_WhenNpmLicenseIsLargerThanAnSnsMessageCouldCarry_ShouldStillEmailAndPostToSlack()
    {
        // Issue 15: a 36 KB license string (costly to escape) used to make the verdict too large for SNS; every
        // publish failed and the review dead-lettered after its status had been set, with nobody told.
        var license = string.Concat(Enumerable.Repeat("Custom licence é😀 \"quoted\" <b> & ", 1_200));
        var stack = await fixture.SharedStackAsync();
        await stack.PublishNpmAsync("e2e", "huge-license", "1.0.0", license);
        await stack.WaitForQuietAsync();

        var (described, decision, verdict) = await stack.CurrentVerdictAsync("npm", "e2e", "huge-license", "1.0.0");
        Assert.Equal("Unlisted", described.Status);
        Assert.True(decision.Notified, "the decision was not notified");
        var declared = Assert.Single(verdict.Licenses.Declared);
        Assert.EndsWith("more characters)", declared, StringComparison.Ordinal);
        Assert.True(declared.Length <= 512);

        var email = Assert.Single(stack.EmailsMentioning(verdict.Package.Purl));
        Assert.StartsWith("FAIL npm @e2e/huge-license 1.0.0 -> Unlisted", email.Subject, StringComparison.Ordinal);
        Assert.Contains("FAILED: npm @e2e/huge-license 1.0.0", email.Body, StringComparison.Ordinal);
        Assert.Contains("more characters)", email.Body, StringComparison.Ordinal);
        Assert.All(verdict.Findings, f => Assert.Contains($"[{f.RuleId}]", email.Body, StringComparison.Ordinal));
        AssertNoControlCharacters(email.Body);

        var payload = Assert.Single(stack.SlackPayloadsMentioning("huge-license"));
        var all = string.Join("\n", SlackTexts(payload));
        Assert.Contains("more characters)", all, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", all, StringComparison.Ordinal);
        Assert.DoesNotContain(stack.Stack.Slack.Records, r => r.StatusCode is 400 or 413);
    }

    /// <summary>
    /// The texts Slack parses for links and mentions: the top-level fallback text and every mrkdwn text object.
    /// (plain_text, used by the header, is shown verbatim by Slack and must not be entity-escaped.)
    /// </summary>
    internal static IReadOnlyList<string> SlackTexts(string payload)
    {
        var texts = new List<string>();
        using var document = JsonDocument.Parse(payload);
        texts.Add(document.RootElement.GetProperty("text").GetString()!);
        Collect(document.RootElement, texts);
        return texts;

        static void Collect(JsonElement element, List<string> texts)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    if (element.TryGetProperty("type", out var type) && type.GetString() == "mrkdwn"
                        && element.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                    {
                        texts.Add(text.GetString()!);
                    }

                    foreach (var property in element.EnumerateObject())
                    {
                        Collect(property.Value, texts);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Collect(item, texts);
                    }

                    break;
            }
        }
    }

    internal static void AssertNoControlCharacters(string text)
    {
        var bad = text.Where(c => (char.IsControl(c) && c is not '\n' and not '\r' and not '\t') || c == '\u2028' || c == '\u2029').ToList();
        Assert.True(bad.Count == 0, $"control characters in the message: {string.Join(", ", bad.Select(c => $"U+{(int)c:X4}"))}");
    }
}

/// <summary>The scenarios against the JIT build (the dotnet10 packaging); <c>NativeAot/</c> runs them against the NativeAOT one.</summary>
[Collection(EndToEndTestGroup.Name)]
public sealed class NotificationEndToEndTests(FunctionProgramFixture fixture) : NotificationScenarios(fixture);
