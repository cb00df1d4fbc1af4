namespace Governance.TestSupport;

/// <summary>
/// The environment for an AWS client (aws CLI, boto3, our own clients in a child process) that talks to a local
/// endpoint: explicit test credentials, no profiles or config files, no instance metadata, no retries, no pager.
/// </summary>
public static class AwsClientEnvironment
{
    public const string DefaultRegion = "us-east-1";

    public static Dictionary<string, string> For(string? endpoint = null, string region = DefaultRegion, string accessKey = "test", string secretKey = "test")
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AWS_ACCESS_KEY_ID"] = accessKey,
            ["AWS_SECRET_ACCESS_KEY"] = secretKey,
            ["AWS_REGION"] = region,
            ["AWS_DEFAULT_REGION"] = region,
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AWS_CONFIG_FILE"] = "/dev/null",
            ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
            ["AWS_MAX_ATTEMPTS"] = "1",
            ["AWS_RETRY_MODE"] = "standard",
            ["AWS_PAGER"] = string.Empty,
            ["PYTHONIOENCODING"] = "utf-8",
        };
        if (endpoint is not null)
        {
            environment["AWS_ENDPOINT_URL"] = endpoint;
        }

        return environment;
    }
}
