using System.Text.Json;
using Governance.Aws.Sns;
using Governance.Core.Messages;
using Governance.Core.Packages;
using Governance.Core.Ports;
using Governance.Core.Review;

namespace Governance.Aws.Tests.Sns;

public sealed class SnsNotificationPublisherTests
{
    private const string TopicArn = "arn:aws:sns:eu-west-1:111122223333:package-governance";

    [Theory]
    [InlineData("Package p 1.0.0 published", "Package p 1.0.0 published")]
    [InlineData("line one\r\nline two\tand tab", "line one  line two and tab")]
    [InlineData("  \n ", "Package governance notification")]
    public void CleanSubject_WhenGivenText_ShouldRemoveControlCharacters(string subject, string expected)
    {
        Assert.Equal(expected, SnsNotificationPublisher.CleanSubject(subject));
    }

    [Fact]
    public void CleanSubject_WhenTooLong_ShouldStayUnderOneHundredCharacters()
    {
        var cleaned = SnsNotificationPublisher.CleanSubject(new string('x', 300));
        Assert.Equal(99, cleaned.Length);
        Assert.EndsWith("…", cleaned);
    }

    [Fact]
    public void Request_WhenTheMessageFits_ShouldSendDefaultEmailSubjectAndAttributesAsGiven()
    {
        var message = new NotificationMessage("FAIL npm x 1.0.0 -> Unlisted", "Hello reviewer, <b>escaped</b> & readable",
            """{"verdict":"fail"}""", new Dictionary<string, string> { ["verdict"] = "fail", ["format"] = "npm" });

        var request = SnsNotificationPublisher.Request(message, TopicArn);

        Assert.Equal("json", request.MessageStructure);
        Assert.Equal(TopicArn, request.TopicArn);
        Assert.Equal(message.Subject, request.Subject);
        Assert.Equal(NotificationPayload.Message(message), request.Message);
        using var structured = JsonDocument.Parse(request.Message!);
        Assert.Equal(message.DefaultJson, structured.RootElement.GetProperty("default").GetString());
        Assert.Equal(message.EmailBody, structured.RootElement.GetProperty("email").GetString());
        Assert.Equal(["verdict", "format"], request.MessageAttributes.Keys);
        Assert.All(request.MessageAttributes.Values, v => Assert.Equal("String", v.DataType));
        Assert.Equal(NotificationPayload.Bytes(message), SnsNotificationPublisher.PayloadBytes(request));
    }

    [Fact]
    public void Request_WhenTheVerdictIsTooLargeForSns_ShouldSendASmallerRenderingThatStillNamesPackageOutcomeAndRules()
    {
        // What an older renderer (or a hand-made message) could produce: the whole verdict of a version with 5,000
        // licenses and 1,000 tampered assets, and an email listing them all.
        var verdict = HugeVerdict();
        var message = new NotificationMessage("FAIL npm @acme/ui-kit 2.3.1 -> Unlisted", string.Join("\n", verdict.Licenses.Declared),
            VerdictDocument.Serialize(verdict), new Dictionary<string, string> { ["verdict"] = "fail" });
        Assert.True(NotificationPayload.Bytes(message) > NotificationPayload.MaxBytes);

        var request = SnsNotificationPublisher.Request(message, TopicArn);

        var bytes = SnsNotificationPublisher.PayloadBytes(request);
        Assert.True(bytes < NotificationPayload.MaxBytes, $"{bytes:N0} bytes");
        using var structured = JsonDocument.Parse(request.Message!);
        var sent = VerdictDocument.Parse(structured.RootElement.GetProperty("default").GetString()!, out var error);
        Assert.True(sent is not null, error);
        Assert.Equal(verdict.Package, sent.Package);
        Assert.Equal(VerdictOutcome.Fail, sent.Outcome);
        Assert.Equal([RuleIds.HashMismatch(Core.Integrity.HashKind.Sha256), RuleIds.LicenseUnknown], sent.Summary!.RuleIds);
        Assert.Equal((1_000, 5_000, 1_000), (sent.Summary.Findings, sent.Summary.Licenses, sent.Summary.Assets));
        var email = structured.RootElement.GetProperty("email").GetString()!;
        Assert.StartsWith("FAILED: npm @acme/ui-kit 2.3.1", email, StringComparison.Ordinal);
        Assert.StartsWith("FAIL npm @acme/ui-kit 2.3.1 -> Unlisted", request.Subject, StringComparison.Ordinal);
        Assert.Equal("fail", request.MessageAttributes["verdict"].StringValue);
    }

    [Fact]
    public void Request_WhenAMessageThatIsNotAVerdictIsTooLarge_ShouldCutItsTexts()
    {
        var huge = string.Concat(Enumerable.Repeat("é😀\"", 200_000));
        var request = SnsNotificationPublisher.Request(new NotificationMessage("s", huge, huge, new Dictionary<string, string>()), TopicArn);

        Assert.True(SnsNotificationPublisher.PayloadBytes(request) < NotificationPayload.MaxBytes);
        using var structured = JsonDocument.Parse(request.Message!);
        Assert.EndsWith("more characters)", structured.RootElement.GetProperty("default").GetString(), StringComparison.Ordinal);
    }

    private static Verdict HugeVerdict()
    {
        const string Sha = "0000000000000000000000000000000000000000000000000000000000000000";
        var assets = Enumerable.Range(0, 1_000).Select(i => new VerdictAsset($"asset-{i}-é😀.tgz", 4, 4, Sha, true)).ToList();
        // 999 integrity findings, then the license one: the last rule must not be lost when the list is cut.
        List<Finding> findings =
        [
            .. assets.Take(999).Select(a => new Finding(RuleIds.HashMismatch(Core.Integrity.HashKind.Sha256), FindingSeverity.Blocking,
                $"SHA-256 of asset '{a.Name}' does not match the recorded digest",
                new Dictionary<string, string> { ["asset"] = a.Name, ["actual"] = Sha }, "Do not use this version.", a.Name)),
            new Finding(RuleIds.LicenseUnknown, FindingSeverity.Blocking, "license is not a recognised SPDX license", new Dictionary<string, string>(), null, null),
        ];
        return new Verdict(
            Verdict.CurrentSchema,
            new VerdictPackage("my-domain", "111122223333", "team-npm", "npm", "acme", "ui-kit", "2.3.1", "rev-1", "pkg:npm/%40acme/ui-kit@2.3.1",
                PackageVersionStatus.Published, "INTERNAL"),
            VerdictOutcome.Fail,
            "enforce",
            new VerdictAction(ActionKind.Quarantine, PackageVersionStatus.Unlisted, null, null),
            findings,
            [],
            new VerdictLicenses([.. Enumerable.Range(0, 5_000).Select(i => $"LicenseRef-custom-{i} é😀\"<>")], null, "Unknown"),
            assets,
            new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero),
            "built-in default (governance.yaml)");
    }
}
