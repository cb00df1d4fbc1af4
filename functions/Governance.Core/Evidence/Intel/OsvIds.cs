namespace Governance.Core.Evidence.Intel;

/// <summary>
/// What an OSV id may look like (<c>GHSA-jfh8-c2jp-5v3q</c>, <c>MAL-2026-2306</c>, <c>PYSEC-2021-1</c>,
/// <c>RUSTSEC-2021-0001</c>, <c>CVE-2021-44228</c>). An id goes into a link and a path, so anything else is refused
/// rather than escaped: letters, digits, <c>-</c>, <c>_</c>, <c>.</c> and <c>:</c>, at most 128 characters.
/// </summary>
public static class OsvIds
{
    public const int MaxLength = 128;

    /// <summary>The prefix of the OpenSSF Malicious Packages ids that OSV serves.</summary>
    public const string MaliciousPrefix = "MAL-";

    public static bool IsWellFormed(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');

    public static bool IsMalicious(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return id.StartsWith(MaliciousPrefix, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Where a person reads the advisory.</summary>
    public static string Link(string id) => $"https://osv.dev/vulnerability/{Uri.EscapeDataString(id)}";
}
