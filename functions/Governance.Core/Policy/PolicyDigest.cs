using System.Security.Cryptography;
using System.Text;

namespace Governance.Core.Policy;

/// <summary>
/// A policy's identity for re-evaluation: the SHA-256 of its text with line endings normalised (a checkout on
/// Windows is the same policy). Decisions record it; a sweep that finds decisions made under another digest
/// re-evaluates them.
/// </summary>
public static class PolicyDigest
{
    public static string Of(string policyText)
    {
        ArgumentNullException.ThrowIfNull(policyText);
        var normalised = policyText.Replace("\r\n", "\n", StringComparison.Ordinal);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)));
    }
}
