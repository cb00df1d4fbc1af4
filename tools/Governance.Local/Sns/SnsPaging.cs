using System.Globalization;

namespace Governance.Local.Sns;

/// <summary>One page of a List* result and the token of the next page (null on the last page).</summary>
public sealed record SnsPage<T>(IReadOnlyList<T> Items, string? NextToken);

/// <summary>
/// SNS pages List* results 100 at a time. The token is simply the index of the next item: the lists are small and
/// ordered, and a client only ever echoes back the token it was given.
/// </summary>
internal static class SnsPaging
{
    public const int PageSize = 100;

    public static SnsPage<T> Slice<T>(IReadOnlyList<T> items, string? nextToken)
    {
        var start = 0;
        if (nextToken is not null && (!int.TryParse(nextToken, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start > items.Count))
        {
            throw SnsException.InvalidParameter("Invalid parameter: NextToken (pass the value returned by the previous call)");
        }

        var page = items.Skip(start).Take(PageSize).ToList();
        var next = start + PageSize < items.Count ? (start + PageSize).ToString(CultureInfo.InvariantCulture) : null;
        return new SnsPage<T>(page, next);
    }
}
