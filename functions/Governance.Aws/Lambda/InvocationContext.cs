using Governance.Core.Ports;

namespace Governance.Aws.Lambda;

/// <summary>
/// What Lambda tells the function about one invocation (the Runtime API's <c>next</c> headers). The handler's
/// cancellation token fires shortly before <see cref="Deadline"/>; <see cref="RemainingTime"/> lets long work
/// (an asset download) decide to stop early and let the retry happen.
/// </summary>
public sealed class InvocationContext(
    string requestId,
    DateTimeOffset deadline,
    string functionArn,
    string? traceId,
    string? clientContext,
    string? cognitoIdentity,
    IClock clock)
{
    public string RequestId { get; } = requestId;

    /// <summary>When Lambda stops the invocation (from <c>Lambda-Runtime-Deadline-Ms</c>).</summary>
    public DateTimeOffset Deadline { get; } = deadline;

    public string FunctionArn { get; } = functionArn;

    /// <summary>The X-Ray trace header value; also exported as <c>_X_AMZN_TRACE_ID</c> for the invocation.</summary>
    public string? TraceId { get; } = traceId;

    public string? ClientContext { get; } = clientContext;

    public string? CognitoIdentity { get; } = cognitoIdentity;

    public TimeSpan RemainingTime
    {
        get
        {
            var remaining = Deadline - clock.UtcNow;
            return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
        }
    }
}
