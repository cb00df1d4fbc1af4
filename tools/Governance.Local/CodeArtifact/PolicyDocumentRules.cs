using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Governance.Local.CodeArtifact;

/// <summary>
/// What CodeArtifact checks in a resource policy before storing it: the model's PolicyDocument constraints (1 to
/// 7,168 characters of pattern <c>[\P{C}\s]+</c>) and that it is a JSON resource-based policy in IAM's grammar (an
/// object with a <c>Statement</c>; each statement with an <c>Effect</c> of Allow or Deny, an <c>Action</c> or
/// <c>NotAction</c>, and a <c>Principal</c> or <c>NotPrincipal</c>, as every resource-based policy must name one).
/// The stack stores and serves the policy; it never evaluates it.
/// </summary>
internal static class PolicyDocumentRules
{
    public const int MaxLength = 7168;
    private const string Field = "policyDocument";

    public static string Check(string? document)
    {
        if (document is null)
        {
            throw InputRules.Missing(Field);
        }

        var length = document.EnumerateRunes().Count();
        if (length is < 1 or > MaxLength)
        {
            throw Invalid($"Member must have length {(length < 1 ? "greater than or equal to 1" : $"less than or equal to {MaxLength}")}");
        }

        if (document.EnumerateRunes().Any(r => IsOther(r) && !Rune.IsWhiteSpace(r)))
        {
            throw Invalid(@"Member must satisfy regular expression pattern: [\P{C}\s]+");
        }

        JsonElement root;
        try
        {
            using var parsed = JsonDocument.Parse(document);
            root = parsed.RootElement.Clone();
        }
        catch (JsonException bad)
        {
            throw Malformed($"it is not valid JSON ({bad.Message})");
        }

        CheckGrammar(root);
        return document;
    }

    private static void CheckGrammar(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Malformed("it must be a JSON object");
        }

        if (root.TryGetProperty("Version", out var version) && version.GetRawText() is not ("\"2012-10-17\"" or "\"2008-10-17\""))
        {
            throw Malformed("Version must be 2012-10-17 or 2008-10-17");
        }

        if (!root.TryGetProperty("Statement", out var statement))
        {
            throw Malformed("it has no Statement");
        }

        var statements = statement.ValueKind switch
        {
            JsonValueKind.Array => statement.EnumerateArray().ToList(),
            JsonValueKind.Object => [statement],
            _ => throw Malformed("Statement must be an object or a list of objects"),
        };
        if (statements.Count == 0)
        {
            throw Malformed("Statement is empty");
        }

        for (var i = 0; i < statements.Count; i++)
        {
            var s = statements[i];
            if (s.ValueKind != JsonValueKind.Object)
            {
                throw Malformed($"Statement[{i}] is not an object");
            }

            if (!s.TryGetProperty("Effect", out var effect) || effect.GetRawText() is not ("\"Allow\"" or "\"Deny\""))
            {
                throw Malformed($"Statement[{i}] needs an Effect of Allow or Deny");
            }

            if (!s.TryGetProperty("Action", out _) && !s.TryGetProperty("NotAction", out _))
            {
                throw Malformed($"Statement[{i}] needs an Action or NotAction");
            }

            if (!s.TryGetProperty("Principal", out _) && !s.TryGetProperty("NotPrincipal", out _))
            {
                throw Malformed($"Statement[{i}] needs a Principal or NotPrincipal: a resource policy must name who it applies to");
            }
        }
    }

    private static bool IsOther(Rune rune) => Rune.GetUnicodeCategory(rune) is
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;

    private static CodeArtifactException Invalid(string constraint) =>
        CodeArtifactException.Validation($"1 validation error detected: Value at '{Field}' failed to satisfy constraint: {constraint}");

    private static CodeArtifactException Malformed(string why) =>
        CodeArtifactException.Validation($"Invalid policy document in '{Field}': {why}");
}
