namespace Governance.Local.Lambda;

/// <summary>
/// The outcome of one invoke. On failure <see cref="ResponseBody"/> is the error document the function posted (or the
/// one the host made up for a timeout or crash), and <see cref="ErrorType"/> is, as in Lambda, the function's
/// <c>errorType</c>, <c>Sandbox.Timedout</c> for a timeout, or <c>Runtime.ExitError</c> for a crash.
/// </summary>
public sealed record InvocationResult(bool Success, string? ResponseBody, string? ErrorType, string? ErrorMessage, TimeSpan Duration)
{
    public string RequestId { get; init; } = string.Empty;
}

/// <summary>Anything that can run a function on a payload: the host itself, or a test double for a crash point.</summary>
public interface IFunctionInvoker
{
    string FunctionName { get; }

    Task<InvocationResult> InvokeAsync(string payload, CancellationToken cancellationToken);
}
