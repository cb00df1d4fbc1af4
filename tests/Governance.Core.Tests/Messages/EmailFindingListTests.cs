using Governance.Core.Messages;
using Governance.Core.Review;

namespace Governance.Core.Tests.Messages;

/// <summary>The email's finding list is cut to a few entries, but never drops a rule: every reason stays visible.</summary>
public class EmailFindingListTests
{
    private static Finding Finding(string rule, int n) =>
        new(rule, FindingSeverity.Blocking, $"{rule} #{n}", new Dictionary<string, string>(), null, null);

    [Fact]
    public void FirstOfEveryRule_WhenARuleOnlyAppearsAfterTheCut_ShouldShowItInPlaceOfALaterRepeat()
    {
        var findings = Enumerable.Range(1, 1000).Select(n => Finding("integrity.sha256-mismatch", n)).Append(Finding("license.denied", 1)).ToList();

        var shown = NotificationRenderer.FirstOfEveryRule(findings, 10);

        Assert.Equal(10, shown.Count);
        Assert.Equal(["integrity.sha256-mismatch", "license.denied"], shown.Select(f => f.RuleId).Distinct());
        Assert.Equal("integrity.sha256-mismatch #1", shown[0].Message);
        Assert.Equal("license.denied", shown[^1].RuleId);
    }

    [Fact]
    public void FirstOfEveryRule_WhenEveryRuleIsAlreadyShown_ShouldKeepTheFirstEntriesInOrder()
    {
        var findings = Enumerable.Range(1, 30).Select(n => Finding(n % 2 == 0 ? "a.rule" : "b.rule", n)).ToList();

        var shown = NotificationRenderer.FirstOfEveryRule(findings, 5);

        Assert.Equal(findings.Take(5), shown);
    }

    [Fact]
    public void FirstOfEveryRule_WhenThereAreMoreRulesThanPlaces_ShouldStillNameEveryRule()
    {
        var findings = Enumerable.Range(1, 12).Select(n => Finding($"rule.{n}", n)).ToList();

        var shown = NotificationRenderer.FirstOfEveryRule(findings, 3);

        Assert.Equal(12, shown.Select(f => f.RuleId).Distinct().Count());
    }
}
