using System.Text;
using Amazon.DynamoDBv2;
using Amazon.SimpleSystemsManagement;
using Amazon.SQS;
using Governance.Aws.CodeArtifact;
using Governance.Aws.Lambda;
using Governance.Aws.Ledger;
using Governance.Aws.Parameters;
using Governance.Aws.Queues;
using Governance.Aws.Sns;
using Governance.Core.Policy;
using Governance.Core.Ports;
using Governance.Core.Workflow;
using Governance.Functions.Notify;
using Governance.Functions.Observability;
using Governance.Functions.Reevaluate;
using Governance.Functions.Review;

namespace Governance.Functions;

/// <summary>
/// Composition root: reads the function's configuration from the environment (the SAM template sets it; the local
/// stack sets the same variables), builds the adapters once per sandbox (Lambda's init phase) and runs the Runtime
/// API loop with the chosen handler. Clients take region, credentials and endpoint overrides from the environment
/// as every AWS SDK does (AWS_REGION, AWS_ENDPOINT_URL[_SERVICE], the credentials chain).
/// </summary>
public static class FunctionProgram
{
    public const string FunctionVariable = "GOVERNANCE_FUNCTION";

    public static Task<int> RunAsync(Func<string, string?> environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var log = StructuredLog.Console;
        return LambdaRuntimeLoop.RunAsync(_ => Task.FromResult(CreateHandler(environment, log)), cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Builds the handler named by GOVERNANCE_FUNCTION. A configuration error thrown here becomes Lambda's init error,
    /// with a message that names the variable and what it must hold.
    /// </summary>
    public static LambdaHandler CreateHandler(Func<string, string?> environment, StructuredLog log)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(log);
        var name = environment(FunctionVariable) ?? "review";
        var functionName = environment("AWS_LAMBDA_FUNCTION_NAME") ?? name;
        Func<string, CancellationToken, Task<string>> handler = name switch
        {
            "review" => CreateReview(environment, log, functionName).HandleAsync,
            "notify" => CreateNotify(environment, log).HandleAsync,
            "reevaluate" => CreateReevaluate(environment, log, functionName).HandleAsync,
            _ => throw new FunctionConfigurationException(
                $"{FunctionVariable}='{name}' is not a function of this program: set it to 'review', 'notify' or 'reevaluate'"),
        };
        return async (input, context, ct) =>
        {
            log.RequestId = context.RequestId;
            using var reader = new StreamReader(input, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
            var response = await handler(body, ct).ConfigureAwait(false);
            return new MemoryStream(Encoding.UTF8.GetBytes(response));
        };
    }

    private static ReviewFunction CreateReview(Func<string, string?> environment, StructuredLog log, string functionName)
    {
        var reviewer = ReviewerFactory.FromEnvironment(environment, functionName).Reviewer;
        // One SQS client for both queue calls, built on first use (a direct invoke never needs it); its endpoint and
        // region come from the environment like every client's.
        var sqs = new Lazy<IAmazonSQS>(() => new AmazonSQSClient());
        MalformedEventSink? deadLetter = null;
        if (environment("GOVERNANCE_DEAD_LETTER_QUEUE_URL") is { Length: > 0 } queueUrl)
        {
            deadLetter = (body, reason, messageId, ct) => new SqsDeadLetterForwarder(sqs.Value, queueUrl).ForwardAsync(body, reason, messageId, ct);
        }

        // A record that failed retryably comes back after 30 s, 60 s, 120 s … instead of the queue's visibility
        // timeout; the queue is the one the record names (its eventSourceARN), so no setting can point elsewhere.
        RetryDelay retryDelay = (queueArn, receiptHandle, receiveCount, ct) =>
            new SqsRetryBackoff(sqs.Value, RetryBackoffSchedule.Default, environment).DelayRetryAsync(queueArn, receiptHandle, receiveCount, ct);
        return new ReviewFunction(reviewer, log, new EmbeddedMetrics(Console.Out, functionName), deadLetter, retryDelay);
    }

    private static ReevaluateFunction CreateReevaluate(Func<string, string?> environment, StructuredLog log, string functionName)
    {
        var (reviewer, ledger, clock, policy) = ReviewerFactory.FromEnvironment(environment, functionName);
        var sweep = new ReevaluationSweep(ledger, reviewer, policy, clock, new SweepOptions());
        return new ReevaluateFunction(sweep, log, new EmbeddedMetrics(Console.Out, functionName));
    }

    private static NotifyFunction CreateNotify(Func<string, string?> environment, StructuredLog log)
    {
        // Both jobs are optional, but not both absent: receipts need the ledger, Slack needs the webhook parameter.
        var receipts = LedgerFactory.TryFromEnvironment(environment);
        var parameterName = environment("GOVERNANCE_SLACK_WEBHOOK_PARAMETER");
        if (receipts is null && string.IsNullOrEmpty(parameterName))
        {
            throw new FunctionConfigurationException(
                "the notify function has nothing to do: set GOVERNANCE_LEDGER_TABLE (or GOVERNANCE_LEDGER_DIR) to record delivery receipts, " +
                "and/or GOVERNANCE_SLACK_WEBHOOK_PARAMETER to the SSM SecureString parameter that holds the Slack incoming-webhook URL");
        }

        if (string.IsNullOrEmpty(parameterName))
        {
            return new NotifyFunction(null, null, receipts, SystemClock.Instance, log);
        }

        var parameter = new SsmSecureParameter(new AmazonSimpleSystemsManagementClient(), parameterName);
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return new NotifyFunction(
            async ct => new Uri(await parameter.GetAsync(ct).ConfigureAwait(false)),
            new SlackWebhookPoster(http),
            receipts,
            SystemClock.Instance,
            log);
    }

    /// <summary>GOVERNANCE_RECEIPT_WAIT_SECONDS: 0 (the default) when no subscriber records receipts.</summary>
    internal static TimeSpan ReceiptWaitFrom(Func<string, string?> environment)
    {
        var text = environment("GOVERNANCE_RECEIPT_WAIT_SECONDS");
        if (string.IsNullOrEmpty(text))
        {
            return TimeSpan.Zero;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds <= 600
            ? TimeSpan.FromSeconds(seconds)
            : throw new FunctionConfigurationException(
                $"GOVERNANCE_RECEIPT_WAIT_SECONDS='{text}' is not a whole number of seconds from 0 to 600: set it to how long a retried review waits for the notify function's delivery receipt (0 turns receipts off)");
    }

    internal static TimeSpan LeaseFrom(Func<string, string?> environment) =>
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
