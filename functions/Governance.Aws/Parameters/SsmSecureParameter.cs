using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace Governance.Aws.Parameters;

/// <summary>
/// One SSM parameter (a SecureString such as the Slack webhook URL), read decrypted on first use and cached for the
/// life of the sandbox: one GetParameter per cold start, not per invocation. Concurrent first readers share one call;
/// a failed read is not cached, so the next invocation tries again. The value is never logged.
/// </summary>
public sealed class SsmSecureParameter(IAmazonSimpleSystemsManagement ssm, string name) : IDisposable
{
    /// <summary>The operations this adapter calls, with their IAM actions.</summary>
    public static IReadOnlyList<AwsOperation> Operations { get; } =
    [
        new("GetParameter", ["ssm:GetParameter"],
            "WithDecryption=true: a SecureString under a customer managed key also needs kms:Decrypt on that key (the AWS managed alias/aws/ssm key needs nothing extra)."),
    ];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _value;

    public string Name { get; } = string.IsNullOrEmpty(name)
        ? throw new ArgumentException("The SSM parameter name is required (e.g. /governance/slack-webhook-url).", nameof(name))
        : name;

    public void Dispose() => _gate.Dispose();

    /// <summary>The decrypted value, read once and then served from memory.</summary>
    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        if (_value is { } cached)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_value is null)
            {
                GetParameterResponse response;
                try
                {
                    response = await ssm.GetParameterAsync(new GetParameterRequest { Name = Name, WithDecryption = true }, cancellationToken);
                }
                catch (ParameterNotFoundException e)
                {
                    throw new InvalidOperationException($"SSM parameter {Name} does not exist: create it (aws ssm put-parameter --type SecureString --name {Name} ...).", e);
                }

                _value = response.Parameter?.Value ?? throw new InvalidOperationException($"SSM parameter {Name} has no value.");
            }

            return _value;
        }
        finally
        {
            _gate.Release();
        }
    }
}
