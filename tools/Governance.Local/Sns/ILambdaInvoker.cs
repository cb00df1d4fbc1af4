namespace Governance.Local.Sns;

/// <summary>
/// How SNS hands an event to a subscribed Lambda function. SNS invokes Lambda asynchronously: the call completes
/// when the event is accepted, retries and dead-lettering belong to the invoker (the composition root connects this
/// to an <see cref="Lambda.EventDelivery"/> per function). A failed hand-off throws.
/// </summary>
public interface ILambdaInvoker
{
    /// <param name="functionArnOrName">The subscription endpoint: a function ARN (possibly qualified) or a bare name.</param>
    Task InvokeAsync(string functionArnOrName, string payload, CancellationToken cancellationToken);
}
