using System.Globalization;
using System.Net;
using System.Text;

namespace Governance.Local.CodeArtifact;

/// <summary>A tag as the model's Tag shape carries it, in requests and in ListTagsForResource.</summary>
public sealed record ResourceTag(string Key, string Value);

/// <summary>
/// The tag rules AWS applies (API reference "Tag" and "TagResource"; the user guide's "Tagging resources" and AWS's
/// tag restrictions): a key of 1 to 128 and a value of 0 to 256 characters without control characters, at most 200
/// tags in one request, keys unique within a request, the <c>aws:</c> prefix (any case) reserved for AWS, and at
/// most <see cref="MaxPerResource"/> tags on one resource.
/// </summary>
internal static class TagRules
{
    public const int MaxPerResource = 50;
    private const int MaxPerRequest = 200;

    public static IReadOnlyList<ResourceTag> CheckTags(IReadOnlyList<ResourceTag> tags, string field = "tags")
    {
        CheckCount(tags.Count, field);
        foreach (var tag in tags)
        {
            CheckKey(tag.Key, $"{field}.member.key");
            CheckText(tag.Value, $"{field}.member.value", 0, 256);
        }

        var duplicate = tags.GroupBy(t => t.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw CodeArtifactException.Validation($"Tag keys must be unique; '{duplicate.Key}' is given {duplicate.Count()} times");
        }

        return tags;
    }

    public static IReadOnlyList<string> CheckKeys(IReadOnlyList<string> keys)
    {
        CheckCount(keys.Count, "tagKeys");
        foreach (var key in keys)
        {
            CheckKey(key, "tagKeys.member");
        }

        return keys;
    }

    /// <summary>The resource would carry more than <see cref="MaxPerResource"/> tags: ServiceQuotaExceededException (402), as TagResource lists it.</summary>
    public static void CheckQuota(int count, string resourceId, string resourceType)
    {
        if (count > MaxPerResource)
        {
            throw new CodeArtifactException(
                "ServiceQuotaExceededException",
                HttpStatusCode.PaymentRequired,
                $"A resource can have at most {MaxPerResource} tags; this request would leave {resourceType} {resourceId} with {count}",
                resourceId,
                resourceType);
        }
    }

    private static void CheckCount(int count, string field)
    {
        if (count > MaxPerRequest)
        {
            throw CodeArtifactException.Validation(
                $"1 validation error detected: Value at '{field}' failed to satisfy constraint: Member must have length less than or equal to {MaxPerRequest}");
        }
    }

    private static void CheckKey(string key, string field)
    {
        CheckText(key, field, 1, 128);
        if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
        {
            throw CodeArtifactException.Validation($"Tag key '{key}' is not allowed: the aws: prefix is reserved for AWS use");
        }
    }

    private static void CheckText(string value, string field, int min, int max)
    {
        var length = value.EnumerateRunes().Count();
        if (length < min || length > max)
        {
            throw CodeArtifactException.Validation(
                $"1 validation error detected: Value at '{field}' failed to satisfy constraint: Member must have length between {min} and {max}");
        }

        if (value.EnumerateRunes().Any(r => Rune.GetUnicodeCategory(r) is
                UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned))
        {
            throw CodeArtifactException.Validation(
                $@"1 validation error detected: Value at '{field}' failed to satisfy constraint: Member must satisfy regular expression pattern: \P{{C}}{(min == 0 ? "*" : "+")}");
        }
    }
}
