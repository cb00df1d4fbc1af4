using Governance.Core.Ports;

namespace Governance.Core.Tests.Workflow.Fakes;

/// <summary>A clock the test moves by hand (forward to end a cooldown or a waiver, back to play a clock jump).</summary>
public sealed class ManualClock(DateTimeOffset start) : IClock
{
    public DateTimeOffset UtcNow { get; set; } = start;

    public void Advance(TimeSpan by) => UtcNow += by;
}
