using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Governance.Local.Sns;

/// <summary>What Publish accepts as message attributes: names, data types and values, with SNS's error codes and texts.</summary>
internal static partial class SnsMessageAttributeRules
{
    /// <summary>Rejects the first entry sent without a data type, then keeps the last value of each name.</summary>
    public static Dictionary<string, SnsAttributeValue> Collect(IEnumerable<KeyValuePair<string, SnsAttributeValue>> entries)
    {
        var result = new Dictionary<string, SnsAttributeValue>(StringComparer.Ordinal);
        foreach (var (name, attribute) in entries)
        {
            if (string.IsNullOrEmpty(attribute.DataType))
            {
                throw SnsException.ParameterValueInvalid($"The message attribute '{name}' must contain non-empty message attribute type.");
            }

            result[name] = attribute;
        }

        return result;
    }

    public static void Validate(string name, SnsAttributeValue attribute)
    {
        if (!NamePattern().IsMatch(name) || name.StartsWith('.') || name.EndsWith('.') || name.Contains("..", StringComparison.Ordinal)
            || name.StartsWith("AWS.", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Amazon.", StringComparison.OrdinalIgnoreCase))
        {
            throw SnsException.ParameterValueInvalid(
                $"The message attribute name '{name}' is invalid: use letters, digits, '_', '-' and '.', without leading, trailing or double dots, and not starting with AWS. or Amazon.");
        }

        switch (attribute.BaseType)
        {
            case "String" or "Number" or "String.Array":
                if (string.IsNullOrEmpty(attribute.StringValue))
                {
                    throw SnsException.ParameterValueInvalid(
                        $"The message attribute '{name}' must contain non-empty message attribute value for message attribute type '{attribute.DataType}'.");
                }

                if (attribute.BaseType == "Number" && !double.TryParse(attribute.StringValue, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    throw SnsException.ParameterValueInvalid($"Could not cast message attribute '{name}' value to number.");
                }

                if (attribute.BaseType == "String.Array" && !IsJsonArray(attribute.StringValue))
                {
                    throw SnsException.ParameterValueInvalid(
                        $"The message attribute '{name}' with type 'String.Array' must be a JSON array, for example [\"a\",\"b\"].");
                }

                break;
            case "Binary":
                if (string.IsNullOrEmpty(attribute.BinaryValue))
                {
                    throw SnsException.ParameterValueInvalid(
                        $"The message attribute '{name}' must contain non-empty message attribute value for message attribute type 'Binary'.");
                }

                break;
            default:
                throw SnsException.ParameterValueInvalid(
                    $"The message attribute '{name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,256}$")]
    private static partial Regex NamePattern();

    private static bool IsJsonArray(string? text)
    {
        try
        {
            using var document = JsonDocument.Parse(text ?? string.Empty);
            return document.RootElement.ValueKind == JsonValueKind.Array;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
