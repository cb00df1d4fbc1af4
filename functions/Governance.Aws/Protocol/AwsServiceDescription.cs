namespace Governance.Aws.Protocol;

/// <summary>
/// The few facts that distinguish one AWS service for our hand-written clients: the ServiceId (which keys the
/// <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c> override), the SigV4 signing name, the endpoint host prefix and the API version.
/// </summary>
public sealed record AwsServiceDescription(string ServiceId, string SigningName, string EndpointPrefix, string ApiVersion)
{
    public static AwsServiceDescription CodeArtifact { get; } = new("codeartifact", "codeartifact", "codeartifact", "2018-09-22");

    public static AwsServiceDescription Sns { get; } = new("SNS", "sns", "sns", "2010-03-31");
}
