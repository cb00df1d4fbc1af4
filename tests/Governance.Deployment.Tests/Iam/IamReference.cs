using System.Text.Json;
using System.Text.RegularExpressions;
using Governance.TestSupport;

namespace Governance.Deployment.Tests.Iam;

/// <summary>
/// AWS's table of actions and the resource types each acts on (the Service Authorization Reference), as cfn-lint
/// ships it (data/AdditionalSpecs/Policies.json). An independent source: it tells which resource ARNs an action
/// can be scoped to and which actions have no narrower resource than '*'.
/// </summary>
public sealed class IamReference
{
    private readonly Dictionary<string, ServiceEntry> _services;

    private IamReference(Dictionary<string, ServiceEntry> services) => _services = services;

    private sealed record ServiceEntry(
        Dictionary<string, IReadOnlyList<string>> Actions,
        Dictionary<string, IReadOnlyList<Regex>> ResourceArns);

    public static async Task<IamReference> LoadFromCfnLintAsync()
    {
        var locate = await ProcessRunner.RunAsync(
            "python3",
            ["-c", "import cfnlint, os; print(os.path.join(os.path.dirname(cfnlint.__file__), 'data', 'AdditionalSpecs', 'Policies.json'))"],
            workingDirectory: RepositoryRoot.Path,
            timeout: TimeSpan.FromSeconds(60));
        if (locate.ExitCode != 0)
        {
            throw new InvalidOperationException($"cfn-lint's Python package was not found (pip install cfn-lint): {locate}");
        }

        await using var file = File.OpenRead(locate.StandardOutput.Trim());
        return Parse(await JsonDocument.ParseAsync(file));
    }

    public static IamReference Parse(JsonDocument document)
    {
        var services = new Dictionary<string, ServiceEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var service in document.RootElement.EnumerateObject())
        {
            var actions = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
            if (service.Value.TryGetProperty("Actions", out var actionTable))
            {
                foreach (var action in actionTable.EnumerateObject())
                {
                    actions[action.Name] = action.Value.TryGetProperty("Resources", out var types)
                        ? types.EnumerateArray().Select(t => t.GetString()!).ToList()
                        : [];
                }
            }

            var arns = new Dictionary<string, IReadOnlyList<Regex>>(StringComparer.OrdinalIgnoreCase);
            if (service.Value.TryGetProperty("Resources", out var resourceTable))
            {
                foreach (var type in resourceTable.EnumerateObject())
                {
                    arns[type.Name] = type.Value.GetProperty("ARNFormats").EnumerateArray()
                        .Select(f => ArnFormatToRegex(f.GetString()!)).ToList();
                }
            }

            services[service.Name] = new ServiceEntry(actions, arns);
        }

        return new IamReference(services);
    }

    public bool Knows(string action) => TryResourceTypes(action, out _);

    /// <summary>The resource types the action takes; empty when AWS only accepts '*' for it.</summary>
    public IReadOnlyList<string> ResourceTypesOf(string action) =>
        TryResourceTypes(action, out var types) ? types : throw new KeyNotFoundException($"Unknown IAM action {action}.");

    /// <summary>True when the ARN is of a resource type the action can be scoped to.</summary>
    public bool AcceptsResource(string action, string arn)
    {
        var service = action[..action.IndexOf(':', StringComparison.Ordinal)];
        return ResourceTypesOf(action).Any(type =>
            _services[service].ResourceArns.TryGetValue(type, out var formats) && formats.Any(f => f.IsMatch(arn)));
    }

    private bool TryResourceTypes(string action, out IReadOnlyList<string> types)
    {
        types = [];
        var colon = action.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !_services.TryGetValue(action[..colon], out var service))
        {
            return false;
        }

        if (!service.Actions.TryGetValue(action[(colon + 1)..], out var found))
        {
            return false;
        }

        types = found;
        return true;
    }

    // "arn:${Partition}:sqs:${Region}:${Account}:${QueueName}" or "...:package/.*": the ${...} parts are names.
    private static Regex ArnFormatToRegex(string format)
    {
        var pattern = Regex.Replace(format, @"\$\{[^}]+\}", "[^:]+");
        return new Regex("^" + pattern + "$", RegexOptions.CultureInvariant);
    }
}
