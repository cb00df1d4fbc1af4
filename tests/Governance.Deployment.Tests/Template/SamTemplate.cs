using Governance.TestSupport;

namespace Governance.Deployment.Tests.Template;

/// <summary>Typed access to the parts of template.yaml the deployment tests look at.</summary>
public sealed class SamTemplate
{
    public const string ServerlessFunctionType = "AWS::Serverless::Function";

    private SamTemplate(CloudFormationYaml document) => Document = document;

    public CloudFormationYaml Document { get; }

    public static SamTemplate LoadFromRepository() => new(CloudFormationYaml.Load(RepositoryRoot.File("template.yaml")));

    public static SamTemplate Parse(string yaml) => new(CloudFormationYaml.Parse(yaml));

    public IReadOnlyDictionary<string, Dictionary<string, object?>> Parameters => Section("Parameters");

    public IReadOnlyDictionary<string, Dictionary<string, object?>> Resources => Section("Resources");

    public IReadOnlyDictionary<string, Dictionary<string, object?>> Conditions => Section("Conditions");

    public IReadOnlyDictionary<string, Dictionary<string, object?>> Outputs => Section("Outputs");

    public Dictionary<string, object?> Globals =>
        Document.Root.TryGetValue("Globals", out var globals) && globals is Dictionary<string, object?> map ? map : [];

    public IEnumerable<string> ResourcesOfType(string type) =>
        Resources.Where(r => Equals(r.Value.GetValueOrDefault("Type"), type)).Select(r => r.Key);

    public Dictionary<string, object?> Resource(string logicalId) =>
        Resources.TryGetValue(logicalId, out var resource)
            ? resource
            : throw new KeyNotFoundException($"template.yaml has no resource '{logicalId}'.");

    public static Dictionary<string, object?> PropertiesOf(Dictionary<string, object?> resource) =>
        resource.GetValueOrDefault("Properties") as Dictionary<string, object?> ?? [];

    /// <summary>A function property, falling back to Globals.Function as SAM does.</summary>
    public object? FunctionProperty(string logicalId, string property)
    {
        var properties = PropertiesOf(Resource(logicalId));
        if (properties.TryGetValue(property, out var value))
        {
            return value;
        }

        return Globals.GetValueOrDefault("Function") is Dictionary<string, object?> function
            ? function.GetValueOrDefault(property)
            : null;
    }

    /// <summary>The function's environment variables (literal values only; intrinsics are returned as they are).</summary>
    public IReadOnlyDictionary<string, object?> EnvironmentOf(string logicalId) =>
        FunctionProperty(logicalId, "Environment") is Dictionary<string, object?> environment
        && environment.GetValueOrDefault("Variables") is Dictionary<string, object?> variables
            ? variables
            : new Dictionary<string, object?>();

    private Dictionary<string, Dictionary<string, object?>> Section(string name)
    {
        if (!Document.Root.TryGetValue(name, out var section) || section is null)
        {
            return [];
        }

        if (section is not Dictionary<string, object?> map)
        {
            throw new FormatException($"template.yaml: {name} must be a mapping.");
        }

        return map.ToDictionary(
            e => e.Key,
            e => e.Value as Dictionary<string, object?>
                ?? throw new FormatException($"template.yaml: {name}.{e.Key} must be a mapping."),
            StringComparer.Ordinal);
    }
}
