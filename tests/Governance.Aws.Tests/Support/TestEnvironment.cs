using System.Runtime.CompilerServices;
using Amazon;
using Amazon.Runtime;
using Governance.TestSupport;

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
        foreach (var (name, value) in AwsClientEnvironment.For(region: Region, accessKey: AccessKey, secretKey: SecretKey))
        {
            // The clients under test run in this process and keep the retries their own configuration gives them
            // (the SNS tests expect a transient failure retried); only a child client is held to one attempt.
            if (name != "AWS_MAX_ATTEMPTS")
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
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
