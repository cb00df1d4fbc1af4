using Governance.Deployment.Tests.Template;

namespace Governance.Deployment.Tests.Iam;

/// <summary>An action a function's role needs although the function's code does not call it, and why.</summary>
public sealed record ImpliedAction(string Action, string Reason);

/// <summary>
/// What a function's role must grant: the actions its code calls, plus the actions the deployment makes the role
/// perform on the code's behalf. The second set is derived from the template and the code's actions (never typed per
/// function), so adding an SQS event or encrypting a topic changes the expectation by itself.
/// </summary>
public static class DeploymentPermissions
{
    public static IReadOnlyList<ImpliedAction> ImpliedBy(SamTemplate template, string functionLogicalId, IReadOnlySet<string> codeActions)
    {
        var implied = new List<ImpliedAction>
        {
            // Lambda writes the function's stdout/stderr to its log group with the function's role.
            new("logs:CreateLogStream", "Lambda writes the function's logs with its role"),
            new("logs:PutLogEvents", "Lambda writes the function's logs with its role"),
        };

        var events = template.FunctionProperty(functionLogicalId, "Events") as Dictionary<string, object?> ?? [];
        if (events.Values.OfType<Dictionary<string, object?>>().Any(e => Equals(e.GetValueOrDefault("Type"), "SQS")))
        {
            const string poller = "the SQS event source mapping polls the queue with the function's role";
            implied.Add(new("sqs:ReceiveMessage", poller));
            implied.Add(new("sqs:DeleteMessage", poller));
            implied.Add(new("sqs:GetQueueAttributes", poller));
        }

        var encryptedTopics = template.ResourcesOfType("AWS::SNS::Topic")
            .Any(t => SamTemplate.PropertiesOf(template.Resource(t)).ContainsKey("KmsMasterKeyId"));
        if (codeActions.Contains("sns:Publish") && encryptedTopics)
        {
            const string sse = "publishing to an SSE-KMS topic needs a data key from the topic's key";
            implied.Add(new("kms:GenerateDataKey", sse));
            implied.Add(new("kms:Decrypt", sse));
        }

        if (codeActions.Contains("ssm:GetParameter"))
        {
            implied.Add(new("kms:Decrypt", "reading a SecureString parameter decrypts it with its KMS key"));
        }

        return implied;
    }

    public static IReadOnlySet<string> Required(SamTemplate template, string functionLogicalId, IReadOnlySet<string> codeActions)
    {
        var required = new HashSet<string>(codeActions, StringComparer.OrdinalIgnoreCase);
        required.UnionWith(ImpliedBy(template, functionLogicalId, codeActions).Select(i => i.Action));
        return required;
    }
}
