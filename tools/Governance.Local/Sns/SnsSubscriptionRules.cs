namespace Governance.Local.Sns;

/// <summary>What Subscribe and SetSubscriptionAttributes accept: supported protocols, endpoints and attributes.</summary>
internal static class SnsSubscriptionRules
{
    public static void Protocol(string protocol)
    {
        if (!SnsProtocols.Supported.Contains(protocol, StringComparer.Ordinal))
        {
            throw SnsException.InvalidParameter(
                $"Invalid parameter: Protocol ({protocol} is not supported by the local SNS; use one of {string.Join(", ", SnsProtocols.Supported)})");
        }
    }

    public static void Endpoint(string protocol, string endpoint)
    {
        var valid = protocol switch
        {
            SnsProtocols.Email or SnsProtocols.EmailJson => endpoint.Contains('@', StringComparison.Ordinal) && !endpoint.Any(char.IsWhiteSpace),
            SnsProtocols.Http => endpoint.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && Uri.IsWellFormedUriString(endpoint, UriKind.Absolute),
            SnsProtocols.Https => endpoint.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && Uri.IsWellFormedUriString(endpoint, UriKind.Absolute),
            SnsProtocols.Lambda => endpoint.Length > 0,
            _ => false,
        };
        if (!valid)
        {
            throw SnsException.InvalidParameter(
                protocol.StartsWith(SnsProtocols.Email, StringComparison.Ordinal) ? "Invalid parameter: Email address" : $"Invalid parameter: Endpoint must match the specified protocol ({protocol})");
        }
    }

    /// <param name="all">The subscription's attributes including this one: a filter policy is only valid with its scope.</param>
    public static void Attribute(string name, string value, IReadOnlyDictionary<string, string> all)
    {
        if (!SnsAttributeNames.SettableOnSubscription.Contains(name, StringComparer.Ordinal))
        {
            throw SnsException.InvalidParameter(
                $"Invalid parameter: AttributeName (unknown subscription attribute {name}; supported: {string.Join(", ", SnsAttributeNames.SettableOnSubscription)})");
        }

        switch (name)
        {
            case SnsAttributeNames.RawMessageDelivery when value is not ("true" or "false" or "True" or "False"):
                throw SnsException.InvalidParameter("Invalid parameter: Attributes Reason: RawMessageDelivery: Invalid value [" + value + "]. Must be true or false.");
            case SnsAttributeNames.FilterPolicy:
                all.TryGetValue(SnsAttributeNames.FilterPolicyScope, out var scope);
                SnsFilterPolicy.Parse(value, scope);
                break;
            case SnsAttributeNames.FilterPolicyScope:
                SnsFilterPolicy.Parse(all.TryGetValue(SnsAttributeNames.FilterPolicy, out var policy) && policy.Length > 0 ? policy : "{}", value);
                break;
            default:
                break;
        }
    }
}
