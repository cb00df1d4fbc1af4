using System.Text.Json;

namespace Governance.Benchmarks.Maven;

/// <summary>One decided review, read from the review function's ledger.</summary>
/// <param name="DecidedAt">
/// When the review function reached its decision: the record's <c>notificationStartedAt</c>, which the reviewer sets
/// from its clock (system UTC) in the record it then writes as Decided (the ledger lock wait, milliseconds, comes after
/// it). A record without it (never seen from this reviewer) falls back to <c>updatedAt</c>.
/// </param>
public sealed record LedgerDecision(string Repository, string GroupId, string ArtifactId, string Version, string Revision, DateTimeOffset DecidedAt, string? Outcome)
{
    public MavenVersion Coordinates => new(GroupId, ArtifactId, Version);
}

/// <summary>A Maven version's coordinates.</summary>
public readonly record struct MavenVersion(string GroupId, string ArtifactId, string Version)
{
    public override string ToString() => $"{GroupId}:{ArtifactId}:{Version}";
}

/// <summary>
/// Reads the file ledger the governed stack's review function writes (<c>FileDecisionLedger</c>: one JSON file per
/// decision under <c>{ledger}/decisions</c>, replaced by rename, so a read sees a whole record). Read-only and without
/// the ledger's lock, so polling it does not slow the reviews it watches.
/// </summary>
public static class ReviewLedger
{
    public static IReadOnlyList<LedgerDecision> ReadDecided(string ledgerFolder)
    {
        var folder = Path.Combine(ledgerFolder, "decisions");
        var decisions = new List<LedgerDecision>();
        if (!Directory.Exists(folder))
        {
            return decisions;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*.json"))
        {
            if (TryRead(file) is { } decision)
            {
                decisions.Add(decision);
            }
        }

        return decisions;
    }

    private static LedgerDecision? TryRead(string file)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            var root = document.RootElement;
            if (Text(root, "state") != "Decided" || !root.TryGetProperty("key", out var key) || Text(key, "versionKey") is not { } versionKey)
            {
                return null;
            }

            // OWNER/DOMAIN/REPOSITORY/FORMAT/NAMESPACE/NAME/VERSION, each segment percent-encoded (PackageIdentity.VersionKey).
            var segments = versionKey.Split('/').Select(Uri.UnescapeDataString).ToArray();
            if (segments.Length != 7 || segments[3] != "maven")
            {
                return null;
            }

            var decidedAt = Time(root, "notificationStartedAt") ?? Time(root, "updatedAt");
            return decidedAt is { } at
                ? new LedgerDecision(segments[2], segments[4], segments[5], segments[6], Text(key, "revision") ?? "", at, Text(root, "outcome"))
                : null;
        }
        catch (IOException)
        {
            return null; // replaced or removed between listing and reading: the next poll sees it
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Time(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var time) ? time : null;
}
