namespace Governance.Aws.Queues;

/// <summary>
/// How long a message whose processing failed retryably stays invisible before its next attempt: doubling from
/// <see cref="First"/> with each delivery (<c>ApproximateReceiveCount</c>), never above <see cref="Cap"/>. Without it
/// a failed record waits the queue's whole visibility timeout (sized for the longest review, 5,400 s), so five
/// attempts took 7.5 hours and one retry looked like a stuck queue.
/// </summary>
public sealed class RetryBackoffSchedule
{
    /// <summary>SQS refuses a visibility timeout above 12 hours (ChangeMessageVisibility's range is 0–43,200 s).</summary>
    public static readonly TimeSpan MaximumVisibility = TimeSpan.FromHours(12);

    // Declared after MaximumVisibility on purpose: static initialisers run in declaration order.
    /// <summary>30 s, 60 s, 120 s, 240 s, 480 s for deliveries 1–5; capped at 15 minutes beyond.</summary>
    public static RetryBackoffSchedule Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(15));

    public RetryBackoffSchedule(TimeSpan first, TimeSpan cap)
    {
        if (first < TimeSpan.FromSeconds(1) || first.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(first), first, "the first delay must be a whole number of seconds, at least 1 (SQS counts visibility in seconds)");
        }

        if (cap < first || cap > MaximumVisibility)
        {
            throw new ArgumentOutOfRangeException(nameof(cap), cap, "the cap must be at least the first delay and at most 12 hours (SQS's maximum visibility timeout)");
        }

        First = first;
        Cap = cap;
    }

    public TimeSpan First { get; }

    public TimeSpan Cap { get; }

    /// <param name="receiveCount">
    /// The delivery that just failed, from the record's <c>ApproximateReceiveCount</c> (1 for the first). A missing or
    /// non-positive count is treated as the first delivery: the shortest wait, never a longer one than asked for.
    /// </param>
    public TimeSpan DelayAfter(int? receiveCount)
    {
        var attempt = receiveCount is > 0 ? receiveCount.Value : 1;
        // Doubling past the cap is pointless; stop shifting before it can overflow.
        var doublings = Math.Min(attempt - 1, 30);
        var seconds = (long)First.TotalSeconds << doublings;
        return seconds >= Cap.TotalSeconds ? Cap : TimeSpan.FromSeconds(seconds);
    }

    /// <summary>What a message that fails every one of <paramref name="maxReceiveCount"/> deliveries spends waiting.</summary>
    public TimeSpan TotalFor(int maxReceiveCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxReceiveCount, 1);
        var total = TimeSpan.Zero;
        for (var attempt = 1; attempt <= maxReceiveCount; attempt++)
        {
            total += DelayAfter(attempt);
        }

        return total;
    }
}
