using System.Globalization;
using System.Text.RegularExpressions;
using Governance.Core.Packages;
using YamlDotNet.RepresentationModel;

namespace Governance.Core.Policy;

/// <summary>
/// The reader of <c>cooldown:</c> — <c>minimumAge</c>, <c>origins</c>, per-format <c>formats</c> overrides and
/// <c>exempt</c> package patterns. A duration is one or more of <c>{n}w</c>, <c>{n}d</c>, <c>{n}h</c>, <c>{n}m</c>
/// (<c>3d</c>, <c>36h</c>, <c>1d12h</c>) or <c>0</c>; anything else (<c>-1d</c>, <c>forever</c>, <c>3 days</c>) is an
/// error naming the accepted forms, never a cooldown that silently means something else.
/// </summary>
public static partial class PolicyLoader
{
    internal const string DurationForms = "a duration such as 3d, 36h, 90m, 2w or 1d12h (weeks, days, hours, minutes), or 0 for none";

    /// <summary>Parses a cooldown duration; null with an error when the text is not one of <see cref="DurationForms"/>.</summary>
    public static TimeSpan? ParseDuration(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        error = null;
        var trimmed = text.Trim();
        if (trimmed == "0")
        {
            return TimeSpan.Zero;
        }

        var match = DurationPattern().Match(trimmed);
        if (!match.Success)
        {
            error = $"'{text}' is not {DurationForms}";
            return null;
        }

        var total = TimeSpan.Zero;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unit = part.Value[^1];
            if (!long.TryParse(part.Value.AsSpan(0, part.Value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > 100_000)
            {
                error = $"'{text}' is too long; the longest cooldown is {CooldownPolicy.MaximumAge.TotalDays} days";
                return null;
            }

            total += unit switch
            {
                'w' => TimeSpan.FromDays(7 * count),
                'd' => TimeSpan.FromDays(count),
                'h' => TimeSpan.FromHours(count),
                _ => TimeSpan.FromMinutes(count),
            };
        }

        if (total > CooldownPolicy.MaximumAge)
        {
            error = $"'{text}' is longer than the longest cooldown, {CooldownPolicy.MaximumAge.TotalDays} days (a wait of more than a year is a typo, not a policy)";
            return null;
        }

        return total;
    }

    [GeneratedRegex(@"^(?<part>[0-9]+[wdhm])+$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();

    private sealed partial class PolicyReader
    {
        private static readonly string[] CooldownOrigins = ["EXTERNAL", "INTERNAL"];

        private CooldownPolicy? ReadCooldown(YamlMappingNode node, string path, CooldownPolicy? fallback)
        {
            fallback ??= CooldownPolicy.None;
            var entries = r.Entries(node, path, ["minimumAge", "origins", "formats", "exempt"]);
            var minimumAge = entries.TryGetValue("minimumAge", out var ageNode) ? Duration(ageNode, YamlPolicyReader.Join(path, "minimumAge")) : fallback.MinimumAge;
            var origins = entries.TryGetValue("origins", out var originsNode) ? Origins(originsNode, YamlPolicyReader.Join(path, "origins")) : fallback.Origins;
            var formats = entries.TryGetValue("formats", out var formatsNode) ? FormatAges(formatsNode, YamlPolicyReader.Join(path, "formats")) : fallback.Formats;
            var exempt = entries.TryGetValue("exempt", out var exemptNode) ? Exemptions(exemptNode, YamlPolicyReader.Join(path, "exempt")) : fallback.Exempt;
            return minimumAge is null || origins is null || formats is null || exempt is null
                ? null
                : new CooldownPolicy(minimumAge.Value, origins, formats, exempt);
        }

        private TimeSpan? Duration(YamlNode node, string key)
        {
            if (r.NonEmptyString(node, key, DurationForms) is not { } text)
            {
                return null;
            }

            var duration = ParseDuration(text, out var error);
            if (error is not null)
            {
                r.Error(node, key, error);
            }

            return duration;
        }

        private List<string>? Origins(YamlNode node, string key)
        {
            if (r.ScalarList(node, key, "a list of origins: EXTERNAL, INTERNAL") is not { } items)
            {
                return null;
            }

            var origins = new List<string>();
            foreach (var (value, itemNode) in items)
            {
                if (CooldownOrigins.FirstOrDefault(o => string.Equals(o, value, StringComparison.OrdinalIgnoreCase)) is { } origin)
                {
                    origins.Add(origin);
                }
                else
                {
                    r.Error(itemNode, key, $"'{value}' is not an origin; allowed: EXTERNAL, INTERNAL");
                    return null;
                }
            }

            return origins;
        }

        private Dictionary<string, TimeSpan>? FormatAges(YamlNode node, string path) =>
            PerFormat(node, path, StringComparer.Ordinal, (overrides, formatPath) =>
            {
                var entries = r.Entries(overrides, formatPath, ["minimumAge"]);
                if (entries.TryGetValue("minimumAge", out var ageNode))
                {
                    return Duration(ageNode, YamlPolicyReader.Join(formatPath, "minimumAge")) is { } age ? new FormatAge(age) : null;
                }

                r.Error(overrides, YamlPolicyReader.Join(formatPath, "minimumAge"), $"is required ({DurationForms})");
                return null;
            })?.ToDictionary(pair => pair.Key, pair => pair.Value.Age, StringComparer.Ordinal);

        /// <summary>One format's minimum age, as a reference so that "not read" can be null.</summary>
        private sealed record FormatAge(TimeSpan Age);

        private List<PackagePattern>? Exemptions(YamlNode node, string key)
        {
            const string expected = "a list of package URLs without version, whose namespace or name may end in *, e.g. pkg:npm/%40acme/*";
            if (r.ScalarList(node, key, expected) is not { } items)
            {
                return null;
            }

            var patterns = new List<PackagePattern>();
            foreach (var (value, itemNode) in items)
            {
                if (!PackageUrl.TryParse(value, out var parts, out var error))
                {
                    r.Error(itemNode, key, $"{error}; expected {expected}");
                    return null;
                }

                if (!PackageFormats.IsKnown(parts.Format) || parts.Version is not null)
                {
                    r.Error(itemNode, key, parts.Version is not null
                        ? $"'{value}' names a version; an exemption covers every version of a package"
                        : $"'{value}' has an unknown package type; known types: {KnownPurlTypes}");
                    return null;
                }

                patterns.Add(new PackagePattern(parts.Format, parts.Namespace, parts.Name));
            }

            return patterns;
        }
    }
}
