using System.Globalization;
using System.Text;

namespace Governance.Local.CodeArtifact;

/// <summary>Opaque page tokens over a stable ordering: the token encodes the offset of the next item.</summary>
public static class Paging
{
    public static Page<T> Slice<T>(IReadOnlyList<T> all, int? maxResults, string? nextToken, int defaultPageSize = 100)
    {
        ArgumentNullException.ThrowIfNull(all);
        if (maxResults is < 1 or > 1000)
        {
            throw CodeArtifactException.Validation(
                $"1 validation error detected: Value '{maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 1000");
        }

        var offset = nextToken is null ? 0 : Decode(nextToken);
        var size = maxResults ?? defaultPageSize;
        var items = all.Skip(offset).Take(size).ToList();
        var next = offset + items.Count < all.Count ? Encode(offset + items.Count) : null;
        return new Page<T>(items, next);
    }

    private static string Encode(int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("local-page:" + offset.ToString(CultureInfo.InvariantCulture)));

    private static int Decode(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith("local-page:", StringComparison.Ordinal)
                && int.TryParse(text.AsSpan("local-page:".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return offset;
            }
        }
        catch (FormatException)
        {
        }

        throw CodeArtifactException.Validation("The pagination token (nextToken) is invalid; pass the nextToken of the previous response unchanged.");
    }
}
