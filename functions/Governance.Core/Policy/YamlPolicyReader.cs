using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Governance.Core.Policy;

/// <summary>
/// Typed reads over YamlDotNet's representation model that record an error (with the node's line and column) instead
/// of throwing, so one pass reports every problem in the file.
/// </summary>
internal sealed class YamlPolicyReader(string file)
{
    private readonly List<PolicyError> _errors = [];

    public IReadOnlyList<PolicyError> Errors => _errors;

    public void Error(YamlNode? node, string key, string message) =>
        _errors.Add(new PolicyError(file, LineOf(node), ColumnOf(node), key, message));

    // A default Mark (the start of the file, or no position at all) has line and column 0; errors are 1-based.
    public void Error(Mark mark, string key, string message) =>
        _errors.Add(new PolicyError(file, Math.Max(1, (int)mark.Line), Math.Max(1, (int)mark.Column), key, message));

    /// <summary>The mapping's entries by key; reports keys that are not in <paramref name="allowed"/>.</summary>
    public Dictionary<string, YamlNode> Entries(YamlMappingNode mapping, string path, IReadOnlyList<string> allowed)
    {
        var entries = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            var keyPath = Join(path, key);
            if (!allowed.Contains(key))
            {
                Error(keyNode, keyPath, $"unknown key '{key}'; allowed here: {string.Join(", ", allowed)}");
                continue;
            }
            entries[key] = value;
        }
        return entries;
    }

    public YamlMappingNode? Mapping(YamlNode node, string key)
    {
        if (node is YamlMappingNode mapping)
        {
            return mapping;
        }
        Error(node, key, $"must be a mapping (key: value lines), found {Describe(node)}");
        return null;
    }

    public string? Scalar(YamlNode node, string key, string expected)
    {
        if (node is YamlScalarNode scalar && !IsNull(scalar))
        {
            return scalar.Value!;
        }
        Error(node, key, $"must be {expected}, found {Describe(node)}");
        return null;
    }

    public string? NonEmptyString(YamlNode node, string key, string expected)
    {
        var text = Scalar(node, key, expected);
        if (text is not null && text.Trim().Length == 0)
        {
            Error(node, key, $"must be {expected}, found an empty string");
            return null;
        }
        return text?.Trim();
    }

    /// <summary>A sequence of scalars; null when the node is not a sequence (an error is recorded).</summary>
    public List<(string Value, YamlNode Node)>? ScalarList(YamlNode node, string key, string expected)
    {
        if (node is not YamlSequenceNode sequence)
        {
            Error(node, key, $"must be a list of {expected}, found {Describe(node)}");
            return null;
        }
        var values = new List<(string, YamlNode)>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            if (NonEmptyString(item, $"{key}[{i}]", expected) is { } text)
            {
                values.Add((text, item));
            }
        }
        return values;
    }

    public YamlSequenceNode? Sequence(YamlNode node, string key, string expected)
    {
        if (node is YamlSequenceNode sequence)
        {
            return sequence;
        }
        Error(node, key, $"must be a list of {expected}, found {Describe(node)}");
        return null;
    }

    public long? ByteSize(YamlNode node, string key)
    {
        const string expected = "a size in bytes (a number, or with a unit: 500KB, 100MB, 2GiB), or null for no limit";
        if (node is YamlScalarNode scalar && IsNull(scalar))
        {
            return null;
        }
        var text = Scalar(node, key, expected);
        if (text is null)
        {
            return null;
        }
        if (TryParseByteSize(text, out var bytes))
        {
            return bytes;
        }
        Error(node, key, $"'{text}' is not {expected}");
        return null;
    }

    internal static bool TryParseByteSize(string text, out long bytes)
    {
        bytes = 0;
        var trimmed = text.Trim();
        var split = 0;
        while (split < trimmed.Length && (char.IsAsciiDigit(trimmed[split]) || trimmed[split] == '_'))
        {
            split++;
        }
        if (split == 0 || !long.TryParse(trimmed[..split].Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }
        long multiplier = trimmed[split..].Trim().ToUpperInvariant() switch
        {
            "" or "B" => 1,
            "KB" => 1000,
            "MB" => 1000 * 1000,
            "GB" => 1000L * 1000 * 1000,
            "TB" => 1000L * 1000 * 1000 * 1000,
            "KIB" => 1024,
            "MIB" => 1024 * 1024,
            "GIB" => 1024L * 1024 * 1024,
            "TIB" => 1024L * 1024 * 1024 * 1024,
            _ => -1,
        };
        if (multiplier < 0 || number > long.MaxValue / multiplier)
        {
            return false;
        }
        bytes = number * multiplier;
        return true;
    }

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    public static int LineOf(YamlNode? node) => node is null ? 1 : (int)node.Start.Line;

    public static int ColumnOf(YamlNode? node) => node is null ? 1 : (int)node.Start.Column;

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && (scalar.Value is null or "" or "~" or "null" or "Null" or "NULL");

    private static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode s when IsNull(s) => "nothing (null)",
        YamlScalarNode s => $"'{s.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "an unsupported node",
    };
}
