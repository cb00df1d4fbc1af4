namespace Governance.Deployment.Tests.Iam;

/// <summary>
/// Compares what a function's role grants with what the function needs. The findings are sentences a reviewer can
/// act on; an empty list means: exactly the required actions, every resource scoped to this stack's ARNs and of a
/// resource type the action takes, and Resource '*' only for actions AWS offers no narrower resource for, explained
/// by a comment in the template.
/// </summary>
public static class FunctionPolicyAudit
{
    public static IReadOnlyList<string> Audit(
        string function,
        IReadOnlySet<string> requiredActions,
        IReadOnlyList<PolicyStatement> statements,
        IamReference iam)
    {
        var findings = new List<string>();
        var granted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        foreach (var statement in statements)
        {
            var where = $"{function}: statement '{statement.Sid}' (template.yaml line {statement.Line})";
            if (statement.Effect != "Allow")
            {
                findings.Add($"{where} has Effect '{statement.Effect}'; execution roles here only hold Allow statements.");
                continue;
            }

            foreach (var action in statement.Actions)
            {
                if (action.Contains('*', StringComparison.Ordinal))
                {
                    findings.Add($"{where} grants the wildcard action '{action}'; name each action the code calls.");
                    continue;
                }

                if (!iam.Knows(action))
                {
                    findings.Add($"{where} grants '{action}', which is not an IAM action AWS defines.");
                    continue;
                }

                granted.Add(action);
                foreach (var resource in statement.Resources)
                {
                    findings.AddRange(CheckResource(where, action, resource, statement, iam));
                }
            }

            if (statement.Resources.Count == 0)
            {
                findings.Add($"{where} has no Resource.");
            }
        }

        foreach (var missing in requiredActions.Where(a => !granted.Contains(a)).Order(StringComparer.Ordinal))
        {
            findings.Add($"{function}: the function needs '{missing}' but its role does not grant it.");
        }

        foreach (var extra in granted.Where(a => !requiredActions.Contains(a)).Order(StringComparer.Ordinal))
        {
            findings.Add($"{function}: the role grants '{extra}', which the function does not call; remove it.");
        }

        return findings;
    }

    private static IEnumerable<string> CheckResource(string where, string action, string resource, PolicyStatement statement, IamReference iam)
    {
        if (resource == "*")
        {
            if (iam.ResourceTypesOf(action).Count > 0)
            {
                yield return $"{where} grants '{action}' on Resource '*', but AWS scopes it to {string.Join(" or ", iam.ResourceTypesOf(action))} ARNs: name this stack's resource.";
            }
            else if (!statement.HasExplainingComment)
            {
                yield return $"{where} grants '{action}' on Resource '*' (AWS has no narrower resource): add a comment above the statement saying so.";
            }

            yield break;
        }

        if (!ArnScope.IsScoped(resource, statement.HasCondition, out var why))
        {
            yield return $"{where}: resource '{resource}' is not scoped: {why}";
        }

        if (!iam.AcceptsResource(action, resource))
        {
            yield return $"{where}: '{action}' does not act on '{resource}'; it takes {string.Join(" or ", iam.ResourceTypesOf(action))} ARNs.";
        }
    }
}

/// <summary>Whether an ARN names this stack's resources rather than a whole service, region or account.</summary>
public static class ArnScope
{
    public static bool IsScoped(string arn, bool hasCondition, out string why)
    {
        var parts = arn.Split(':', 6);
        if (parts.Length < 6 || parts[0] != "arn")
        {
            why = "it is not an ARN (a resource policy statement names ARNs).";
            return false;
        }

        if (parts[1..5].Any(p => p.Contains('*', StringComparison.Ordinal)))
        {
            why = "partition, service, region and account must be exact.";
            return false;
        }

        var resource = parts[5];
        var separator = resource.IndexOfAny(['/', ':']);
        var name = separator >= 0 ? resource[(separator + 1)..] : resource;
        if (name.Length == 0 || name.All(c => c is '*' or '/' or ':' or '?'))
        {
            if (hasCondition)
            {
                why = string.Empty;
                return true;
            }

            why = "every resource of the type matches; name the resource, or narrow the statement with a Condition.";
            return false;
        }

        why = string.Empty;
        return true;
    }
}
