using System.Text.Json;

namespace Governance.Core.Evidence.Intel;

/// <summary>
/// An OSV record's severity, from the most precise evidence it carries: a CVSS v3 vector (scored here; the record's
/// <c>severity[]</c> and each <c>affected[].severity[]</c>, the highest wins), else the database's own label
/// (<c>database_specific.severity</c>, GitHub's LOW/MODERATE/HIGH/CRITICAL), else an ecosystem's label
/// (<c>affected[].ecosystem_specific.severity</c>), else unknown. CVSS v4 vectors are not scored: v4's score comes
/// from FIRST's lookup table of macro-vectors, and a wrong score would be worse than falling back to a label.
/// </summary>
internal static class OsvSeverityReader
{
    /// <summary>More severity entries than any real record has; the rest are not read.</summary>
    private const int MaxEntries = 64;

    public static (AdvisorySeverity Severity, double? Score) Read(JsonElement record)
    {
        double? best = null;
        foreach (var list in SeverityLists(record))
        {
            foreach (var entry in list.EnumerateArray().Take(MaxEntries))
            {
                if (entry.ValueKind == JsonValueKind.Object
                    && String(entry, "type") is "CVSS_V3"
                    && CvssV3.TryScore(String(entry, "score"), out _) is { } score
                    && (best is null || score > best))
                {
                    best = score;
                }
            }
        }

        if (best is { } scored)
        {
            return (CvssV3.Band(scored), scored);
        }

        if (Object(record, "database_specific") is { } database && Label(String(database, "severity")) is { } label)
        {
            return (label, null);
        }

        var ecosystemLabel = AdvisorySeverity.Unknown;
        foreach (var affected in Affected(record))
        {
            if (Object(affected, "ecosystem_specific") is { } ecosystem && Label(String(ecosystem, "severity")) is { } found && found > ecosystemLabel)
            {
                ecosystemLabel = found;
            }
        }

        return (ecosystemLabel, null);
    }

    /// <summary>GitHub's labels and their common spellings; anything else is not a label the policy can compare.</summary>
    public static AdvisorySeverity? Label(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "LOW" => AdvisorySeverity.Low,
        "MODERATE" or "MEDIUM" => AdvisorySeverity.Moderate,
        "HIGH" => AdvisorySeverity.High,
        "CRITICAL" => AdvisorySeverity.Critical,
        _ => null,
    };

    private static IEnumerable<JsonElement> SeverityLists(JsonElement record)
    {
        if (Array(record, "severity") is { } top)
        {
            yield return top;
        }

        foreach (var affected in Affected(record))
        {
            if (Array(affected, "severity") is { } nested)
            {
                yield return nested;
            }
        }
    }

    private static IEnumerable<JsonElement> Affected(JsonElement record) =>
        Array(record, "affected") is { } affected
            ? affected.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.Object).Take(MaxEntries)
            : [];

    private static JsonElement? Array(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value : null;

    private static JsonElement? Object(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    private static string? String(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
