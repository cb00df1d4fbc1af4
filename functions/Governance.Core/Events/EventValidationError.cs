namespace Governance.Core.Events;

/// <summary>
/// Why an event was rejected: the JSON path of the offending field (<c>$.detail.packageName</c>) and what is wrong
/// with it. A rejected event is a permanent failure: it goes to the dead-letter queue, never back into a retry loop.
/// </summary>
public sealed record EventValidationError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>A parsed event or the reason it was rejected; exactly one of the two is set.</summary>
public sealed record EventParseResult(PackageVersionStateChange? Event, EventValidationError? Error)
{
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Event))]
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Error))]
    public bool Success => Event is not null;
}
