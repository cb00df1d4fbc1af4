namespace Governance.Core.Evidence.Intel;

/// <summary>
/// The CVSS v3.0 / v3.1 base score, by the equations and metric weights of FIRST's specification documents
/// (section 7 of v3.1, section 8 of v3.0), and the qualitative severity scale both versions share.
/// </summary>
public static class CvssV3
{
    /// <summary>The base score of a vector string, or null with the reason when the string is not a v3 vector.</summary>
    public static double? TryScore(string? vector, out string? error)
    {
        if (CvssV3Vector.TryParse(vector, out var parsed, out error))
        {
            return parsed.BaseScore;
        }

        return null;
    }

    public static double BaseScore(CvssV3Vector vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        var scopeChanged = vector.Scope == 'C';
        var impactSubScore = 1 - ((1 - Impact(vector.Confidentiality)) * (1 - Impact(vector.Integrity)) * (1 - Impact(vector.Availability)));
        var impact = scopeChanged
            ? (7.52 * (impactSubScore - 0.029)) - (3.25 * Math.Pow(impactSubScore - 0.02, 15))
            : 6.42 * impactSubScore;
        var exploitability = 8.22 * AttackVector(vector.AttackVector) * AttackComplexity(vector.AttackComplexity)
            * PrivilegesRequired(vector.PrivilegesRequired, scopeChanged) * UserInteraction(vector.UserInteraction);
        if (impact <= 0)
        {
            return 0;
        }

        var raw = scopeChanged ? Math.Min(1.08 * (impact + exploitability), 10) : Math.Min(impact + exploitability, 10);
        return vector.Version == "3.0" ? RoundUpV30(raw) : RoundUpV31(raw);
    }

    /// <summary>
    /// The qualitative rating of a base score (v3.0/v3.1 section 5, the same bands in v4.0): 0.1–3.9 low,
    /// 4.0–6.9 medium (the policy's "moderate"), 7.0–8.9 high, 9.0–10.0 critical. A score of 0.0 ("none") has no
    /// band the policy can act on, so it is <see cref="AdvisorySeverity.Unknown"/>.
    /// </summary>
    public static AdvisorySeverity Band(double score) => score switch
    {
        >= 9.0 => AdvisorySeverity.Critical,
        >= 7.0 => AdvisorySeverity.High,
        >= 4.0 => AdvisorySeverity.Moderate,
        > 0.0 => AdvisorySeverity.Low,
        _ => AdvisorySeverity.Unknown,
    };

    /// <summary>v3.0's Roundup: the smallest number, to one decimal place, that is not below the input.</summary>
    private static double RoundUpV30(double value) => Math.Ceiling(value * 10) / 10;

    /// <summary>
    /// v3.1's Roundup (Appendix A): the same rounding done on integers, so that floating-point noise such as
    /// 4.000000000000001 does not round up to 4.1.
    /// </summary>
    private static double RoundUpV31(double value)
    {
        var scaled = (long)Math.Round(value * 100000);
        return scaled % 10000 == 0 ? scaled / 100000.0 : (Math.Floor(scaled / 10000.0) + 1) / 10.0;
    }

    private static double AttackVector(char value) => value switch
    {
        'N' => 0.85,
        'A' => 0.62,
        'L' => 0.55,
        _ => 0.2,
    };

    private static double AttackComplexity(char value) => value == 'L' ? 0.77 : 0.44;

    /// <summary>Privileges weigh less when the scope changes: the attacker's foothold matters less beyond it.</summary>
    private static double PrivilegesRequired(char value, bool scopeChanged) => value switch
    {
        'N' => 0.85,
        'L' => scopeChanged ? 0.68 : 0.62,
        _ => scopeChanged ? 0.5 : 0.27,
    };

    private static double UserInteraction(char value) => value == 'N' ? 0.85 : 0.62;

    private static double Impact(char value) => value switch
    {
        'H' => 0.56,
        'L' => 0.22,
        _ => 0,
    };
}
