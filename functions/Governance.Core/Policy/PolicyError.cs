namespace Governance.Core.Policy;

/// <summary>
/// One problem in a policy file: where it is (file, 1-based line and column), which key (a path such as
/// <c>licenses.unknown</c> or <c>waivers[0].expires</c>), and what is wrong and allowed there.
/// </summary>
public sealed record PolicyError(string File, int Line, int Column, string Key, string Message)
{
    /// <summary>Compiler-style: <c>governance.yaml:12:3: licenses.unknown: 'maybe' is not allowed; use quarantine or allow</c>.</summary>
    public override string ToString() => Key.Length == 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}:{Line}:{Column}: {Key}: {Message}";
}

/// <summary>A loaded policy, or every error found in the file (never both).</summary>
public sealed record PolicyLoadResult(GovernancePolicy? Policy, IReadOnlyList<PolicyError> Errors)
{
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Policy))]
    public bool Success => Policy is not null;
}
