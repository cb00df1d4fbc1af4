using Governance.Core.Policy;

namespace Governance.Core.Licenses;

/// <summary>How a license (or a whole expression) stands against the policy, worst first.</summary>
public enum LicenseStanding
{
    /// <summary>Listed in the policy's deny list (deny wins over allow).</summary>
    Denied,
    /// <summary>A known SPDX license (or exception) the policy does not allow.</summary>
    NotAllowed,
    /// <summary>A license text or id the policy cannot judge.</summary>
    Unknown,
    /// <summary>The version declares no license.</summary>
    Missing,
    Allowed,
}

/// <summary>One license leaf of the expression with its standing, for evidence.</summary>
public sealed record LicenseLeafStanding(string License, LicenseStanding Standing);

/// <summary>
/// The license verdict for one version: the combined expression, its standing, each leaf's standing, and the
/// declared texts that could not be understood.
/// </summary>
public sealed record LicenseEvaluation(
    IReadOnlyList<string> Declared,
    SpdxExpression? Expression,
    LicenseStanding Standing,
    IReadOnlyList<LicenseLeafStanding> Leaves,
    IReadOnlyList<string> UnrecognisedTexts)
{
    public bool Passes(LicenseFallback unknown, LicenseFallback missing) => Standing switch
    {
        LicenseStanding.Allowed => true,
        LicenseStanding.Unknown => unknown == LicenseFallback.Allow,
        LicenseStanding.Missing => missing == LicenseFallback.Allow,
        _ => false,
    };
}

/// <summary>
/// Evaluates declared licenses against the policy. Several declared entries combine as AND (CodeArtifact returns a
/// list; each applies). <c>OR</c> takes its best branch, <c>AND</c> its worst; a <c>WITH</c> exception must itself be
/// allowed. When the policy allows unknown licenses, an unknown branch counts as allowed inside the expression, so
/// <c>GPL-3.0-only AND Foo</c> still fails on GPL.
/// </summary>
public sealed class LicenseEvaluator(LicenseNameNormalizer normalizer)
{
    public static LicenseEvaluator Default { get; } = new(LicenseNameNormalizer.Default);

    public LicenseEvaluation Evaluate(IReadOnlyList<string> declared, LicensePolicy policy, string format)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(policy);
        var texts = declared.Where(d => !string.IsNullOrWhiteSpace(d)).ToList();
        if (texts.Count == 0)
        {
            return new LicenseEvaluation(declared, null, LicenseStanding.Missing, [], []);
        }
        var unknownAllowed = policy.UnknownFor(format) == LicenseFallback.Allow;
        SpdxExpression? combined = null;
        var unrecognised = new List<string>();
        foreach (var text in texts)
        {
            var normalised = normalizer.Normalize(text);
            if (normalised.Expression is null)
            {
                unrecognised.Add(text);
                continue;
            }
            combined = combined is null ? normalised.Expression : new SpdxAnd(combined, normalised.Expression);
        }
        var leaves = new List<LicenseLeafStanding>();
        var standing = combined is null ? LicenseStanding.Unknown : Evaluate(combined, policy, unknownAllowed, leaves);
        if (unrecognised.Count > 0)
        {
            // An unrecognised entry is one more AND operand of unknown standing.
            leaves.AddRange(unrecognised.Select(t => new LicenseLeafStanding(t, LicenseStanding.Unknown)));
            standing = Worst(standing, LicenseStanding.Unknown);
        }
        return new LicenseEvaluation(declared, combined, standing, leaves, unrecognised);
    }

    private static LicenseStanding Evaluate(SpdxExpression expression, LicensePolicy policy, bool unknownAllowed, List<LicenseLeafStanding> leaves)
    {
        switch (expression)
        {
            case SpdxOr or:
                return Best(Evaluate(or.Left, policy, unknownAllowed, leaves), Evaluate(or.Right, policy, unknownAllowed, leaves), unknownAllowed);
            case SpdxAnd and:
                return Worst(Evaluate(and.Left, policy, unknownAllowed, leaves), Evaluate(and.Right, policy, unknownAllowed, leaves));
            case SpdxWith with:
                var license = LeafStanding(with.License, policy);
                var exception = ExceptionStanding(with, policy);
                leaves.Add(new LicenseLeafStanding(with.License.ToString(), license));
                leaves.Add(new LicenseLeafStanding(with.ExceptionId, exception));
                return Worst(license, exception);
            case SpdxLicenseReference leaf:
                var standing = LeafStanding(leaf, policy);
                leaves.Add(new LicenseLeafStanding(leaf.ToString(), standing));
                return standing;
            default:
                return LicenseStanding.Unknown;
        }
    }

    private static LicenseStanding LeafStanding(SpdxLicenseReference leaf, LicensePolicy policy)
    {
        bool Listed(IReadOnlyList<string> patterns) =>
            patterns.Any(p => Glob.Matches(p, leaf.Id) || (leaf.OrLater && Glob.Matches(p, leaf.Id + "+")));
        if (Listed(policy.Deny))
        {
            return LicenseStanding.Denied;
        }
        if (Listed(policy.Allow))
        {
            return LicenseStanding.Allowed;
        }
        // An id SPDX does not know (or a LicenseRef the policy does not list) cannot be judged.
        return leaf.IsListed ? LicenseStanding.NotAllowed : LicenseStanding.Unknown;
    }

    private static LicenseStanding ExceptionStanding(SpdxWith with, LicensePolicy policy)
    {
        if (policy.AllowedExceptions.Any(p => Glob.Matches(p, with.ExceptionId)))
        {
            return LicenseStanding.Allowed;
        }
        return with.IsListedException ? LicenseStanding.NotAllowed : LicenseStanding.Unknown;
    }

    private static LicenseStanding Worst(LicenseStanding a, LicenseStanding b) => a < b ? a : b;

    private static LicenseStanding Best(LicenseStanding a, LicenseStanding b, bool unknownAllowed)
    {
        // With unknown licenses allowed, an unknown branch is as good as an allowed one for OR.
        LicenseStanding Rank(LicenseStanding s) => unknownAllowed && s == LicenseStanding.Unknown ? LicenseStanding.Allowed : s;
        return Rank(a) >= Rank(b) ? a : b;
    }
}
