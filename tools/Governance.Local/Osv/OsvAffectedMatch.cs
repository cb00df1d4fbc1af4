using System.Text.Json;
using System.Text.RegularExpressions;

namespace Governance.Local.Osv;

/// <summary>
/// Whether an OSV record affects a package (and version), the way the OSV schema defines it: an
/// <c>affected[]</c> entry for the same ecosystem and name whose <c>versions</c> list the version, or one of whose
/// <c>SEMVER</c> / <c>ECOSYSTEM</c> ranges contains it (events sorted by version; <c>introduced</c> opens,
/// <c>fixed</c> closes before, <c>last_affected</c> closes after; <c>introduced: "0"</c> is the beginning of time).
/// <c>GIT</c> ranges and <c>limit</c> events are ignored: the local endpoint answers package queries only.
/// </summary>
internal static partial class OsvAffectedMatch
{
    /// <param name="version">Null matches any version of the package (osv.dev's query without a version).</param>
    public static bool Affects(JsonElement record, string ecosystem, string name, string? version)
    {
        if (!record.TryGetProperty("affected", out var affectedList) || affectedList.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var affected in affectedList.EnumerateArray())
        {
            if (affected.ValueKind != JsonValueKind.Object
                || !affected.TryGetProperty("package", out var package) || package.ValueKind != JsonValueKind.Object
                || Text(package, "ecosystem") != ecosystem
                || !SameName(ecosystem, Text(package, "name"), name))
            {
                continue;
            }

            if (version is null || Listed(affected, version) || InRanges(affected, version, ecosystem))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>PyPI names compare normalised (PEP 503: case-insensitive, runs of <c>-_.</c> alike); others exactly.</summary>
    private static bool SameName(string ecosystem, string? recorded, string asked) =>
        recorded is not null && (ecosystem == "PyPI"
            ? string.Equals(PythonSeparators().Replace(recorded, "-"), PythonSeparators().Replace(asked, "-"), StringComparison.OrdinalIgnoreCase)
            : string.Equals(recorded, asked, StringComparison.Ordinal));

    private static bool Listed(JsonElement affected, string version) =>
        affected.TryGetProperty("versions", out var versions) && versions.ValueKind == JsonValueKind.Array
        && versions.EnumerateArray().Any(v => v.ValueKind == JsonValueKind.String && v.GetString() == version);

    private static bool InRanges(JsonElement affected, string version, string ecosystem)
    {
        if (!affected.TryGetProperty("ranges", out var ranges) || ranges.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var range in ranges.EnumerateArray())
        {
            var type = range.ValueKind == JsonValueKind.Object ? Text(range, "type") : null;
            if (type is not ("SEMVER" or "ECOSYSTEM") || !range.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            var semver = type == "SEMVER" || ecosystem == "npm";
            if (Contains(Events(events), version, semver))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains(List<(string Kind, string At)> events, string version, bool semver)
    {
        events.Sort((x, y) => x.At == "0" || y.At == "0"
            ? (x.At == "0" ? 0 : 1).CompareTo(y.At == "0" ? 0 : 1)
            : OsvVersionOrder.Compare(x.At, y.At, semver));
        var affected = false;
        foreach (var (kind, at) in events)
        {
            var order = at == "0" ? 1 : OsvVersionOrder.Compare(version, at, semver);
            affected = kind switch
            {
                "introduced" when order >= 0 => true,
                "fixed" when order >= 0 => false,
                "last_affected" when order > 0 => false,
                _ => affected,
            };
        }

        return affected;
    }

    private static List<(string Kind, string At)> Events(JsonElement events)
    {
        var list = new List<(string, string)>();
        foreach (var e in events.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object))
        {
            foreach (var kind in (string[])["introduced", "fixed", "last_affected"])
            {
                if (Text(e, kind) is { Length: > 0 } at)
                {
                    list.Add((kind, at));
                }
            }
        }

        return list;
    }

    private static string? Text(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [GeneratedRegex("[-_.]+")]
    private static partial Regex PythonSeparators();
}
