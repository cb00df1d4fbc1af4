namespace Governance.Cli.Commands;

/// <summary>The names closest to a misspelled one: <c>chek</c> → <c>check</c>, <c>--fromat</c> → <c>--format</c>.</summary>
internal static class TypoSuggestions
{
    /// <summary>
    /// The candidates at the smallest edit distance (a transposition counts as one edit) within a small budget, or the
    /// ones the typed word begins when none is that close; empty when nothing is near.
    /// </summary>
    public static IReadOnlyList<string> Closest(string typed, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(candidates);
        var word = typed.TrimStart('-');
        if (word.Length == 0)
        {
            return [];
        }
        // One edit in a short word, two in a longer one: more would suggest unrelated names.
        var budget = word.Length <= 3 ? 1 : 2;
        var scored = candidates
            .Select(c => (Name: c, Distance: Distance(word, c.TrimStart('-'))))
            .Where(c => c.Distance <= budget)
            .ToList();
        if (scored.Count > 0)
        {
            var best = scored.Min(c => c.Distance);
            return [.. scored.Where(c => c.Distance == best).Select(c => c.Name)];
        }
        return word.Length >= 2
            ? [.. candidates.Where(c => c.TrimStart('-').StartsWith(word, StringComparison.OrdinalIgnoreCase))]
            : [];
    }

    /// <summary>Optimal string alignment distance, case-insensitive.</summary>
    private static int Distance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
