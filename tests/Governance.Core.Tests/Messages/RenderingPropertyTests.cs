using System.Text.Json;
using CsCheck;
using Governance.Core.Licenses;
using Governance.Core.Messages;
using Governance.Core.Packages;
using Governance.Core.Policy;
using Governance.Core.Review;
using static Governance.Core.Tests.Review.ReviewSubjects;

namespace Governance.Core.Tests.Messages;

/// <summary>Whatever a publisher puts in names and license strings, the rendered messages stay valid and bounded.</summary>
public class RenderingPropertyTests
{
    private static readonly Gen<string> Hostile = Gen.OneOf(
        Gen.String,
        Gen.String[Gen.Char["<>&`*_~|!@\r\n\t\u0000\u001b\u2028 aZ"], 0, 400],
        Gen.Const("<!channel> <https://evil.example|click>"));

    [Fact]
    public void Render_WhenNamesAndLicensesAreArbitrary_ShouldStayWithinEveryLimit()
    {
        Gen.Select(Hostile, Hostile, Hostile, Gen.Bool).Sample((name, version, license, tamper) =>
        {
            var id = Npm(name: name.Length == 0 ? "x" : name, version: version.Length == 0 ? "1" : version);
            var verdict = PolicyEvaluator.Evaluate(Subject(id, [license], Asset(actual: tamper ? BadSha : GoodSha)), DefaultPolicy.Policy, Now);

            var message = NotificationRenderer.Render(verdict);
            Assert.InRange(message.Subject.Length, 1, 99);
            Assert.All(message.Subject, c => Assert.InRange(c, ' ', '~'));
            Assert.DoesNotContain('\r', message.EmailBody);
            Assert.DoesNotContain('\u0000', message.EmailBody);

            using var slack = JsonDocument.Parse(SlackBlockKitRenderer.Render(verdict));
            var blocks = slack.RootElement.GetProperty("blocks").EnumerateArray().ToList();
            Assert.True(blocks.Count <= SlackBlockKitRenderer.MaxBlocks);
            Assert.True(blocks[0].GetProperty("text").GetProperty("text").GetString()!.Length <= SlackBlockKitRenderer.MaxHeaderLength);
            foreach (var block in blocks.Where(b => b.TryGetProperty("text", out _)))
            {
                var text = block.GetProperty("text").GetProperty("text").GetString()!;
                Assert.True(text.Length <= SlackBlockKitRenderer.MaxSectionTextLength);
                if (block.GetProperty("text").GetProperty("type").GetString() == "mrkdwn")
                {
                    Assert.DoesNotContain("<!", text, StringComparison.Ordinal);
                }
            }

            var parsed = VerdictDocument.Parse(message.DefaultJson, out var error);
            Assert.True(parsed is not null, error);
            Assert.Equal(message.DefaultJson, VerdictDocument.Serialize(parsed));
        }, iter: 300);
    }

    [Fact]
    public void Normalize_WhenTextIsArbitrary_ShouldNeverThrow()
    {
        Hostile.Sample(text =>
        {
            var normalised = LicenseNameNormalizer.Default.Normalize(text);
            Assert.True(normalised.Expression is not null || normalised.Problem is not null);
            _ = LicenseEvaluator.Default.Evaluate([text, text], DefaultPolicy.Policy.Licenses, PackageFormats.Npm);
        }, iter: 2_000);
    }
}
