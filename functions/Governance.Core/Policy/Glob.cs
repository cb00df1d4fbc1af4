namespace Governance.Core.Policy;

/// <summary>The one wildcard the policy supports: a trailing <c>*</c> (a prefix match). Case-insensitive.</summary>
public static class Glob
{
    public static bool Matches(string pattern, string value)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(value);
        return pattern.EndsWith('*')
            ? value.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase)
            : string.Equals(pattern, value, StringComparison.OrdinalIgnoreCase);
    }
}
