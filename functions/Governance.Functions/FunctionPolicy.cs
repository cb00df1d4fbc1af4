using Governance.Core.Policy;

namespace Governance.Functions;

/// <summary>
/// The policy a function runs under: <c>GOVERNANCE_POLICY_FILE</c>, else <c>governance.yaml</c> packaged in the task
/// root, else the built-in default; then the deployment's overrides (<c>GOVERNANCE_MODE</c>,
/// <c>GOVERNANCE_QUARANTINE_STATUS</c>), which the SAM template sets from its parameters so that moving from audit to
/// enforce is a parameter change, not a new build.
/// </summary>
public static class FunctionPolicy
{
    public static GovernancePolicy Load(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var path = environment("GOVERNANCE_POLICY_FILE");
        if (string.IsNullOrEmpty(path))
        {
            var taskRoot = environment("LAMBDA_TASK_ROOT") ?? AppContext.BaseDirectory;
            var packaged = Path.Combine(taskRoot, "governance.yaml");
            path = File.Exists(packaged) ? packaged : null;
        }

        GovernancePolicy policy;
        if (path is null)
        {
            policy = DefaultPolicy.Policy;
        }
        else
        {
            var loaded = PolicyLoader.Load(path);
            policy = loaded.Policy ?? throw new FunctionConfigurationException(
                "the policy file is invalid: " + string.Join("; ", loaded.Errors.Select(e => e.ToString())));
        }

        var overridden = policy.WithEnvironmentOverrides(environment("GOVERNANCE_MODE"), environment("GOVERNANCE_QUARANTINE_STATUS"));
        return overridden.Policy ?? throw new FunctionConfigurationException(overridden.Error!);
    }
}
