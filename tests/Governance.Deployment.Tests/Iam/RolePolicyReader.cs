using System.Text.RegularExpressions;
using Governance.Deployment.Tests.Template;

namespace Governance.Deployment.Tests.Iam;

/// <summary>Reads the statements of the role a template function runs with (its Role: !GetAtt X.Arn).</summary>
public static partial class RolePolicyReader
{
    public const string SampleAccount = "123456789012";
    public const string SampleRegion = "us-east-1";

    // The ARN each resource type's Ref or GetAtt Arn yields, with {Id} standing for the logical id's physical name.
    private static readonly Dictionary<(string Type, string Attribute), string> ArnShapes = new()
    {
        [("AWS::SNS::Topic", "Ref")] = "arn:aws:sns:{Region}:{Account}:{Id}",
        [("AWS::SNS::Topic", "TopicArn")] = "arn:aws:sns:{Region}:{Account}:{Id}",
        [("AWS::SQS::Queue", "Arn")] = "arn:aws:sqs:{Region}:{Account}:{Id}",
        [("AWS::DynamoDB::Table", "Arn")] = "arn:aws:dynamodb:{Region}:{Account}:table/{Id}",
        [("AWS::KMS::Key", "Arn")] = "arn:aws:kms:{Region}:{Account}:key/{Id}",
        [("AWS::Logs::LogGroup", "Arn")] = "arn:aws:logs:{Region}:{Account}:log-group:{Id}:*",
        [("AWS::CodeArtifact::Domain", "Arn")] = "arn:aws:codeartifact:{Region}:{Account}:domain/{Id}",
        [("AWS::CodeArtifact::Repository", "Arn")] = "arn:aws:codeartifact:{Region}:{Account}:repository/{Domain}/{Id}",
        [("AWS::SSM::Parameter", "Arn")] = "arn:aws:ssm:{Region}:{Account}:parameter/{Id}",
    };

    public static string RoleOf(SamTemplate template, string functionLogicalId)
    {
        var role = template.FunctionProperty(functionLogicalId, "Role");
        if (role is Dictionary<string, object?> getAtt
            && getAtt.GetValueOrDefault("Fn::GetAtt") is List<object?> { Count: 2 } parts
            && Equals(parts[1], "Arn") && parts[0] is string roleId)
        {
            return roleId;
        }

        throw new InvalidOperationException(
            $"{functionLogicalId}: Role must be !GetAtt <RoleInThisTemplate>.Arn so its policy can be checked (SAM's generated role attaches managed policies on Resource '*').");
    }

    /// <param name="parameterSamples">
    /// Values for template parameters that appear in ARNs (for example an SSM parameter name), so the ARN shape is
    /// the one AWS would see; parameters without a sample stay as {Name}.
    /// </param>
    public static IReadOnlyList<PolicyStatement> StatementsOf(
        SamTemplate template, string roleLogicalId, IReadOnlyDictionary<string, string>? parameterSamples = null)
    {
        parameterSamples ??= new Dictionary<string, string>();
        var role = template.Resource(roleLogicalId);
        var properties = SamTemplate.PropertiesOf(role);
        if (properties.ContainsKey("ManagedPolicyArns"))
        {
            throw new InvalidOperationException($"{roleLogicalId}: managed policies cannot be checked statement by statement; use inline Policies.");
        }

        var statements = new List<PolicyStatement>();
        foreach (var policy in AsList(properties.GetValueOrDefault("Policies")).OfType<Dictionary<string, object?>>())
        {
            var document = policy.GetValueOrDefault("PolicyDocument") as Dictionary<string, object?> ?? [];
            foreach (var entry in AsList(document.GetValueOrDefault("Statement")).OfType<Dictionary<string, object?>>())
            {
                if (DeployedStatement(template, entry, parameterSamples) is { } statement)
                {
                    statements.Add(Read(template, statement, parameterSamples));
                }
            }
        }

        return statements;
    }

    /// <summary>
    /// A statement as deployed with the sample parameters: a statement under <c>Fn::If</c> is the branch its condition
    /// picks, and nothing when that branch is <c>AWS::NoValue</c>.
    /// </summary>
    private static Dictionary<string, object?>? DeployedStatement(
        SamTemplate template, Dictionary<string, object?> entry, IReadOnlyDictionary<string, string> parameterSamples)
    {
        if (entry.Count != 1 || !entry.TryGetValue("Fn::If", out var argument))
        {
            return entry;
        }

        var branches = AsList(argument);
        var condition = new IntrinsicResolver(template, parameterSamples, SampleAccount, SampleRegion).Condition((string)branches[0]!);
        var chosen = branches[condition ? 1 : 2] as Dictionary<string, object?>;
        return chosen is { Count: 1 } noValue && noValue.TryGetValue("Ref", out var name) && name as string == "AWS::NoValue" ? null : chosen;
    }

    private static PolicyStatement Read(
        SamTemplate template, Dictionary<string, object?> statement, IReadOnlyDictionary<string, string> parameterSamples)
    {
        var line = template.Document.LineOf(statement);
        var actions = AsList(statement.GetValueOrDefault("Action")).Select(a => a as string ?? throw new FormatException(
            $"template.yaml line {line}: actions must be literal strings.")).ToList();
        var resources = AsList(statement.GetValueOrDefault("Resource")).Select(r => ArnShape(template, r, parameterSamples)).ToList();
        return new PolicyStatement(
            statement.GetValueOrDefault("Sid") as string ?? string.Empty,
            statement.GetValueOrDefault("Effect") as string ?? string.Empty,
            actions,
            resources,
            statement.ContainsKey("Condition"),
            HasCommentAbove(template.Document.SourceLines, line),
            line);
    }

    /// <summary>A comment directly above the statement (the statement's first line is "- Sid: ...").</summary>
    private static bool HasCommentAbove(IReadOnlyList<string> lines, int statementLine) =>
        statementLine >= 2 && lines[statementLine - 2].TrimStart().StartsWith('#');

    public static string ArnShape(SamTemplate template, object? resource, IReadOnlyDictionary<string, string> parameterSamples)
    {
        switch (resource)
        {
            case string literal:
                return literal;
            case Dictionary<string, object?> map when map.TryGetValue("Fn::Sub", out var sub) && sub is string text:
                return Substitute(template, text, new Dictionary<string, object?>(), parameterSamples);
            case Dictionary<string, object?> map when map.TryGetValue("Fn::Sub", out var sub) && sub is List<object?> { Count: 2 } form
                && form[0] is string text && form[1] is Dictionary<string, object?> variables:
                return Substitute(template, text, variables, parameterSamples);
            case Dictionary<string, object?> map when map.TryGetValue("Fn::If", out var argument) && argument is List<object?> { Count: 3 } branches:
                var condition = new IntrinsicResolver(template, parameterSamples, SampleAccount, SampleRegion).Condition((string)branches[0]!);
                return ArnShape(template, branches[condition ? 1 : 2], parameterSamples);
            case Dictionary<string, object?> map when map.TryGetValue("Ref", out var reference) && reference is string id:
                return template.Resources.ContainsKey(id) ? Shape(template, id, "Ref") : Placeholder(id, parameterSamples);
            case Dictionary<string, object?> map when map.GetValueOrDefault("Fn::GetAtt") is List<object?> { Count: 2 } parts:
                // A name attribute inside an ARN (a created domain or repository) stays a placeholder, as in Fn::Sub.
                return parts[1] is "Name" ? $"{{{parts[0]}.Name}}" : Shape(template, (string)parts[0]!, (string)parts[1]!);
            default:
                throw new FormatException($"A policy resource the test cannot render: {resource}.");
        }
    }

    /// <summary>
    /// Fn::Sub as the ARN would read: a variable of the Sub's own map is rendered like a resource (so an Fn::If in it
    /// picks its deployed branch), <c>${Resource.Arn}</c> becomes that resource's ARN shape, a resource's name
    /// attribute stays <c>{Resource.Name}</c>, and a parameter takes its sample value.
    /// </summary>
    private static string Substitute(
        SamTemplate template, string text, Dictionary<string, object?> variables, IReadOnlyDictionary<string, string> parameterSamples) =>
        SubPattern().Replace(text, m =>
        {
            var name = m.Groups[1].Value;
            if (variables.TryGetValue(name, out var value))
            {
                return ArnShape(template, value, parameterSamples);
            }

            var dot = name.IndexOf('.', StringComparison.Ordinal);
            if (dot > 0 && !name.StartsWith("AWS::", StringComparison.Ordinal) && template.Resources.TryGetValue(name[..dot], out var resource)
                && ArnShapes.ContainsKey(((string)resource["Type"]!, name[(dot + 1)..])))
            {
                return Shape(template, name[..dot], name[(dot + 1)..]);
            }

            return Placeholder(name, parameterSamples);
        });

    private static string Placeholder(string name, IReadOnlyDictionary<string, string> parameterSamples) => name switch
    {
        "AWS::NoValue" => throw new FormatException("AWS::NoValue cannot stand in an ARN."),
        "AWS::Partition" => "aws",
        "AWS::Region" => SampleRegion,
        "AWS::AccountId" => SampleAccount,
        _ when parameterSamples.TryGetValue(name, out var sample) => sample,
        _ => $"{{{name}}}",
    };

    private static string Shape(SamTemplate template, string logicalId, string attribute)
    {
        var type = (string)template.Resource(logicalId)["Type"]!;
        if (!ArnShapes.TryGetValue((type, attribute), out var shape))
        {
            throw new FormatException($"{logicalId}.{attribute} ({type}) is not a resource ARN the test knows.");
        }

        return shape.Replace("{Region}", SampleRegion, StringComparison.Ordinal)
            .Replace("{Account}", SampleAccount, StringComparison.Ordinal)
            .Replace("{Id}", $"{{{logicalId}}}", StringComparison.Ordinal);
    }

    private static List<object?> AsList(object? value) => value switch
    {
        null => [],
        List<object?> list => list,
        _ => [value],
    };

    [GeneratedRegex(@"\$\{([^}!]+)\}")]
    private static partial Regex SubPattern();
}
