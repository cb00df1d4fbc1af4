using System.Globalization;
using System.Runtime.CompilerServices;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Governance.Deployment.Tests.Template;

/// <summary>
/// A CloudFormation YAML document as plain data: mappings are <see cref="Dictionary{TKey,TValue}"/> (string keys),
/// sequences are <see cref="List{T}"/>, scalars are string, bool, long, double or null (YAML core schema for plain
/// scalars; quoted scalars stay strings). Short-form intrinsic tags become their long form, as CloudFormation reads
/// them: <c>!Ref X</c> → <c>{"Ref": "X"}</c>, <c>!GetAtt A.B</c> → <c>{"Fn::GetAtt": ["A", "B"]}</c>,
/// <c>!Sub s</c> → <c>{"Fn::Sub": "s"}</c>, and so on.
/// </summary>
public sealed class CloudFormationYaml
{
    private static readonly HashSet<string> FunctionTags = new(StringComparer.Ordinal)
    {
        "And", "Base64", "Cidr", "Equals", "FindInMap", "GetAZs", "If", "ImportValue", "Join", "Not", "Or",
        "Select", "Split", "Sub", "Transform", "Length", "ToJsonString",
    };

    private readonly ConditionalWeakTable<object, StrongBox<int>> _lines = new();

    private CloudFormationYaml(Dictionary<string, object?> root, IReadOnlyList<string> sourceLines)
    {
        Root = root;
        SourceLines = sourceLines;
    }

    public Dictionary<string, object?> Root { get; }

    /// <summary>The document's text, one entry per line (line 1 is index 0).</summary>
    public IReadOnlyList<string> SourceLines { get; }

    public static CloudFormationYaml Load(string path) => Parse(File.ReadAllText(path));

    public static CloudFormationYaml Parse(string text)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(text))
        {
            try
            {
                stream.Load(reader);
            }
            catch (YamlException e)
            {
                throw new FormatException($"Invalid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
            }
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode)
        {
            throw new FormatException("A CloudFormation template is exactly one YAML document whose root is a mapping.");
        }

        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var document = new CloudFormationYaml([], lines);
        var root = (Dictionary<string, object?>)document.Convert(stream.Documents[0].RootNode)!;
        foreach (var (key, value) in root)
        {
            document.Root[key] = value;
        }

        return document;
    }

    /// <summary>The 1-based line where a mapping or sequence of this document starts, or 0 if unknown.</summary>
    public int LineOf(object node) => _lines.TryGetValue(node, out var line) ? line.Value : 0;

    private object? Convert(YamlNode node)
    {
        var tag = node.Tag.IsEmpty ? null : node.Tag.Value;
        if (tag is not null && tag.StartsWith('!') && tag.Length > 1 && !tag.StartsWith("!!", StringComparison.Ordinal))
        {
            return ConvertShortForm(tag[1..], node);
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                return ConvertMapping(mapping);
            case YamlSequenceNode sequence:
                var list = sequence.Children.Select(Convert).ToList();
                _lines.Add(list, new StrongBox<int>((int)sequence.Start.Line));
                return list;
            case YamlScalarNode scalar:
                return scalar.Style is ScalarStyle.Plain && tag is null ? TypePlainScalar(scalar.Value) : scalar.Value;
            default:
                throw new FormatException($"Line {node.Start.Line}: unsupported YAML node {node.NodeType}.");
        }
    }

    private Dictionary<string, object?> ConvertMapping(YamlMappingNode mapping)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            var name = key is YamlScalarNode scalarKey
                ? scalarKey.Value ?? string.Empty
                : throw new FormatException($"Line {key.Start.Line}: mapping keys must be scalars.");
            if (!map.TryAdd(name, Convert(value)))
            {
                throw new FormatException($"Line {key.Start.Line}: duplicate key '{name}'.");
            }
        }

        _lines.Add(map, new StrongBox<int>((int)mapping.Start.Line));
        return map;
    }

    private object ConvertShortForm(string name, YamlNode node)
    {
        var content = ConvertUntagged(node);
        object result = name switch
        {
            "Ref" => new Dictionary<string, object?> { ["Ref"] = content },
            "Condition" => new Dictionary<string, object?> { ["Condition"] = content },
            "GetAtt" when content is string dotted => new Dictionary<string, object?>
            {
                ["Fn::GetAtt"] = SplitGetAtt(dotted, node),
            },
            "GetAtt" => new Dictionary<string, object?> { ["Fn::GetAtt"] = content },
            _ when FunctionTags.Contains(name) => new Dictionary<string, object?> { ["Fn::" + name] = content },
            _ => throw new FormatException($"Line {node.Start.Line}: unknown CloudFormation tag '!{name}'."),
        };
        _lines.Add(result, new StrongBox<int>((int)node.Start.Line));
        return result;
    }

    private object? ConvertUntagged(YamlNode node) => node switch
    {
        YamlScalarNode scalar => scalar.Style is ScalarStyle.Plain ? TypePlainScalar(scalar.Value) : scalar.Value,
        YamlSequenceNode sequence => Track(sequence.Children.Select(Convert).ToList(), sequence),
        YamlMappingNode mapping => ConvertMapping(mapping),
        _ => throw new FormatException($"Line {node.Start.Line}: unsupported YAML node {node.NodeType}."),
    };

    private List<object?> Track(List<object?> list, YamlNode node)
    {
        _lines.Add(list, new StrongBox<int>((int)node.Start.Line));
        return list;
    }

    private static List<object?> SplitGetAtt(string dotted, YamlNode node)
    {
        var dot = dotted.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == dotted.Length - 1)
        {
            throw new FormatException($"Line {node.Start.Line}: !GetAtt '{dotted}' must be Resource.Attribute.");
        }

        return [dotted[..dot], dotted[(dot + 1)..]];
    }

    private static object? TypePlainScalar(string? value)
    {
        switch (value)
        {
            case null or "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return integer;
        }

        if (value.Any(char.IsDigit)
            && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return real;
        }

        return value;
    }
}
