using Governance.Core.Packages;

namespace Governance.Core.Policy;

/// <summary>The spellings the policy file uses for its enumerations.</summary>
public static class PolicyNames
{
    public static string ModeName(PolicyMode mode) => mode == PolicyMode.Audit ? "audit" : "enforce";

    public static string FallbackName(LicenseFallback fallback) => fallback == LicenseFallback.Allow ? "allow" : "quarantine";

    public static bool TryParseMode(string text, out PolicyMode mode)
    {
        mode = PolicyMode.Enforce;
        if (text.Equals("enforce", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        mode = PolicyMode.Audit;
        return text.Equals("audit", StringComparison.OrdinalIgnoreCase);
    }

    public static bool TryParseQuarantineStatus(string text, out PackageVersionStatus status)
    {
        foreach (var candidate in GovernancePolicy.QuarantineStatuses)
        {
            if (text.Equals(candidate.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }
        status = default;
        return false;
    }

    public static bool TryParseFallback(string text, out LicenseFallback fallback)
    {
        fallback = LicenseFallback.Quarantine;
        if (text.Equals("quarantine", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        fallback = LicenseFallback.Allow;
        return text.Equals("allow", StringComparison.OrdinalIgnoreCase);
    }
}
