using System.Text;
using System.Text.Json;

namespace Governance.Core.Evidence.Intel;

/// <summary>
/// Reads one OSV record (the answer of <c>GET /v1/vulns/{id}</c>, or an element of <c>/v1/query</c>'s
/// <c>vulns</c>) into an <see cref="Advisory"/>. The record is untrusted input: any shape that is not an OSV record
/// ends as <see cref="OsvRecord.Error"/> naming what is wrong, never as an exception.
/// </summary>
public static class OsvRecordReader
{
    /// <summary>Real records are a few kilobytes (large GHSA texts some tens); beyond this the answer is not a record.</summary>
    public const int MaxRecordBytes = 2 * 1024 * 1024;

    public const int MaxSummaryLength = 300;

    /// <summary>Aliases kept; a record with more names is either a merge gone wrong or hostile.</summary>
    public const int MaxAliases = 64;

    private static readonly JsonDocumentOptions Parsing = new() { MaxDepth = 64 };

    public static OsvRecord Read(ReadOnlyMemory<byte> json)
    {
        if (json.Length > MaxRecordBytes)
        {
            return OsvRecord.Failed($"the record is {json.Length:N0} bytes, more than the {MaxRecordBytes:N0} an OSV record is allowed");
        }

        try
        {
            using var document = JsonDocument.Parse(json, Parsing);
            return Read(document.RootElement);
        }
        catch (JsonException bad)
        {
            return OsvRecord.Failed($"the record is not valid JSON (line {bad.LineNumber + 1}, byte {bad.BytePositionInLine + 1})");
        }
    }

    public static OsvRecord Read(JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            return OsvRecord.Failed($"the record is a JSON {record.ValueKind.ToString().ToLowerInvariant()}, not an object");
        }

        if (!record.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String)
        {
            return OsvRecord.Failed("the record has no string field \"id\"");
        }

        var id = idElement.GetString()!;
        if (!OsvIds.IsWellFormed(id))
        {
            return OsvRecord.Failed($"the field \"id\" is not an OSV id (letters, digits, '-', '_', '.', ':'; at most {OsvIds.MaxLength} characters)");
        }

        var aliases = new List<string>();
        if (record.TryGetProperty("aliases", out var aliasList))
        {
            if (aliasList.ValueKind is not (JsonValueKind.Array or JsonValueKind.Null))
            {
                return OsvRecord.Failed("the field \"aliases\" is not an array");
            }

            if (aliasList.ValueKind == JsonValueKind.Array)
            {
                // An alias that is not a well-formed id is dropped, not fatal: the record's own id still stands.
                aliases.AddRange(aliasList.EnumerateArray()
                    .Where(a => a.ValueKind == JsonValueKind.String && OsvIds.IsWellFormed(a.GetString()))
                    .Select(a => a.GetString()!)
                    .Where(a => !string.Equals(a, id, StringComparison.Ordinal))
                    .Distinct(StringComparer.Ordinal)
                    .Take(MaxAliases));
            }
        }

        var malicious = OsvIds.IsMalicious(id) || aliases.Any(OsvIds.IsMalicious);
        var (severity, score) = OsvSeverityReader.Read(record);
        var withdrawn = record.TryGetProperty("withdrawn", out var withdrawnAt) && withdrawnAt.ValueKind == JsonValueKind.String;
        var advisory = new Advisory(
            id,
            aliases,
            Summary(record),
            malicious ? AdvisorySeverity.Critical : severity,
            score,
            OsvIds.Link(id),
            malicious);
        return new OsvRecord(advisory, withdrawn, null);
    }

    /// <summary>The record's <c>summary</c>, else the first non-blank line of its <c>details</c>: one line, control
    /// characters removed, at most <see cref="MaxSummaryLength"/> characters.</summary>
    private static string Summary(JsonElement record)
    {
        var text = Text(record, "summary");
        if (string.IsNullOrWhiteSpace(text))
        {
            text = Text(record, "details")?.Split('\n').Select(l => l.Trim().TrimStart('#').Trim()).FirstOrDefault(l => l.Length > 0);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var line = new StringBuilder(Math.Min(text.Length, MaxSummaryLength + 1));
        foreach (var c in text)
        {
            if (line.Length > MaxSummaryLength)
            {
                break;
            }

            line.Append(char.IsControl(c) ? ' ' : c);
        }

        var clean = line.ToString().Trim();
        return clean.Length > MaxSummaryLength ? clean[..(MaxSummaryLength - 1)].TrimEnd() + "…" : clean;
    }

    private static string? Text(JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
