using System.Text.RegularExpressions;

namespace Governance.Deployment.Tests.Template;

/// <summary>
/// Evaluates the intrinsic functions this template uses (Ref, Fn::GetAtt of names, Fn::Sub, Fn::If, Fn::Equals,
/// Fn::Not, Fn::And, Fn::Or) for a given set of parameter values, the way CloudFormation would at deploy time, so a test can look at
/// e.g. the EventBridge pattern as AWS will see it. Anything it cannot evaluate is an error, not a guess.
/// </summary>
public sealed partial class IntrinsicResolver
{
    // GetAtt attributes that are a resource's own name, read from the property that sets it.
    private static readonly Dictionary<(string Type, string Attribute), string> NameAttributes = new()
    {
        [("AWS::CodeArtifact::Domain", "Name")] = "DomainName",
        [("AWS::CodeArtifact::Repository", "Name")] = "RepositoryName",
        [("AWS::CodeArtifact::Repository", "DomainName")] = "DomainName",
    };

    private readonly SamTemplate _template;
    private readonly Dictionary<string, object?> _values;

    public IntrinsicResolver(SamTemplate template, IReadOnlyDictionary<string, string> parameterOverrides, string accountId, string region)
    {
        _template = template;
        var values = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["AWS::AccountId"] = accountId,
            ["AWS::Region"] = region,
            ["AWS::Partition"] = "aws",
            ["AWS::StackName"] = "codeartifact-governance",
            ["AWS::URLSuffix"] = "amazonaws.com",
        };
        foreach (var (name, parameter) in template.Parameters)
        {
            values[name] = parameterOverrides.TryGetValue(name, out var given) ? given : parameter.GetValueOrDefault("Default");
        }

        foreach (var name in parameterOverrides.Keys.Where(k => !template.Parameters.ContainsKey(k)))
        {
            throw new ArgumentException($"'{name}' is not a parameter of template.yaml.", nameof(parameterOverrides));
        }

        _values = values;
    }

    public object? Resolve(object? node)
    {
        switch (node)
        {
            case Dictionary<string, object?> map when map.Count == 1 && IsIntrinsic(map.Keys.First()):
                return ResolveIntrinsic(map.Keys.First(), map.Values.First());
            case Dictionary<string, object?> map:
                return map.ToDictionary(e => e.Key, e => Resolve(e.Value), StringComparer.Ordinal);
            case List<object?> list:
                return list.Select(Resolve).ToList();
            default:
                return node;
        }
    }

    public bool Condition(string name) =>
        _template.Conditions.TryGetValue(name, out var condition)
            ? Resolve(condition) is true
            : throw new KeyNotFoundException($"template.yaml has no condition '{name}'.");

    private static bool IsIntrinsic(string key) => key == "Ref" || key.StartsWith("Fn::", StringComparison.Ordinal);

    private object? ResolveIntrinsic(string function, object? argument)
    {
        switch (function)
        {
            case "Ref":
                return Ref((string)argument!);
            case "Fn::GetAtt":
                var parts = (List<object?>)argument!;
                return GetAtt((string)parts[0]!, (string)parts[1]!);
            case "Fn::Sub" when argument is List<object?> { Count: 2 } form:
                var variables = ((Dictionary<string, object?>)form[1]!).ToDictionary(e => e.Key, e => Resolve(e.Value), StringComparer.Ordinal);
                return Sub((string)form[0]!, variables);
            case "Fn::Sub":
                return Sub((string)argument!, new Dictionary<string, object?>());
            case "Fn::If":
                var branches = (List<object?>)argument!;
                return Resolve(Condition((string)branches[0]!) ? branches[1] : branches[2]);
            case "Fn::Equals":
                var pair = (List<object?>)argument!;
                return Equals(Stringify(Resolve(pair[0])), Stringify(Resolve(pair[1])));
            case "Fn::Not":
                return Resolve(((List<object?>)argument!)[0]) is not true;
            case "Fn::And":
                return ((List<object?>)argument!).All(c => Resolve(c) is true);
            case "Fn::Or":
                return ((List<object?>)argument!).Any(c => Resolve(c) is true);
            default:
                throw new NotSupportedException($"The test resolver does not evaluate {function}.");
        }
    }

    private object? Ref(string name)
    {
        if (_values.TryGetValue(name, out var value))
        {
            return value;
        }

        throw new NotSupportedException($"Ref {name}: only parameters and pseudo parameters resolve offline.");
    }

    private object? GetAtt(string logicalId, string attribute)
    {
        var resource = _template.Resource(logicalId);
        var type = (string)resource["Type"]!;
        if (resource.GetValueOrDefault("Condition") is string condition && !Condition(condition))
        {
            // CloudFormation refuses a reference to a resource its condition leaves out.
            throw new InvalidOperationException($"GetAtt {logicalId}.{attribute}: {logicalId} is not created in this deployment ({condition} is false).");
        }

        if (NameAttributes.TryGetValue((type, attribute), out var property))
        {
            return Resolve(SamTemplate.PropertiesOf(resource)[property]);
        }

        throw new NotSupportedException($"GetAtt {logicalId}.{attribute} ({type}) does not resolve offline.");
    }

    /// <summary>
    /// The descriptions of the template's Rules whose assertion fails for these parameters: what CloudFormation
    /// would refuse the deployment with. Empty when the parameters are accepted.
    /// </summary>
    public IReadOnlyList<string> FailedRuleAssertions()
    {
        var failed = new List<string>();
        var rules = _template.Document.Root.GetValueOrDefault("Rules") as Dictionary<string, object?> ?? [];
        foreach (var rule in rules.Values.OfType<Dictionary<string, object?>>())
        {
            if (rule.TryGetValue("RuleCondition", out var condition) && Resolve(condition) is not true)
            {
                continue;
            }

            foreach (var assertion in ((List<object?>)rule["Assertions"]!).OfType<Dictionary<string, object?>>())
            {
                if (Resolve(assertion["Assert"]) is not true)
                {
                    failed.Add(assertion.GetValueOrDefault("AssertDescription") as string ?? "(no description)");
                }
            }
        }

        return failed;
    }

    private string Sub(string text, Dictionary<string, object?> variables) => SubstitutionPattern().Replace(text, match =>
    {
        var name = match.Groups[1].Value;
        if (variables.TryGetValue(name, out var variable))
        {
            return Stringify(variable);
        }

        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var value = dot > 0 && !name.StartsWith("AWS::", StringComparison.Ordinal)
            ? GetAtt(name[..dot], name[(dot + 1)..])
            : Ref(name);
        return Stringify(value);
    });

    private static string Stringify(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new NotSupportedException($"Cannot use {value.GetType().Name} as text."),
    };

    [GeneratedRegex(@"\$\{([^}!]+)\}")]
    private static partial Regex SubstitutionPattern();
}
