namespace Governance.Core.Workflow;

/// <summary>
/// The steps of a review where a reliability test can crash it (<see cref="ReviewerOptions.CrashPoint"/>); the
/// function's test hook (GOVERNANCE_CRASH_AT) names the same constants.
/// </summary>
public static class CrashPoints
{
    /// <summary>The verdict is recorded (Decided); the status is not set yet.</summary>
    public const string AfterDecision = "after-decision";

    /// <summary>The status is set; the ledger does not say so yet.</summary>
    public const string AfterStatusUpdate = "after-status-update";

    /// <summary>The ledger says Acted; nothing is published yet.</summary>
    public const string BeforeNotify = "before-notify";

    /// <summary>The notification is published; the ledger does not say Notified yet.</summary>
    public const string AfterPublish = "after-publish";

    public static IReadOnlyList<string> All { get; } = [AfterDecision, AfterStatusUpdate, BeforeNotify, AfterPublish];
}
