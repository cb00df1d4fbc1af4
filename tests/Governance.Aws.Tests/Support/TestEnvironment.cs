using System.Runtime.CompilerServices;
using Amazon;
using Amazon.Runtime;

namespace Governance.Aws.Tests.Support;

/// <summary>
/// Process-wide test hygiene, applied before any test runs: a region, explicit credentials, and no instance metadata
/// lookups, so nothing can fall through to 169.254.169.254 or any non-loopback address.
/// </summary>
public static class TestEnvironment
{
    public const string Region = "eu-north-1";
    public const string AccessKey = "AKIDEXAMPLETEST";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    [ModuleInitializer]
    public static void Initialize()
    {
        Environment.SetEnvironmentVariable("AWS_REGION", Region);
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", SecretKey);
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", "/nonexistent/aws-config");
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials");
    }

    public static BasicAWSCredentials Credentials { get; } = new(AccessKey, SecretKey);

    public static RegionEndpoint RegionEndpoint => RegionEndpoint.GetBySystemName(Region);

    /// <summary>Points a client config at a loopback server, signing for the test region.</summary>
    public static T AtLoopback<T>(this T config, Uri endpoint)
        where T : ClientConfig
    {
        config.ServiceURL = endpoint.ToString();
        config.AuthenticationRegion = Region;
        return config;
    }
}
