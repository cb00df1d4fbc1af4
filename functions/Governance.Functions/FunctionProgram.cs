using Governance.Aws;
using Governance.Aws.Runtime;
using Governance.Core.Policy;
using Governance.Core.Ports;
using Governance.Core.Workflow;
using Governance.Functions.Notify;
using Governance.Functions.Observability;
using Governance.Functions.Review;

namespace Governance.Functions;

/// <summary>
/// Composition root: reads the function's configuration from the environment (the SAM template sets it; the local
/// stack sets the same variables), builds the adapters and runs the Runtime API loop with the chosen handler.
/// </summary>
public static class FunctionProgram
{
    public const string FunctionVariable = "GOVERNANCE_FUNCTION";

    public static async Task<int> RunAsync(Func<string, string?> environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var log = StructuredLog.Console;
        var name = environment(FunctionVariable) ?? "review";
        var functionName = environment("AWS_LAMBDA_FUNCTION_NAME") ?? name;
        Func<string, CancellationToken, Task<string>> handler;
        try
        {
            handler = name switch
            {
                "review" => CreateReview(environment, log, functionName).HandleAsync,
                "notify" => CreateNotify(environment, log).HandleAsync,
                _ => throw new FunctionConfigurationException(
                    $"{FunctionVariable}='{name}' is not a function of this program: set it to 'review' or 'notify'"),
            };
        }
        catch (Exception ex) when (ex is FunctionConfigurationException or PolicyLoadException)
        {
            log.Error("function configuration is invalid", ("error", ex.Message));
            await LambdaRuntimeLoop.ReportInitErrorAsync(ex, cancellationToken).ConfigureAwait(false);
            return 1;
        }

        await LambdaRuntimeLoop.RunAsync(
            async (input, context, ct) =>
            {
                log.RequestId = context.RequestId;
                return await handler(input, ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        return 0;
    }

    private static ReviewFunction CreateReview(Func<string, string?> environment, StructuredLog log, string functionName)
    {
        var policy = FunctionPolicy.Load(environment);
        var topicArn = Required(environment, "GOVERNANCE_TOPIC_ARN", "the ARN of the SNS topic verdicts are published to");
        var ledger = LedgerFactory.FromEnvironment(environment);
        var reviewer = new VersionReviewer(
            new CodeArtifactPackageSource(AwsClientFactory.CreateCodeArtifact()),
            ledger,
            new SnsNotificationPublisher(AwsClientFactory.CreateSns(), topicArn),
            policy,
            SystemClock.Instance,
            new ReviewerOptions { Lease = LeaseFrom(environment) });
        return new ReviewFunction(reviewer, log, new EmbeddedMetrics(Console.Out, functionName));
    }

    private static NotifyFunction CreateNotify(Func<string, string?> environment, StructuredLog log)
    {
        var parameterName = Required(environment, "GOVERNANCE_SLACK_WEBHOOK_PARAMETER",
            "the name of the SSM SecureString parameter that holds the Slack incoming-webhook URL");
        var parameters = new SecureParameterReader(AwsClientFactory.CreateSsm());
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return new NotifyFunction(
            async ct => new Uri(await parameters.GetAsync(parameterName, ct).ConfigureAwait(false)),
            new SlackWebhookPoster(http),
            log);
    }

    private static TimeSpan LeaseFrom(Func<string, string?> environment) =>
        int.TryParse(environment("GOVERNANCE_LEASE_SECONDS"), out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromMinutes(15);

    internal static string Required(Func<string, string?> environment, string variable, string what) =>
        environment(variable) is { Length: > 0 } value
            ? value
            : throw new FunctionConfigurationException($"environment variable {variable} is not set: it must hold {what}");
}

/// <summary>The function's environment is incomplete or wrong; the message names the variable and what it needs.</summary>
public sealed class FunctionConfigurationException : Exception
{
    public FunctionConfigurationException() { }
    public FunctionConfigurationException(string message) : base(message) { }
    public FunctionConfigurationException(string message, Exception inner) : base(message, inner) { }
}
