using System.Text.Json;

namespace Governance.Core.Review;

/// <summary>The verdict document: write it, and read it back (the Slack function renders from the JSON it receives).</summary>
public static class VerdictDocument
{
    public static string Serialize(Verdict verdict) => JsonSerializer.Serialize(verdict, VerdictJsonContext.Default.Verdict);

    /// <summary>Parses a verdict document; null with an error message when it is not one.</summary>
    public static Verdict? Parse(string json, out string? error)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            var verdict = JsonSerializer.Deserialize(json, VerdictJsonContext.Default.Verdict);
            if (verdict is null)
            {
                error = "the JSON is null, not a verdict document";
                return null;
            }
            if (verdict.Schema != Verdict.CurrentSchema)
            {
                error = $"schema '{verdict.Schema}' is not '{Verdict.CurrentSchema}'";
                return null;
            }
            error = null;
            return verdict;
        }
        catch (JsonException ex)
        {
            error = $"the verdict document is not valid: {ex.Message}";
            return null;
        }
    }
}
