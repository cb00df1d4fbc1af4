using Governance.Core.Evidence;
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

    public static string EvidenceActionName(EvidenceAction action) => action == EvidenceAction.Warn ? "warn" : "quarantine";

    public static bool TryParseEvidenceAction(string text, out EvidenceAction action)
    {
        action = EvidenceAction.Quarantine;
        if (text.Equals("quarantine", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        action = EvidenceAction.Warn;
        return text.Equals("warn", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The severities a policy may name as a threshold (<see cref="AdvisorySeverity.Unknown"/> is not one).</summary>
    public static IReadOnlyList<AdvisorySeverity> Severities { get; } =
        [AdvisorySeverity.Low, AdvisorySeverity.Moderate, AdvisorySeverity.High, AdvisorySeverity.Critical];

    /// <summary><c>low</c>, <c>moderate</c>, <c>high</c>, <c>critical</c> (and <c>unknown</c> for an advisory without one).</summary>
    public static string SeverityName(AdvisorySeverity severity) => severity switch
    {
        AdvisorySeverity.Low => "low",
        AdvisorySeverity.Moderate => "moderate",
        AdvisorySeverity.High => "high",
        AdvisorySeverity.Critical => "critical",
        _ => "unknown",
    };

    public static bool TryParseSeverity(string text, out AdvisorySeverity severity)
    {
        foreach (var candidate in Severities)
        {
            if (text.Equals(SeverityName(candidate), StringComparison.OrdinalIgnoreCase))
            {
                severity = candidate;
                return true;
            }
        }
        severity = AdvisorySeverity.Unknown;
        return false;
    }
}
