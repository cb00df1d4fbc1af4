using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;

namespace Governance.Aws.Protocol;

/// <summary>
/// Client configuration for a hand-written service client. Everything configurable (region, <c>ServiceURL</c>,
/// timeouts, retry mode, <c>AWS_ENDPOINT_URL[_SERVICE]</c>) is the SDK's own <see cref="ClientConfig"/> behaviour;
/// this class only names the service.
/// </summary>
public class AwsServiceConfig : ClientConfig
{
    public AwsServiceConfig(AwsServiceDescription service)
        : base(new DefaultConfigurationProvider(StandardModeConfigurations.All))
    {
        ArgumentNullException.ThrowIfNull(service);
        Service = service;
        ServiceId = service.ServiceId;
        AuthenticationServiceName = service.SigningName;
        EndpointProvider = new AwsServiceEndpointProvider(service);
    }

    public AwsServiceDescription Service { get; }

    public override string RegionEndpointServiceName => Service.EndpointPrefix;

    public override string ServiceVersion => Service.ApiVersion;

    public override string UserAgent => $"governance-aws/1.0 api/{Service.ServiceId}";

    public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var endpointParameters = AwsServiceEndpointResolver.BuildParameters(this, parameters.AlternateEndpoint?.SystemName);
        return EndpointProvider.ResolveEndpoint(endpointParameters);
    }
}

/// <summary>
/// The SDK's defaults modes, each with the <c>standard</c> retry mode (3 attempts, throttling and 5xx retried,
/// clock skew corrected). <c>AWS_RETRY_MODE</c> / the profile still override it, as in every SDK.
/// </summary>
internal static class StandardModeConfigurations
{
    public static IEnumerable<IDefaultConfiguration> All { get; } =
    [
        Mode(DefaultConfigurationMode.Standard),
        Mode(DefaultConfigurationMode.InRegion),
        Mode(DefaultConfigurationMode.CrossRegion),
        Mode(DefaultConfigurationMode.Mobile),
        Mode(DefaultConfigurationMode.Auto),
    ];

    private static DefaultConfiguration Mode(DefaultConfigurationMode mode) => new()
    {
        Name = mode,
        RetryMode = RequestRetryMode.Standard,
        S3UsEast1RegionalEndpoint = S3UsEast1RegionalEndpointValue.Regional,
        // No request-level timeout: asset downloads are long streams, bounded by the caller's token and deadline.
        ConnectTimeout = mode == DefaultConfigurationMode.Mobile ? TimeSpan.FromSeconds(30) : TimeSpan.FromMilliseconds(3100),
        TlsNegotiationTimeout = mode == DefaultConfigurationMode.Mobile ? TimeSpan.FromSeconds(30) : TimeSpan.FromMilliseconds(3100),
    };
}
