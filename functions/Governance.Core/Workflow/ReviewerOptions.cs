namespace Governance.Core.Workflow;

/// <summary>Tuning of one reviewer; the defaults suit Lambda.</summary>
public sealed record ReviewerOptions
{
    /// <summary>
    /// Who holds this reviewer's ledger claims. The ledger lets a holder re-enter its own unexpired claim (a record
    /// retried in the same sandbox need not wait out its own lease), so the name must be unique per sandbox: two
    /// sandboxes that shared it would both review the same duplicate delivery. No default: the composition root
    /// decides it (FunctionProgram, from the function name, the log stream and a GUID drawn at init).
    /// </summary>
    public required string Holder { get; init; }

    /// <summary>
    /// How long a claim stays exclusive. A crashed holder's claim is taken over after this, so it must exceed the
    /// longest review (the function timeout) and stay short enough that a redelivery converges soon after a crash.
    /// </summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Downloads per asset before a broken stream becomes a retryable failure of the whole review.</summary>
    public int AssetAttempts { get; init; } = 3;

    /// <summary>Re-reviews after the version changed under us (MISMATCHED_REVISION / MISMATCHED_STATUS).</summary>
    public int RaceAttempts { get; init; } = 3;

    /// <summary>
    /// How long a retry that finds a notification published but not marked as sent waits for the subscriber's
    /// delivery receipt before it publishes again. A receipt proves the first publish happened, so the retry sends
    /// nothing: duplicates then need both a crash between publish and mark and a delivery slower than this wait.
    /// Zero turns receipts off (no subscriber records them): such a retry publishes again at once (at-least-once).
    /// </summary>
    public TimeSpan ReceiptWait { get; init; } = TimeSpan.Zero;

    /// <summary>How often the ledger is read while waiting for a receipt.</summary>
    public TimeSpan ReceiptPollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>A crash point for reliability tests: called with a step name; throwing there simulates a crash.</summary>
    public Action<string>? CrashPoint { get; init; }
}
