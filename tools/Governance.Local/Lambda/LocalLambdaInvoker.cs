using System.Collections.Concurrent;
using Governance.Local.Sns;

namespace Governance.Local.Lambda;

/// <summary>
/// Connects SNS <c>lambda</c> subscriptions to local functions by name: the subscription endpoint (a function ARN,
/// possibly with a version qualifier, or a bare name) resolves to the registered <see cref="EventDelivery"/>, which
/// retries and dead-letters as Lambda does for asynchronous invokes. The call completes once the event was delivered
/// or dead-lettered, so <see cref="SnsEndpoint.WhenIdleAsync"/> also waits for the functions.
/// </summary>
public sealed class LocalLambdaInvoker : ILambdaInvoker
{
    private readonly ConcurrentDictionary<string, Func<string, CancellationToken, Task>> _functions = new(StringComparer.Ordinal);

    public void Register(EventDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        _functions[delivery.FunctionName] = delivery.DeliverAsync;
    }

    public void Register(string functionName, Func<string, CancellationToken, Task> handler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(functionName);
        ArgumentNullException.ThrowIfNull(handler);
        _functions[functionName] = handler;
    }

    public Task InvokeAsync(string functionArnOrName, string payload, CancellationToken cancellationToken)
    {
        var name = FunctionNameOf(functionArnOrName);
        return _functions.TryGetValue(name, out var handler)
            ? handler(payload, cancellationToken)
            : throw new InvalidOperationException(
                $"No local function named '{name}' (from subscription endpoint '{functionArnOrName}'); register it with LocalLambdaInvoker.Register.");
    }

    /// <summary><c>arn:aws:lambda:region:account:function:NAME[:qualifier]</c> → NAME; a bare name stays as is.</summary>
    public static string FunctionNameOf(string functionArnOrName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(functionArnOrName);
        var parts = functionArnOrName.Split(':');
        return parts.Length >= 7 && parts[0] == "arn" && parts[5] == "function" ? parts[6] : functionArnOrName;
    }
}
