using Amazon.Runtime.Endpoints;
using Governance.Aws.CodeArtifact;
using Governance.Aws.Protocol;
using Governance.Aws.Sns;

namespace Governance.Aws.Tests.Protocol;

/// <summary>Endpoint rules: a configured endpoint wins, otherwise the partition's standard host.</summary>
public sealed class AwsServiceEndpointProviderTests
{
    private static EndpointParameters Parameters(string? region, bool fips = false, bool dualStack = false, string? endpoint = null)
    {
        var parameters = new EndpointParameters();
        parameters["Region"] = region;
        parameters["UseFIPS"] = fips;
        parameters["UseDualStack"] = dualStack;
        parameters["Endpoint"] = endpoint;
        return parameters;
    }

    [Theory]
    [InlineData("eu-north-1", false, false, "https://codeartifact.eu-north-1.amazonaws.com")]
    [InlineData("us-east-1", true, false, "https://codeartifact-fips.us-east-1.amazonaws.com")]
    [InlineData("cn-north-1", false, false, "https://codeartifact.cn-north-1.amazonaws.com.cn")]
    [InlineData("us-west-2", false, true, "https://codeartifact.us-west-2.api.aws")]
    public void Resolve_WhenNoEndpointConfigured_ShouldBuildThePartitionHost(string region, bool fips, bool dualStack, string expected)
    {
        var provider = new AwsServiceEndpointProvider(AwsServiceDescription.CodeArtifact);
        Assert.Equal(expected, provider.ResolveEndpoint(Parameters(region, fips, dualStack)).URL);
    }

    [Fact]
    public void Resolve_WhenEndpointConfigured_ShouldUseItVerbatim()
    {
        var provider = new AwsServiceEndpointProvider(AwsServiceDescription.Sns);
        Assert.Equal("http://127.0.0.1:4566", provider.ResolveEndpoint(Parameters("eu-north-1", endpoint: "http://127.0.0.1:4566")).URL);
    }

    [Fact]
    public void Resolve_WhenNoRegion_ShouldExplainHowToSetIt()
    {
        var provider = new AwsServiceEndpointProvider(AwsServiceDescription.Sns);
        var error = Assert.Throws<ArgumentException>(() => provider.ResolveEndpoint(Parameters(null)));
        Assert.Contains("AWS_REGION", error.Message);
    }

    [Fact]
    public void Config_WhenCreated_ShouldNameTheServiceForSigningAndEndpointOverrides()
    {
        var codeArtifact = new CodeArtifactConfig();
        Assert.Equal("codeartifact", codeArtifact.ServiceId);
        Assert.Equal("codeartifact", codeArtifact.AuthenticationServiceName);
        Assert.Equal("2018-09-22", codeArtifact.ServiceVersion);
        var sns = new SnsConfig();
        Assert.Equal("SNS", sns.ServiceId);
        Assert.Equal("sns", sns.AuthenticationServiceName);
        Assert.Equal(Amazon.Runtime.RequestRetryMode.Standard, sns.RetryMode);
    }
}
