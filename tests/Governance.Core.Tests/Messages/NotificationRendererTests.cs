using System.Text.Json;
using Governance.Core.Messages;
using Governance.Core.Packages;
using Governance.Core.Policy;
using Governance.Core.Review;
using Governance.Core.Tests.Review;
using static Governance.Core.Tests.Review.ReviewSubjects;

namespace Governance.Core.Tests.Messages;

public class NotificationRendererTests
{
    internal static Verdict Evaluate(PackageVersionId id, string[] licenses, params AssetIntegrity[] assets) =>
        ReviewSubjects.Evaluate(Subject(id, licenses, assets));

    [Fact]
    public void Subject_WhenFailed_ShouldNameVerdictPackageActionAndRule()
    {
        var subject = NotificationRenderer.Subject(Evaluate(Npm(), ["GPL-3.0-only"]));
        Assert.Equal("FAIL npm @acme/ui-kit 2.3.1 -> Unlisted: license.denied", subject);
    }

    [Fact]
    public void Subject_WhenPassed_ShouldSayPublished()
    {
        Assert.Equal("PASS npm @acme/ui-kit 2.3.1 -> Published", NotificationRenderer.Subject(Evaluate(Npm(), ["MIT"])));
    }

    [Fact]
    public void Subject_WhenNameIsHugeAndHasControlCharacters_ShouldStayUnder100AsciiCharacters()
    {
        var name = "evil\r\nBcc: victim@example.com" + new string('x', 300) + "ü";
        var subject = NotificationRenderer.Subject(Evaluate(Npm(name: name), ["GPL-3.0-only"], Asset(actual: BadSha)));
        Assert.True(subject.Length < 100, subject);
        Assert.All(subject, c => Assert.InRange(c, ' ', '~'));
        Assert.StartsWith("FAIL ", subject, StringComparison.Ordinal);
        Assert.EndsWith("integrity.sha256-mismatch, license.denied", subject, StringComparison.Ordinal);
    }

    [Fact]
    public void EmailBody_WhenFailed_ShouldListEachFindingWithEvidenceAndRemedy()
    {
        var body = NotificationRenderer.EmailBody(Evaluate(Npm(), ["GPL-3.0-only"], Asset(actual: BadSha)));
        Assert.Contains("FAILED: npm @acme/ui-kit 2.3.1", body, StringComparison.Ordinal);
        Assert.Contains("its status is set to Unlisted", body, StringComparison.Ordinal);
        Assert.Contains("[integrity.sha256-mismatch]", body, StringComparison.Ordinal);
        Assert.Contains("expected: " + GoodSha, body, StringComparison.Ordinal);
        Assert.Contains("[license.denied]", body, StringComparison.Ordinal);
        Assert.Contains("rule: license.denied", body, StringComparison.Ordinal);
        Assert.Contains("Package:      pkg:npm/%40acme/ui-kit@2.3.1", body, StringComparison.Ordinal);
    }

    [Fact]
    public void EmailBody_WhenLicenseHasControlCharacters_ShouldStripThem()
    {
        var body = NotificationRenderer.EmailBody(Evaluate(Npm(), ["Weird\u0007\r\nInjected: yes"]));
        Assert.Contains("WeirdInjected: yes", body, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', body);
        Assert.DoesNotContain('\u0007', body);
    }

    [Fact]
    public void Render_ShouldCarryVerdictJsonAndFilterAttributes()
    {
        var verdict = Evaluate(Generic(), []);
        var message = NotificationRenderer.Render(verdict);

        Assert.Equal(VerdictDocument.Serialize(verdict), message.DefaultJson);
        Assert.Equal("pass", message.Attributes["verdict"]);
        Assert.Equal("generic", message.Attributes["format"]);
        Assert.Equal("nextwork-devops-cicd", message.Attributes["repository"]);
        Assert.Equal("Published", message.Attributes["action"]);
        var parsed = VerdictDocument.Parse(message.DefaultJson, out _);
        Assert.Equal(VerdictOutcome.Pass, parsed!.Outcome);
    }

    [Fact]
    public void Render_WhenAudit_ShouldSetActionAttributeToNone()
    {
        var verdict = PolicyEvaluator.Evaluate(Subject(Npm(), ["GPL-3.0-only"]), DefaultPolicy.Policy.WithOverrides(PolicyMode.Audit, null), Now);
        var message = NotificationRenderer.Render(verdict);
        Assert.Equal("none", message.Attributes["action"]);
        Assert.Equal("fail", message.Attributes["verdict"]);
        Assert.Contains("-> audit", message.Subject, StringComparison.Ordinal);
        Assert.Contains("would be set to Unlisted", message.EmailBody, StringComparison.Ordinal);
    }
}

public class SlackBlockKitRendererTests
{
    private static JsonElement Render(Verdict verdict) => JsonDocument.Parse(SlackBlockKitRenderer.Render(verdict)).RootElement;

    [Fact]
    public void Render_WhenFailed_ShouldProduceHeaderSectionsAndRemedy()
    {
        var payload = Render(NotificationRendererTests.Evaluate(Npm(), ["GPL-3.0-only"]));
        var blocks = payload.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal("header", blocks[0].GetProperty("type").GetString());
        Assert.Equal("FAIL @acme/ui-kit 2.3.1 failed: Unlisted", blocks[0].GetProperty("text").GetProperty("text").GetString());
        Assert.Contains(blocks, b => b.GetProperty("type").GetString() == "section"
            && b.GetProperty("text").GetProperty("text").GetString()!.Contains("*license.denied*", StringComparison.Ordinal));
        Assert.Equal("context", blocks[^1].GetProperty("type").GetString());
        Assert.StartsWith("FAIL", payload.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WhenNameHasMrkdwnMarkup_ShouldEscapeIt()
    {
        var payload = Render(NotificationRendererTests.Evaluate(Npm(name: "<!channel>&<https://evil|click>"), ["MIT"]));

        // Every text Slack parses as mrkdwn (the fallback text and mrkdwn objects) carries the name escaped; the
        // header is plain_text, which Slack never parses for mentions or links.
        var mrkdwn = new List<string> { payload.GetProperty("text").GetString()! };
        foreach (var block in payload.GetProperty("blocks").EnumerateArray())
        {
            if (block.TryGetProperty("text", out var text) && text.GetProperty("type").GetString() == "mrkdwn")
            {
                mrkdwn.Add(text.GetProperty("text").GetString()!);
            }
        }
        Assert.All(mrkdwn, t => Assert.DoesNotContain("<!channel>", t, StringComparison.Ordinal));
        Assert.All(mrkdwn, t => Assert.DoesNotContain("<https://evil", t, StringComparison.Ordinal));
        Assert.Contains(mrkdwn, t => t.Contains("&lt;!channel&gt;&amp;&lt;https://evil|click&gt;", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_WhenManyFindingsAndLongText_ShouldStayWithinBlockKitLimits()
    {
        var assets = Enumerable.Range(0, 80).Select(i => Asset($"asset-{i}-" + new string('n', 400), BadSha)).ToArray();
        var verdict = NotificationRendererTests.Evaluate(Npm(name: new string('p', 400)), [new string('L', 5000)], assets);
        var payload = Render(verdict);
        var blocks = payload.GetProperty("blocks").EnumerateArray().ToList();

        Assert.True(blocks.Count <= SlackBlockKitRenderer.MaxBlocks, $"{blocks.Count} blocks");
        Assert.True(blocks[0].GetProperty("text").GetProperty("text").GetString()!.Length <= SlackBlockKitRenderer.MaxHeaderLength);
        foreach (var block in blocks.Where(b => b.GetProperty("type").GetString() == "section"))
        {
            Assert.True(block.GetProperty("text").GetProperty("text").GetString()!.Length <= SlackBlockKitRenderer.MaxSectionTextLength);
        }
        Assert.Contains(blocks, b => b.TryGetProperty("text", out var t) && t.GetProperty("text").GetString()!.Contains("more findings", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_FromVerdictJsonReceivedViaSns_ShouldMatchRenderingTheVerdict()
    {
        var verdict = NotificationRendererTests.Evaluate(Npm(), ["GPL-3.0-only"]);
        var message = NotificationRenderer.Render(verdict);
        var parsed = VerdictDocument.Parse(message.DefaultJson, out var error);
        Assert.Null(error);
        Assert.Equal(SlackBlockKitRenderer.Render(verdict), SlackBlockKitRenderer.Render(parsed!));
    }
}
