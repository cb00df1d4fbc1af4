using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;

namespace Governance.Aws.Protocol;

/// <summary>
/// Base of our hand-written clients: the SDK's <see cref="AmazonServiceClient"/> pipeline (credentials chain,
/// endpoint override, SigV4, standard retries, clock-skew correction, error handling) with our endpoint and
/// auth-scheme handlers in place of the generated ones.
/// </summary>
public abstract class AwsServiceClientBase : AmazonServiceClient
{
    /// <summary>Uses the SDK's default identity resolution (environment, web identity, profile, container, IMDS).</summary>
    protected AwsServiceClientBase(AwsServiceConfig config)
        : base(config)
    {
    }

    /// <summary>Uses the given credentials.</summary>
    protected AwsServiceClientBase(AWSCredentials credentials, AwsServiceConfig config)
        : base(credentials, config)
    {
    }

    protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        pipeline.RemoveHandler<EndpointResolver>();
        pipeline.AddHandlerAfter<Marshaller>(new AwsServiceEndpointResolver());
        pipeline.AddHandlerAfter<Marshaller>(new SigV4AuthResolver());
    }

    /// <summary>Runs one operation through the pipeline.</summary>
    protected Task<TResponse> SendAsync<TResponse>(
        AmazonWebServiceRequest request,
        IMarshaller<IRequest, AmazonWebServiceRequest> marshaller,
        ResponseUnmarshaller unmarshaller,
        CancellationToken cancellationToken)
        where TResponse : AmazonWebServiceResponse, new()
    {
        var options = new InvokeOptions { RequestMarshaller = marshaller, ResponseUnmarshaller = unmarshaller };
        return InvokeAsync<TResponse>(request, options, cancellationToken);
    }
}
