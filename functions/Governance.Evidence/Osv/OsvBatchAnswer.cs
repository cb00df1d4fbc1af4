using System.Text.Json;
using Governance.Core.Evidence.Intel;

namespace Governance.Evidence.Osv;

/// <summary>
/// One page of <c>POST /v1/querybatch</c>'s answer for a single query: the ids of the advisories that affect the
/// version (osv.dev returns only <c>id</c> and <c>modified</c> here) and the token of the next page, if any.
/// <c>{"results":[{"vulns":[{"id":"GHSA-…","modified":"…"}],"next_page_token":"…"}]}</c>; a result without
/// <c>vulns</c> (osv.dev answers <c>{}</c>) means none.
/// </summary>
internal sealed record OsvBatchAnswer(IReadOnlyList<string> Ids, string? NextPageToken, string? Error)
{
    /// <summary>A page token is opaque but short; a long one is a broken or hostile answer.</summary>
    private const int MaxTokenLength = 4096;

    public static OsvBatchAnswer Read(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
            return Read(document.RootElement);
        }
        catch (JsonException bad)
        {
            return Failed($"is not valid JSON (line {bad.LineNumber + 1}, byte {bad.BytePositionInLine + 1})");
        }
    }

    private static OsvBatchAnswer Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Failed("is not a JSON object");
        }

        if (!root.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
        {
            return Failed("has no array \"results\"");
        }

        if (results.GetArrayLength() != 1)
        {
            return Failed($"has {results.GetArrayLength()} entries in \"results\" for 1 query");
        }

        var result = results[0];
        if (result.ValueKind != JsonValueKind.Object)
        {
            return Failed("has a results[0] that is not an object");
        }

        var ids = new List<string>();
        if (result.TryGetProperty("vulns", out var vulns) && vulns.ValueKind != JsonValueKind.Null)
        {
            if (vulns.ValueKind != JsonValueKind.Array)
            {
                return Failed("has a results[0].vulns that is not an array");
            }

            var index = 0;
            foreach (var vuln in vulns.EnumerateArray())
            {
                if (vuln.ValueKind != JsonValueKind.Object || !vuln.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
                {
                    return Failed($"has no string results[0].vulns[{index}].id");
                }

                if (!OsvIds.IsWellFormed(id.GetString()))
                {
                    return Failed($"has a results[0].vulns[{index}].id that is not an OSV id");
                }

                ids.Add(id.GetString()!);
                index++;
            }
        }

        string? token = null;
        if (result.TryGetProperty("next_page_token", out var next) && next.ValueKind != JsonValueKind.Null)
        {
            if (next.ValueKind != JsonValueKind.String || next.GetString()!.Length > MaxTokenLength)
            {
                return Failed($"has a results[0].next_page_token that is not a string of at most {MaxTokenLength} characters");
            }

            token = next.GetString() is { Length: > 0 } text ? text : null;
        }

        return new OsvBatchAnswer(ids, token, null);
    }

    private static OsvBatchAnswer Failed(string what) => new([], null, $"the querybatch answer {what}");
}
