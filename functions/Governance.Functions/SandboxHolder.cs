namespace Governance.Functions;

/// <summary>
/// The name this sandbox (one Lambda execution environment, one process locally) holds ledger claims under, decided
/// once at init. The ledger lets a holder re-enter its own claim, so two sandboxes must never share a name, or both
/// would review the same duplicate delivery (two notifications, racing status updates). The process id cannot tell
/// sandboxes apart (each boots the same program the same way, so it is very likely the same number in all of them),
/// nor can the log stream alone (the local host gives all its sandboxes one stream name); the GUID drawn at init can.
/// The function name and the log stream are for people: a retry's log line names the holder, and so the function and
/// the CloudWatch log stream to read for the review it is waiting on.
/// </summary>
internal static class SandboxHolder
{
    /// <returns><c>{function}@{log stream}#{sandbox}</c>, or <c>{function}#{sandbox}</c> without a log stream.</returns>
    public static string For(string functionName, string? logStreamName, Guid sandbox)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionName);
        return string.IsNullOrEmpty(logStreamName)
            ? $"{functionName}#{sandbox:N}"
            : $"{functionName}@{logStreamName}#{sandbox:N}";
    }
}
