using System.Diagnostics.CodeAnalysis;

namespace Governance.Core.Evidence.Intel;

/// <summary>
/// The base metrics of a CVSS v3.0 / v3.1 vector string (<c>CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H</c>), each
/// kept as its one-letter value. Temporal and environmental metrics may follow in the string (FIRST's spec allows
/// them); they are checked for form but do not change the base score, which is all the review uses.
/// </summary>
public sealed record CvssV3Vector(
    string Version,
    char AttackVector,
    char AttackComplexity,
    char PrivilegesRequired,
    char UserInteraction,
    char Scope,
    char Confidentiality,
    char Integrity,
    char Availability)
{
    /// <summary>Longer than any legal vector with every optional metric; a longer string is refused unread.</summary>
    public const int MaxLength = 200;

    private static readonly (string Name, string Values)[] BaseMetrics =
    [
        ("AV", "NALP"), ("AC", "LH"), ("PR", "NLH"), ("UI", "NR"), ("S", "UC"), ("C", "HLN"), ("I", "HLN"), ("A", "HLN"),
    ];

    /// <summary>The temporal and environmental metrics FIRST defines, with their legal values (X = not defined).</summary>
    private static readonly Dictionary<string, string> OptionalMetrics = new(StringComparer.Ordinal)
    {
        ["E"] = "XUPFH", ["RL"] = "XOTWU", ["RC"] = "XURC",
        ["CR"] = "XLMH", ["IR"] = "XLMH", ["AR"] = "XLMH",
        ["MAV"] = "XNALP", ["MAC"] = "XLH", ["MPR"] = "XNLH", ["MUI"] = "XNR", ["MS"] = "XUC",
        ["MC"] = "XNLH", ["MI"] = "XNLH", ["MA"] = "XNLH",
    };

    /// <summary>Parses a vector string; <paramref name="error"/> says what is wrong with one that is not a CVSS v3 vector.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out CvssV3Vector? vector, [NotNullWhen(false)] out string? error)
    {
        vector = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "the CVSS vector is empty";
            return false;
        }

        if (text.Length > MaxLength)
        {
            error = $"the CVSS vector is {text.Length} characters long, more than the {MaxLength} a v3 vector can have";
            return false;
        }

        var parts = text.Split('/');
        var version = parts[0] switch
        {
            "CVSS:3.0" => "3.0",
            "CVSS:3.1" => "3.1",
            _ => null,
        };
        if (version is null)
        {
            error = $"'{Truncate(parts[0])}' is not a CVSS v3 prefix (expected CVSS:3.0 or CVSS:3.1)";
            return false;
        }

        var values = new Dictionary<string, char>(StringComparer.Ordinal);
        for (var i = 1; i < parts.Length; i++)
        {
            var colon = parts[i].IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon != parts[i].Length - 2)
            {
                error = $"'{Truncate(parts[i])}' is not a metric (expected NAME:VALUE with a one-letter value)";
                return false;
            }

            var name = parts[i][..colon];
            var value = parts[i][colon + 1];
            var legal = Array.Find(BaseMetrics, m => m.Name == name).Values ?? OptionalMetrics.GetValueOrDefault(name);
            if (legal is null)
            {
                error = $"'{Truncate(name)}' is not a CVSS v3 metric";
                return false;
            }

            if (!legal.Contains(value, StringComparison.Ordinal))
            {
                error = $"{name}:{value} is not a legal value (expected one of {string.Join(", ", legal.ToCharArray())})";
                return false;
            }

            if (!values.TryAdd(name, value))
            {
                error = $"the metric {name} appears twice";
                return false;
            }
        }

        var missing = BaseMetrics.Where(m => !values.ContainsKey(m.Name)).Select(m => m.Name).ToList();
        if (missing.Count > 0)
        {
            error = $"the base metric{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)} {(missing.Count > 1 ? "are" : "is")} missing";
            return false;
        }

        vector = new CvssV3Vector(version, values["AV"], values["AC"], values["PR"], values["UI"], values["S"], values["C"], values["I"], values["A"]);
        error = null;
        return true;
    }

    /// <summary>The base score (0.0–10.0) by FIRST's equations for this vector's version.</summary>
    public double BaseScore => CvssV3.BaseScore(this);

    private static string Truncate(string text) => text.Length <= 20 ? text : text[..20] + "…";
}
