using System.Globalization;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal.Endpoints.StandardLibrary;

namespace Governance.Aws.Protocol;

/// <summary>
/// Endpoint rules for services whose rule set is the plain AWS pattern: a configured endpoint wins (explicit
/// ServiceURL or <c>AWS_ENDPOINT_URL[_SERVICE]</c>, resolved by the SDK into <c>Endpoint</c>); otherwise
/// <c>https://{prefix}[-fips].{region}.{dnsSuffix}</c> with the partition's (dual-stack) suffix.
/// </summary>
public sealed class AwsServiceEndpointProvider(AwsServiceDescription service) : IEndpointProvider
{
    public Endpoint ResolveEndpoint(EndpointParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters["Endpoint"] is string configured && configured.Length > 0)
        {
            return new Endpoint(configured);
        }

        if (parameters["Region"] is not string region || region.Length == 0)
        {
            throw new ArgumentException(
                $"No region for {service.ServiceId}: set AWS_REGION (or the client's RegionEndpoint).", nameof(parameters));
        }

        var fips = parameters["UseFIPS"] is true;
        var dualStack = parameters["UseDualStack"] is true;
        var partition = Fn.Partition(region);
        var suffix = partition is null ? "amazonaws.com" : dualStack ? partition.dualStackDnsSuffix : partition.dnsSuffix;
        var host = string.Create(CultureInfo.InvariantCulture, $"{service.EndpointPrefix}{(fips ? "-fips" : string.Empty)}.{region}.{suffix}");
        return new Endpoint("https://" + host);
    }
}
