using System.Globalization;

namespace Governance.Core.Review;

/// <summary>
/// When a verdict must be looked at again by itself, with nothing else changing: the end of a cooldown hold (it may
/// pass then), the expiry of a waiver it relies on (it may fail then), and the next intel re-check. Null when none
/// applies.
/// </summary>
public static class VerdictSchedule
{
    /// <summary>
    /// When intel is asked again about a version it was asked about, counted from the version's publication: most
    /// malicious releases are reported within hours or days, and advisories keep coming for weeks.
    /// </summary>
    public static IReadOnlyList<TimeSpan> IntelRechecks { get; } = [TimeSpan.FromDays(1), TimeSpan.FromDays(7), TimeSpan.FromDays(30)];

    /// <param name="subject">What was evaluated: its intel status and publish time place the next intel re-check (null: none).</param>
    /// <param name="now">The evaluation's time: only re-checks after it count.</param>
    public static DateTimeOffset? NextDue(Verdict verdict, ReviewSubject? subject = null, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var times = new List<DateTimeOffset>();
        if (subject is { Evidence.Intel.Status: not Evidence.IntelStatus.NotQueried } && now is { } evaluated
            && (subject.Evidence.Registry.PublishedAt ?? subject.Facts.PublishedTime) is { } published)
        {
            times.AddRange(IntelRechecks.Select(after => published + after).Where(at => at > evaluated).Take(1));
        }

        foreach (var finding in verdict.Findings)
        {
            if (finding.RuleId == RuleIds.CooldownActive
                && finding.Evidence.TryGetValue(CooldownRules.UntilDetail, out var until)
                && DateTimeOffset.TryParse(until, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var end))
            {
                times.Add(end);
            }
        }

        times.AddRange(verdict.Waived.Select(w => w.Waiver.ExpiresAt));
        return times.Count == 0 ? null : times.Min();
    }
}
