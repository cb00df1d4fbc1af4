using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;

namespace Governance.Aws.Protocol;

/// <summary>Maps the client configuration onto the endpoint rule parameters (what generated clients do).</summary>
internal sealed class AwsServiceEndpointResolver : BaseEndpointResolver
{
    protected override EndpointParameters MapEndpointsParameters(IRequestContext requestContext) =>
        BuildParameters(requestContext.ClientConfig, requestContext.Request.AlternateEndpoint?.SystemName);

    internal static EndpointParameters BuildParameters(IClientConfig config, string? alternateRegion)
    {
        var parameters = new EndpointParameters();
        parameters["Region"] = alternateRegion ?? config.RegionEndpoint?.SystemName;
        parameters["UseFIPS"] = config.UseFIPSEndpoint;
        parameters["UseDualStack"] = config.UseDualstackEndpoint;
        parameters["Endpoint"] = config.ServiceURL;
        return parameters;
    }
}
