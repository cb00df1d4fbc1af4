using System.Globalization;
using Governance.Core.Policy;

namespace Governance.Core.Review;

/// <summary>
/// The minimum release age: a version younger than the cooldown its policy gives it is held until
/// <c>published + minimumAge</c>. The age comes from the public registry's own publish time (npm
/// <c>time[version]</c>, Maven Central's <c>Last-Modified</c>, PyPI <c>upload_time</c>) — when the version first
/// appeared anywhere — and falls back to CodeArtifact's <c>publishedTime</c> (when it reached this domain), saying so.
/// </summary>
internal static class CooldownRules
{
    /// <summary>The finding detail that says when the hold ends (ISO 8601, UTC); read back by <see cref="VerdictSchedule"/>.</summary>
    public const string UntilDetail = "until";

    public static void Check(ReviewSubject subject, CooldownPolicy cooldown, DateTimeOffset now, List<Finding> findings)
    {
        var facts = subject.Facts;
        if (cooldown.MinimumAgeFor(facts.Id, facts.OriginType) is not { } minimumAge)
        {
            return;
        }

        var (published, source) = subject.Evidence.Registry.PublishedAt is { } registryTime
            ? (registryTime, $"the public registry ({subject.Evidence.Registry.Source})")
            : facts.PublishedTime is { } codeArtifactTime
                ? (codeArtifactTime, "CodeArtifact's publishedTime (the public registry's own time was not available)")
                : ((DateTimeOffset?)null, "nowhere: neither the public registry nor CodeArtifact gave a publish time");
        var age = Duration(minimumAge);
        if (published is not { } at)
        {
            findings.Add(new Finding(
                RuleIds.CooldownActive,
                FindingSeverity.Blocking,
                $"the version's publish time is unknown, so its cooldown of {age} cannot be shown to have passed",
                PolicyEvaluator.Evidence(("minimumAge", age), ("source", source)),
                $"Waive {RuleIds.CooldownActive} for this version, or exempt the package in cooldown.exempt, once you trust it.",
                null));
            return;
        }

        var until = at + minimumAge;
        if (now >= until)
        {
            return;
        }

        var untilText = until.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        findings.Add(new Finding(
            RuleIds.CooldownActive,
            FindingSeverity.Blocking,
            $"published {Duration(now - at)} ago; the policy's cooldown for {facts.OriginType} {facts.Id.Format} versions is {age}: held until {untilText}",
            PolicyEvaluator.Evidence(
                ("publishedAt", at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
                ("source", source),
                ("minimumAge", age),
                (UntilDetail, untilText)),
            $"Nothing to do: it is reviewed again at {untilText} and published then if everything else passes. " +
            $"To release it sooner, waive {RuleIds.CooldownActive} for this version or exempt the package in cooldown.exempt.",
            null));
    }

    /// <summary>A duration as people write it in the policy: <c>3d</c>, <c>1d12h</c>, <c>45m</c>.</summary>
    internal static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
        {
            return "under a minute";
        }

        var parts = new List<string>(3);
        if (span.Days > 0)
        {
            parts.Add(span.Days.ToString(CultureInfo.InvariantCulture) + "d");
        }

        if (span.Hours > 0)
        {
            parts.Add(span.Hours.ToString(CultureInfo.InvariantCulture) + "h");
        }

        if (span.Minutes > 0 && span.Days == 0)
        {
            parts.Add(span.Minutes.ToString(CultureInfo.InvariantCulture) + "m");
        }

        return string.Concat(parts);
    }
}
